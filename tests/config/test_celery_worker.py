"""One task through a real Celery worker on the test Redis."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app, ping


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_on_a_real_worker(redis_url):
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = ping.delay("hej från arbetaren")
            assert result.get(timeout=20) == "hej från arbetaren"
            assert result.successful()
    finally:
        app.conf.update(saved)
