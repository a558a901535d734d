"""The follow-up's background work: invitations and the periodic reminders."""

from celery import shared_task


def _retry(task, error):
    # 1, 2, 4, 8, 16 minutes: give a mail server that is down time to come back.
    return task.retry(exc=error, countdown=60 * 2**task.request.retries)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_invitations(self, round_pk: int) -> int:
    """Invite every party to the round (opened now); safe to run twice: each email is
    claimed in the outbox."""
    from audit.outbox import TemporaryFailure
    from followup import services
    from followup.models import FollowUpRound

    round = FollowUpRound.objects.filter(pk=round_pk).first()
    if round is None:
        return 0
    try:
        return services.invite(round)
    except TemporaryFailure as error:
        raise _retry(self, error) from error


@shared_task(bind=True, max_retries=5, acks_late=True)
def invite_party(self, organisation_pk: int) -> int:
    """Invite one party to the open rounds: it has joined, or has a new contact person."""
    from audit.outbox import TemporaryFailure
    from followup import services

    try:
        return services.invite_party(organisation_pk)
    except TemporaryFailure as error:
        raise _retry(self, error) from error


@shared_task(bind=True, max_retries=5, acks_late=True)
def run_periodic_job(self, name: str) -> int:
    """Run one of `followup.reminders.JOBS`; returns how many emails it sent."""
    from audit.outbox import TemporaryFailure
    from followup import reminders

    try:
        return reminders.run(name)
    except TemporaryFailure as error:
        raise _retry(self, error) from error


@shared_task(acks_late=True, reject_on_worker_lost=True)
def generate_report(report_pk: int) -> str:
    """Generate one version of the annual report; returns its status.

    Acknowledged late and rejected (so redelivered) when its worker dies: another worker
    generates the version again, and only the first run to finish stores a file.
    A rendering error is not retried: it marks the version failed with the error.
    """
    from followup import reports

    report = reports.generate(report_pk)
    return report.status if report is not None else "already finished"


@shared_task
def requeue_stuck_reports() -> int:
    """Send again the report versions whose worker was lost (see `reports.requeue_stuck`)."""
    from followup import reports

    return reports.requeue_stuck()
