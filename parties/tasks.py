from celery import shared_task
from django.db import transaction


def notify(kind: str, object_id: int) -> None:
    """Queue an email about a record once the current transaction has committed."""
    transaction.on_commit(lambda: send_notification.delay(kind, object_id))


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_notification(self, kind: str, object_id: int) -> int:
    """Send the emails of one kind about one record; returns how many were sent now."""
    from parties import notifications

    try:
        return notifications.send(kind, object_id)
    except notifications.TemporaryFailure as error:
        raise self.retry(exc=error) from error


@shared_task(acks_late=True)
def erase_expired_personal_data() -> int:
    """Erase the personal data past the retention time; returns how many records now.

    Safe to run twice: each record is erased in its own transaction and skipped once erased.
    """
    from parties import retention

    return retention.erase_expired().total
