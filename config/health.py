"""Liveness check for load balancers and docker-compose: /healthz."""

from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app


def _database_ok() -> bool:
    connection = connections["default"]
    # A connection kept from an earlier request (CONN_MAX_AGE) may lead to a server that
    # has restarted since, which says nothing about the database now: try once more afresh.
    attempts = 2 if connection.connection is not None else 1
    for _attempt in range(attempts):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return cursor.fetchone() == (1,)
        except DatabaseError:
            with suppress(DatabaseError):
                connection.close()
    return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - any failure to reach the broker means "down"
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_ok()}
    if settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _broker_ok()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
