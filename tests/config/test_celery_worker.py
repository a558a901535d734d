"""One task through a real Celery worker on the test Redis."""

import pytest

from config.celery import ping


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_on_a_real_worker(celery_worker):
    result = ping.delay("hej från arbetaren")
    assert result.get(timeout=20) == "hej från arbetaren"
    assert result.successful()
