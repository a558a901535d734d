"""The base of every task that sends email or renders a report: acknowledged late and retried,
with a growing delay, on a failure a later attempt may get past.

It is Celery's `DjangoTask`, so `task.delay_on_commit(...)` queues it once the current
transaction has committed.
"""

import random
import smtplib

from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import InterfaceError, OperationalError

from common import scoping
from common.outbox import TemporaryFailure

# What a later attempt may get past: a mail server that refused or could not be reached
# (smtplib's errors and ConnectionError are OSErrors too), a database connection that was
# lost or a deadlock PostgreSQL broke, a file system that failed to store a file.
TEMPORARY_FAILURES = (
    TemporaryFailure,
    smtplib.SMTPException,
    OSError,
    OperationalError,
    InterfaceError,
)


def retry_delay(retries: int) -> float:
    """Seconds to wait before retrying a task that has been retried `retries` times.

    Exponential backoff with full jitter: a random time up to TASK_RETRY_BACKOFF (60 s)
    doubled per earlier retry, never more than TASK_RETRY_BACKOFF_MAX (10 min). The jitter
    spreads the retries of many tasks that failed at once (a mail server that went down).
    The cap stays well under the broker's visibility timeout (1 h): Redis hands a task
    still waiting for its retry time after that to another worker as well.
    """
    base = getattr(settings, "TASK_RETRY_BACKOFF", 60)
    cap = getattr(settings, "TASK_RETRY_BACKOFF_MAX", 10 * 60)
    return random.uniform(0, min(cap, base * 2**retries))


class OutsideRequestTask(DjangoTask):
    """Every task's base (config/celery.py): a task runs as outside any request, also when
    it runs eagerly inside the request that queued it, so it never inherits that request's
    agreement guard (common/scoping.py); a job over all agreements walks them itself."""

    def __call__(self, *args, **kwargs):
        with scoping.outside_request():
            return super().__call__(*args, **kwargs)


class RetryingTask(OutsideRequestTask):
    """The base of every task that sends email or renders a report.

    Acknowledged late, so a worker that dies in the middle leaves the task to another.
    Retried on `TEMPORARY_FAILURES` by Celery's autoretry, after `retry_delay`, at most
    `max_retries` times (about 45 minutes in all, on average); any other error fails the
    task at once. The work itself must be safe to repeat: emails are claimed in the outbox.
    """

    acks_late = True
    autoretry_for = TEMPORARY_FAILURES
    max_retries = 12
    # Celery's own backoff reads its factor once, when the task is registered, and in
    # whole seconds; `retry_delay` reads the settings at every retry (tests shorten it).
    retry_backoff = False

    def retry(self, *args, countdown=None, eta=None, **options):
        if countdown is None and eta is None:
            countdown = retry_delay(self.request.retries)
        return super().retry(*args, countdown=countdown, eta=eta, **options)
