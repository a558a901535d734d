from celery import shared_task

from common.retrying import RetryingTask


def notify(kind: str, object_id: int) -> None:
    """Queue an email about a record once the current transaction has committed."""
    send_notification.delay_on_commit(kind, object_id)


@shared_task(base=RetryingTask)
def send_notification(kind: str, object_id: int) -> int:
    """Send the emails of one kind about one record; returns how many were sent now.

    Retried when the mail server refuses (see `RetryingTask`); a retry sends only what
    the failed run had not sent, as every email is claimed in the outbox.
    """
    from parties import notifications

    return notifications.send(kind, object_id)


@shared_task(acks_late=True)
def erase_expired_personal_data() -> int:
    """Erase the personal data past the retention time; returns how many records now.

    Safe to run twice: each record is erased in its own transaction and skipped once erased.
    """
    from parties import retention

    return retention.erase_expired().total
