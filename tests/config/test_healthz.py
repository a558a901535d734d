import pytest
from django.db import connections


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_answers(public):
    response = public.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_the_database_is_down(public, require_postgres):
    # SQLite's in-memory test database cannot be taken away; PostgreSQL's can.
    connection = connections["default"]
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = public.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_it_checks_the_broker_when_one_is_configured(public, settings, redis_url):
    from config.celery import app

    saved = app.conf.broker_url
    settings.CELERY_BROKER_URL = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        app.conf.broker_url = redis_url
        assert public.get("/healthz").json()["broker"] == "ok"
        app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
        response = public.get("/healthz")
        assert response.status_code == 503
        assert response.json()["broker"] == "unavailable"
    finally:
        app.conf.broker_url = saved
