"""The steering group's background work: emails about one record, and periodic reminders.

Both send email, so both are `RetryingTask`s: acknowledged late and retried with backoff
when the mail server refuses. Every email is claimed in the outbox, so a retry (or a second
worker) sends only what the failed run had not sent.
"""

from celery import shared_task
from django.db import transaction

from audit.outbox import RetryingTask


def notify(kind: str, object_id: int) -> None:
    """Queue the emails of `kind` about one record once the transaction has committed."""
    transaction.on_commit(lambda: send_steering_email.delay(kind, object_id))


@shared_task(base=RetryingTask)
def send_steering_email(kind: str, object_id: int) -> int:
    """Send the emails of one kind about one record; returns how many were sent now."""
    from steering import notifications

    return notifications.send(kind, object_id)


@shared_task(base=RetryingTask)
def run_periodic_job(name: str) -> int:
    """Run one of `steering.reminders.JOBS` (beat sends these); returns how many it did."""
    from steering import reminders

    return reminders.run(name)
