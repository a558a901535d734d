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
