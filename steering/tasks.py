"""The steering group's background work: emails about one record, and periodic reminders.

Both send email, so both are `RetryingTask`s: acknowledged late and retried with backoff
when the mail server refuses. Every email is claimed in the outbox, so a retry (or a second
worker) sends only what the failed run had not sent.

The services queue the emails by name (`steering.services.notify`): the periodic jobs call
those services, so this module does not import them, nor they it.
"""

from celery import shared_task

from common.retrying import RetryingTask


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
