"""The steering group's background work: emails about one record, and periodic reminders."""

from celery import shared_task
from django.db import transaction


def notify(kind: str, object_id: int) -> None:
    """Queue the emails of `kind` about one record once the transaction has committed."""
    transaction.on_commit(lambda: send_steering_email.delay(kind, object_id))


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_steering_email(self, kind: str, object_id: int) -> int:
    """Send the emails of one kind about one record; returns how many were sent now."""
    from audit.outbox import TemporaryFailure
    from steering import notifications

    try:
        return notifications.send(kind, object_id)
    except TemporaryFailure as error:
        raise self.retry(exc=error) from error


@shared_task(bind=True, max_retries=5, acks_late=True)
def run_periodic_job(self, name: str) -> int:
    """Run one of `steering.reminders.JOBS` (beat sends these); returns how many it did.

    Safe to run twice or to retry halfway: every email is claimed in the outbox, so a retry
    sends only what the failed run had not sent.
    """
    from audit.outbox import TemporaryFailure
    from steering import reminders

    try:
        return reminders.run(name)
    except TemporaryFailure as error:
        # 1, 2, 4, 8, 16 minutes: give a mail server that is down time to come back.
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
