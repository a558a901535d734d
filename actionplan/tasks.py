"""The action plan's background work: periodic reminders."""

from celery import shared_task


@shared_task(bind=True, max_retries=5, acks_late=True)
def run_periodic_job(self, name: str) -> int:
    """Run one of `actionplan.reminders.JOBS` (beat sends these); returns how many emails
    it sent.

    Safe to run twice or to retry halfway: every email is claimed in the outbox, so a retry
    sends only what the failed run had not sent.
    """
    from actionplan import reminders
    from audit.outbox import TemporaryFailure

    try:
        return reminders.run(name)
    except TemporaryFailure as error:
        # 1, 2, 4, 8, 16 minutes: give a mail server that is down time to come back.
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
