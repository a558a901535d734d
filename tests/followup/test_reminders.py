"""Reminders before a round closes and the report when it has closed: due → sent to the
right people, once per occasion however often the job runs; a missed run is caught up."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.models import SentNotification
from followup import invitations, reminders, services
from followup.models import FollowUpRound, Response
from followup.tasks import run_periodic_job
from parties.models import Membership

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def contact_email(party) -> str:
    return party.contacts.get(is_current=True).email


def recipients(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)


def occasions(kind: str = reminders.REMINDER) -> list[str]:
    return sorted(SentNotification.objects.filter(kind=kind).values_list("occasion", flat=True))


def reminders_in(mailoutbox) -> list:
    """The reminders among the emails (not the invitations)."""
    invited = set(
        SentNotification.objects.filter(kind=invitations.INVITATION).values_list(
            "subject", flat=True
        )
    )
    return [message for message in mailoutbox if message.subject not in invited]


def remind(day: datetime.date) -> int:
    return reminders.remind_not_submitted(now=at(day))


@pytest.fixture
def round(agreement) -> FollowUpRound:
    """Open from 20 days ago to 40 days ahead; the tests travel in time with `now=`."""
    return services.new_round(
        agreement, year=2026, opens=today() - 20 * DAY, closes=today() + 40 * DAY
    )


@pytest.fixture
def parties(round, make_party):
    """Three parties invited at the opening: one not started, one with a draft, one done."""
    made = {
        "idle": make_party("Föreningen Vilar"),
        "draft": make_party("Kommunen Utkast", sector="public"),
        "done": make_party("Föreningen Klar"),
    }
    invitations.invite(round, now=at(round.opens))
    Response.objects.filter(organisation=made["draft"]).update(status=Response.Status.DRAFT)
    Response.objects.filter(organisation=made["done"]).update(
        status=Response.Status.SUBMITTED, submitted_at=at(round.opens + DAY)
    )
    return made


@pytest.fixture
def mail(parties, mailoutbox):
    """The outbox, emptied of the invitations."""
    mailoutbox.clear()
    return mailoutbox


# ---- 14 and 3 days before closing -------------------------------------------------------


def test_it_reminds_the_parties_that_have_not_submitted_14_days_before_closing(
    round, parties, mail
):
    assert remind(round.closes - 14 * DAY) == 2

    assert recipients(mail) == sorted(
        [contact_email(parties["idle"]), contact_email(parties["draft"])]
    )
    assert all(f"/uppfoljning/{round.year}/" in message.body for message in mail)
    assert occasions() == [f"first {round.closes.isoformat()}"] * 2


def test_it_tells_a_party_with_a_saved_draft_that_the_draft_is_waiting(round, parties, mail):
    remind(round.closes - 14 * DAY)
    by_address = {message.to[0]: message for message in mail}
    draft = by_address[contact_email(parties["draft"])]
    idle = by_address[contact_email(parties["idle"])]

    context = {"round": round, "organisation": parties["draft"], "has_draft": True}
    with translation.override(settings.LANGUAGE_CODE):
        waiting = render_to_string("followup/email/reminder_subject.txt", context).strip()
        not_yet = render_to_string(
            "followup/email/reminder_subject.txt", {**context, "has_draft": False}
        ).strip()
    assert draft.subject == waiting and idle.subject == not_yet
    assert waiting != not_yet
    assert parties["draft"].name in draft.body and parties["idle"].name in idle.body


def test_it_reminds_nobody_more_than_14_days_before_closing(round, parties, mail):
    assert remind(round.closes - 15 * DAY) == 0
    assert mail == []


def test_it_sends_each_reminder_once_when_the_job_runs_three_times(round, parties, mail):
    first = round.closes - 14 * DAY
    assert [remind(first) for _ in range(3)] == [2, 0, 0]
    # Hourly runs on the following days send nothing new until the second is due.
    assert [remind(first + days * DAY) for days in range(1, 11)] == [0] * 10

    second = round.closes - 3 * DAY
    assert [remind(second) for _ in range(3)] == [2, 0, 0]
    assert remind(round.closes) == 0

    assert len(mail) == 4
    assert occasions() == sorted(
        [f"first {round.closes.isoformat()}"] * 2 + [f"second {round.closes.isoformat()}"] * 2
    )


def test_it_sends_only_the_latest_reminder_after_missed_runs(round, parties, mail):
    # No run between 14 and 3 days before closing: only the second reminder goes out.
    assert remind(round.closes - 2 * DAY) == 2
    assert remind(round.closes - 1 * DAY) == 0

    assert occasions() == [f"second {round.closes.isoformat()}"] * 2
    assert len(mail) == 2


def test_it_stops_reminding_a_party_once_it_has_submitted(round, parties, mail):
    remind(round.closes - 14 * DAY)
    Response.objects.filter(organisation=parties["idle"]).update(
        status=Response.Status.SUBMITTED, submitted_at=at(round.closes - 10 * DAY)
    )

    assert remind(round.closes - 3 * DAY) == 1
    assert mail[-1].to == [contact_email(parties["draft"])]


def test_it_reminds_nobody_after_the_round_has_closed(round, parties, mail):
    assert remind(round.closes + DAY) == 0
    assert mail == []


def test_it_does_not_remind_a_party_that_withdrew(round, parties, mail):
    Membership.objects.filter(organisation=parties["idle"]).update(
        status="withdrawn", withdrawn_on=today()
    )

    assert remind(round.closes - 14 * DAY) == 1
    assert recipients(mail) == [contact_email(parties["draft"])]


def test_it_does_not_remind_a_party_invited_after_the_reminder_fell_due(
    round, parties, make_party, mail
):
    late = make_party("Föreningen Sen")
    invitations.invite(round, now=at(round.closes - 10 * DAY))
    mail.clear()

    assert remind(round.closes - 9 * DAY) == 2
    assert contact_email(late) not in recipients(mail)
    # Invited before the second reminder fell due: it gets that one.
    assert remind(round.closes - 3 * DAY) == 3
    assert recipients(mail).count(contact_email(late)) == 1


def test_it_reminds_again_when_the_closing_date_is_moved(round, parties, mail):
    old_close = round.closes
    remind(old_close - 10 * DAY)
    round.closes = old_close + 7 * DAY
    round.save(update_fields=["closes"])

    # Now 17 days left: no reminder is due until 14 days before the new date.
    assert remind(old_close - 10 * DAY) == 0
    assert remind(round.closes - 14 * DAY) == 2
    assert occasions() == sorted(
        [f"first {old_close.isoformat()}"] * 2 + [f"first {round.closes.isoformat()}"] * 2
    )


def test_it_reminds_at_the_days_the_round_sets(round, parties, mail):
    round.first_reminder_days, round.second_reminder_days = 7, 1
    round.save()

    assert remind(round.closes - 8 * DAY) == 0
    assert remind(round.closes - 7 * DAY) == 2
    assert remind(round.closes - 1 * DAY) == 2


# ---- the round has closed: the report to the process leader ------------------------------


@pytest.fixture
def closed(round, parties, steering_member) -> FollowUpRound:
    """The round of the three parties; a steering-group member is not a process leader."""
    return round


def test_it_reports_the_response_rate_to_the_process_leader_once_when_the_round_closes(
    closed, parties, process_leader, mail
):
    after = at(closed.closes + DAY)

    assert reminders.report_closed(now=at(closed.closes)) == 0
    assert [reminders.report_closed(now=after) for _ in range(3)] == [1, 0, 0]

    (report,) = mail
    assert report.to == [process_leader.email]
    assert str(closed.year) in report.subject
    # Counted by hand: 1 of 3 submitted, one draft; civil society 1 of 2, public 0 of 1.
    with translation.override(settings.LANGUAGE_CODE):
        overall, half, none = floatformat(33.3, 1), floatformat(50.0, 1), floatformat(0.0, 1)
        civil, public = gettext("Civil society"), gettext("Public sector")
    assert f"({overall} %)" in report.body
    assert f"- {civil}: 1/2 ({half} %)" in report.body
    assert f"- {public}: 0/1 ({none} %)" in report.body
    assert f"/admin/followup/followupround/{closed.pk}/svarsfrekvens/" in report.body
    assert FollowUpRound.objects.get(pk=closed.pk).closed_at is not None


def test_it_does_not_report_a_round_to_which_nobody_was_invited(agreement, process_leader, mail):
    services.new_round(agreement, year=2024, opens=today() - 60 * DAY, closes=today() - 30 * DAY)

    assert reminders.report_closed() == 0
    assert mail == []


# ---- the command and the task --------------------------------------------------------------


def test_the_command_runs_every_job_and_prints_what_it_sent(
    agreement, round, make_party, process_leader, mailoutbox
):
    # Open, closing in 3 days: two parties invited at the opening, one that joined today.
    round.closes = today() + 3 * DAY
    round.save(update_fields=["closes"])
    make_party("Föreningen Ett")
    make_party("Kommunen Två", sector="public")
    invitations.invite(round, now=at(round.opens))
    make_party("Föreningen Ny")
    # Last year's round has closed and was never reported.
    last_year = services.new_round(
        agreement, year=2025, opens=today() - 400 * DAY, closes=today() - 370 * DAY
    )
    FollowUpRound.objects.filter(pk=last_year.pk).update(opened_at=at(last_year.opens))
    mailoutbox.clear()

    out = StringIO()
    call_command("followup_reminders", stdout=out)
    again = StringIO()
    call_command("followup_reminders", stdout=again)

    assert out.getvalue().splitlines() == [
        "invitations: 1 emails sent",
        "reminders: 2 emails sent",
        "closed: 1 emails sent",
    ]
    assert again.getvalue().splitlines() == [
        "invitations: 0 emails sent",
        "reminders: 0 emails sent",
        "closed: 0 emails sent",
    ]
    assert len(mailoutbox) == 4


def test_the_task_runs_a_job_by_name(round, parties, mail):
    assert run_periodic_job.delay("invitations").get() == 0
    assert run_periodic_job.delay("closed").get() == 0


def test_it_schedules_every_followup_job_on_beat():
    from config.celery import app

    scheduled = {
        entry["args"][0]
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == run_periodic_job.name
    }
    assert scheduled == set(reminders.JOBS)
