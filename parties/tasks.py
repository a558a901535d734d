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


@shared_task(base=RetryingTask)
def send_renewal_requests(version_id: int) -> int:
    """Ask each party's contact person to confirm continued participation in a version's
    period; returns how many emails were sent now (each is claimed in the outbox, so a
    retry sends only what was not sent)."""
    from parties import renewal_emails

    return renewal_emails.send_asked(version_id)


@shared_task(base=RetryingTask)
def run_periodic_job(name: str) -> int:
    """Run one of `parties.reminders.JOBS` (beat sends these); returns how many it did."""
    from parties import reminders

    return reminders.run(name)
