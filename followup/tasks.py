"""The follow-up's background work: invitations, the periodic reminders, the report.

The tasks that send email or render the report are `RetryingTask`s: acknowledged late and
retried with backoff on a temporary failure (a mail server that refuses, a lost database
connection). Each is safe to repeat: emails are claimed in the outbox, and a report
version is claimed and stored once.
"""

from celery import shared_task

from common.retrying import RetryingTask


@shared_task(base=RetryingTask)
def send_invitations(round_pk: int) -> int:
    """Invite every party to the round (opened now); safe to run twice: each email is
    claimed in the outbox."""
    from followup import invitations
    from followup.models import FollowUpRound

    round = FollowUpRound.objects.filter(pk=round_pk).first()
    if round is None:
        return 0
    return invitations.invite(round)


@shared_task(base=RetryingTask)
def invite_party(organisation_pk: int) -> int:
    """Invite one party to the open rounds: it has joined, or has a new contact person."""
    from followup import invitations

    return invitations.invite_party(organisation_pk)


@shared_task(base=RetryingTask)
def run_periodic_job(name: str) -> int:
    """Run one of `followup.reminders.JOBS`; returns how many emails it sent."""
    from followup import reminders

    return reminders.run(name)


@shared_task(base=RetryingTask, reject_on_worker_lost=True)
def generate_report(report_pk: int) -> str:
    """Generate one version of the annual report; returns its status.

    Acknowledged late and rejected (so redelivered) when its worker dies: another worker
    generates the version again, and only the first run to finish stores a file.
    A rendering error is not retried: it marks the version failed with the error. A
    temporary failure around it (the database, storing the file) is retried; each run
    counts as an attempt of the version, so `reports.MAX_ATTEMPTS` bounds them as well.
    """
    from followup import reports

    report = reports.generate(report_pk)
    return report.status if report is not None else "already finished"


@shared_task
def requeue_stuck_reports() -> int:
    """Send again the report versions whose worker was lost (see `reports.requeue_stuck`)."""
    from followup import reports

    return reports.requeue_stuck()


@shared_task(base=RetryingTask)
def send_receipt(version_pk: int) -> bool:
    """Send the contact person the receipt of a submitted version; claimed in the outbox."""
    from followup import versions

    return versions.send_receipt(version_pk)
