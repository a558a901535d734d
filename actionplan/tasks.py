"""The action plan's background work: periodic reminders."""

from celery import shared_task

from common.retrying import RetryingTask


@shared_task(base=RetryingTask)
def run_periodic_job(name: str) -> int:
    """Run one of `actionplan.reminders.JOBS` (beat sends these); returns how many emails
    it sent.

    Safe to run twice or to retry halfway (`RetryingTask` retries it when the mail server
    refuses): every email is claimed in the outbox, so a retry sends only what the failed
    run had not sent.
    """
    from actionplan import reminders

    return reminders.run(name)
