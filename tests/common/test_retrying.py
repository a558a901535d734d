"""The retrying task's delay: growing with each retry, jittered, capped, read from the settings."""

import pytest
from celery import shared_task

from common import retrying

RUNS = []


@shared_task(base=retrying.RetryingTask, name="tests.common.remember")
def remember(value: str) -> None:
    RUNS.append(value)


@pytest.mark.django_db
def test_it_queues_a_task_only_once_the_transaction_commits(django_capture_on_commit_callbacks):
    RUNS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        remember.delay_on_commit("after the commit")
        assert RUNS == []

    assert RUNS == ["after the commit"]


def test_it_waits_longer_after_each_retry_up_to_the_cap_and_at_random(settings):
    settings.TASK_RETRY_BACKOFF = 60
    settings.TASK_RETRY_BACKOFF_MAX = 600

    delays = {retries: [retrying.retry_delay(retries) for _ in range(300)] for retries in range(8)}

    for retries, seen in delays.items():
        ceiling = min(600, 60 * 2**retries)
        assert all(0 <= delay <= ceiling for delay in seen)
        # Full jitter: spread over the whole range, not one fixed delay.
        assert min(seen) < ceiling * 0.2 and max(seen) > ceiling * 0.8
    assert max(delays[7]) <= 600 < 60 * 2**7


def test_it_reads_the_backoff_from_the_settings_at_each_retry(settings):
    settings.TASK_RETRY_BACKOFF = 0.01
    settings.TASK_RETRY_BACKOFF_MAX = 0.05

    assert all(retrying.retry_delay(retries) <= 0.05 for retries in range(12))
