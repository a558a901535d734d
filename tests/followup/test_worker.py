"""The follow-up's emails sent by a real Celery worker on the test Redis, each once."""

import datetime
import time

import pytest
from django.utils import timezone

from audit.models import SentNotification
from followup import invitations, reminders, services
from followup.models import Response
from followup.tasks import run_periodic_job

DAY = datetime.timedelta(days=1)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def today() -> datetime.date:
    return timezone.localdate()


def contact_email(party) -> str:
    return party.contacts.get(is_current=True).email


def sent(kind: str) -> list[str]:
    return sorted(SentNotification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_it_sends_each_invitation_and_reminder_once_when_a_worker_runs_the_jobs_three_times(
    agreement, make_party, mailoutbox, celery_worker
):
    round = services.new_round(
        agreement, year=2026, opens=today() + 1 * DAY, closes=today() + 10 * DAY
    )
    # Each new contact queues invite_party; the round has not opened, so they send nothing.
    parties = [make_party("Föreningen Arbetaren"), make_party("Kommunen Jobbar", sector="public")]
    addresses = sorted(contact_email(party) for party in parties)
    # The solo worker takes tasks in order: once this one is done, so are those.
    assert run_periodic_job.delay("closed").get(timeout=30) == 0
    # Open for 20 days, closing in 10: the first reminder (14 days before) is due.
    round.opens = today() - 20 * DAY
    round.save(update_fields=["opens"])

    invited = [run_periodic_job.delay("invitations").get(timeout=30) for _ in range(3)]
    # As if that run had been at the opening, before the reminder fell due.
    opening = timezone.make_aware(datetime.datetime.combine(round.opens, datetime.time(8)))
    Response.objects.filter(round=round).update(invited_at=opening)
    reminded = [run_periodic_job.delay("reminders").get(timeout=30) for _ in range(3)]

    assert invited == [2, 0, 0]
    assert reminded == [2, 0, 0]
    assert sent(invitations.INVITATION) == addresses
    assert sent(reminders.REMINDER) == addresses
    assert sorted(address for m in mailoutbox for address in m.to) == sorted(addresses * 2)


def test_it_invites_every_party_through_the_worker_when_a_round_is_opened_now(
    agreement, make_party, process_leader, mailoutbox, celery_worker
):
    parties = [make_party("Föreningen Arbetaren"), make_party("Kommunen Jobbar", sector="public")]
    planned = services.new_round(
        agreement, year=2027, opens=today() + 10 * DAY, closes=today() + 40 * DAY
    )

    # No test transaction around us: the task is queued when open_now commits.
    services.open_now(planned, by=process_leader)

    deadline = time.monotonic() + 30
    while len(sent(invitations.INVITATION)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sent(invitations.INVITATION) == sorted(contact_email(party) for party in parties)
    assert run_periodic_job.delay("invitations").get(timeout=30) == 0
    assert len(mailoutbox) == 2
