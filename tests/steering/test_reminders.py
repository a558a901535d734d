"""The steering group's periodic reminders: due → sent to the right people, once per
occasion, however often the job runs; a missed run is caught up."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from audit.models import SentNotification
from steering import reminders
from steering.models import DecisionKind, Meeting, PerCapsulamAnswer, PerCapsulamQuestion, Seat
from steering.tasks import run_periodic_job

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def days_from_now(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


@pytest.fixture
def add_seat(agreement, make_party):
    """add_seat("Name", role="member", end=date, email=…, user=…, sector=…)."""

    def make(name: str, role: str = "member", *, sector: str = "civil_society", **fields):
        party = make_party(f"Part för {name}", sector=sector)
        fields.setdefault("mandate_start", today() - 100 * DAY)
        fields["mandate_end"] = fields.pop("end", today() + 600 * DAY)
        return Seat.objects.create(
            agreement=agreement, person_name=name, organisation=party, role=role, **fields
        )

    return make


@pytest.fixture
def chair(add_seat):
    return add_seat("Anna Ordförande", "chair", email="ordforande@forening.test")


def make_user(email: str):
    return get_user_model().objects.create_user(username=email, email=email)


# ---- mandates ending --------------------------------------------------------------------


def test_it_reminds_the_process_leader_and_the_chair_of_a_mandate_ending_within_60_days(
    add_seat, chair, process_leader, steering_member, mailoutbox
):
    seat = add_seat("Cecilia Civil", end=today() + 59 * DAY)

    assert reminders.remind_mandates_ending() == 2

    assert recipients(mailoutbox) == ["ordforande@forening.test", "processledare@region.test"]
    assert all("Cecilia Civil" in message.subject for message in mailoutbox)
    assert all(f"/admin/steering/seat/{seat.pk}/change/" in m.body for m in mailoutbox)


def test_it_does_not_remind_of_a_mandate_ending_in_more_than_60_days(
    add_seat, chair, process_leader, mailoutbox
):
    add_seat("Cecilia Civil", end=today() + 61 * DAY)

    assert reminders.remind_mandates_ending() == 0
    assert mailoutbox == []


def test_it_does_not_remind_of_a_seat_that_was_ended_early(
    add_seat, chair, process_leader, mailoutbox
):
    add_seat("Cecilia Civil", end=today() + 30 * DAY, ended_on=today() + 10 * DAY)

    assert reminders.remind_mandates_ending() == 0


def test_it_reminds_of_a_mandate_once_when_the_job_runs_three_times(
    add_seat, chair, process_leader, mailoutbox
):
    add_seat("Cecilia Civil", end=today() + 30 * DAY)

    assert [reminders.remind_mandates_ending() for _ in range(3)] == [2, 0, 0]
    assert len(mailoutbox) == 2


def test_it_reminds_again_when_the_mandate_gets_a_new_end(
    add_seat, chair, process_leader, mailoutbox
):
    seat = add_seat("Cecilia Civil", end=today() + 30 * DAY)
    reminders.remind_mandates_ending()
    seat.mandate_end = today() + 50 * DAY
    seat.save()

    assert reminders.remind_mandates_ending() == 2
    assert sorted(
        SentNotification.objects.filter(kind="mandate_ending").values_list("occasion", flat=True)
    ) == sorted([f"mandate ends {(today() + days * DAY).isoformat()}" for days in (30, 30, 50, 50)])


def test_it_catches_up_a_mandate_reminder_that_missed_runs_did_not_send(
    add_seat, chair, process_leader, mailoutbox
):
    # The 60-day mark passed 55 days ago with no run since: the next run still reminds.
    add_seat("Cecilia Civil", end=today() + 5 * DAY)

    assert reminders.remind_mandates_ending() == 2


def test_it_reminds_of_the_chairs_mandate_at_the_end_the_agreement_allows(
    agreement, add_seat, process_leader, mailoutbox
):
    # Recorded without an end, but the agreement allows a chair 24 months.
    start = today() - 700 * DAY
    add_seat(
        "Anna Ordförande", "chair", email="ordforande@forening.test", mandate_start=start, end=None
    )
    ends = start + relativedelta(months=24)

    assert reminders.remind_mandates_ending() == 2
    assert SentNotification.objects.filter(occasion=f"mandate ends {ends.isoformat()}").count() == 2


# ---- matters waiting: one digest to the steering group ----------------------------------


@pytest.fixture
def steering_address(settings):
    settings.STEERING_GROUP_EMAIL = "styrgrupp@region.test"
    return settings.STEERING_GROUP_EMAIL


@pytest.fixture
def apply(make_party):
    """apply("Name", days_ago=20): a pending application submitted that long ago."""
    from parties.models import Application

    def make(name: str, *, days_ago: float):
        organisation = make_party(name, status="pending")
        application = Application.objects.create(
            membership=organisation.memberships.get(),
            submitted_data={"name": name, "org_number": organisation.org_number},
            signatory_name="Sam Signatär",
            signatory_role="Ordförande",
            supports_democratic_values=True,
            endorses_agreement=True,
            decided_by_own_statutes=True,
            consents_to_processing=True,
        )
        Application.objects.filter(pk=application.pk).update(submitted_at=days_from_now(-days_ago))
        return application

    return make


def test_it_sends_one_digest_of_the_waiting_matters_oldest_first(
    agreement, apply, make_party, steering_address, mailoutbox
):
    from parties.models import Withdrawal

    newer = apply("Föreningen Nyss", days_ago=3)
    older = apply("Föreningen Länge", days_ago=20)
    leaving = make_party("Kommunen Går")
    withdrawal = Withdrawal.objects.create(
        membership=leaving.memberships.get(),
        notice_date=today() - 16 * DAY,
        reason="Omorganisation",
        given_by=make_user("kommun@kommun.test"),
        given_by_name="Kim Kommun",
    )
    Withdrawal.objects.filter(pk=withdrawal.pk).update(created_at=days_from_now(-16))

    assert reminders.remind_waiting_matters() == 1

    (digest,) = mailoutbox
    assert digest.to == ["styrgrupp@region.test"]
    body = digest.body
    assert (
        body.index("Föreningen Länge") < body.index("Kommunen Går") < body.index("Föreningen Nyss")
    )
    assert f"/admin/parties/application/{older.pk}/change/" in body
    assert f"/admin/parties/application/{newer.pk}/change/" in body
    assert f"/admin/parties/withdrawal/{withdrawal.pk}/change/" in body
    assert "(20 " in body and "(16 " in body and "(3 " in body
    # Personal data stays out: not the signatory, not who gave notice.
    assert "Sam Signatär" not in body and "Kim Kommun" not in body


def test_it_sends_no_digest_when_nothing_has_waited_14_days_and_no_meeting_is_near(
    agreement, apply, steering_address, mailoutbox
):
    apply("Föreningen Nyss", days_ago=13)
    Meeting.objects.create(agreement=agreement, starts_at=days_from_now(8))

    assert reminders.remind_waiting_matters() == 0
    assert mailoutbox == []


def test_it_sends_no_digest_before_a_meeting_when_nothing_waits(
    agreement, steering_address, mailoutbox
):
    Meeting.objects.create(agreement=agreement, starts_at=days_from_now(2))

    assert reminders.remind_waiting_matters() == 0


def test_it_sends_a_digest_before_a_meeting_within_7_days_while_matters_wait(
    agreement, apply, steering_address, mailoutbox
):
    apply("Föreningen Nyss", days_ago=2)
    meeting = Meeting.objects.create(agreement=agreement, starts_at=days_from_now(6))

    assert [reminders.remind_waiting_matters() for _ in range(3)] == [1, 0, 0]
    assert "Föreningen Nyss" in mailoutbox[0].body
    assert SentNotification.objects.get(kind="waiting_matters_digest").occasion == (
        f"meeting {meeting.date.isoformat()}"
    )


def test_it_sends_the_digest_of_overdue_matters_once_a_week(
    agreement, apply, steering_address, mailoutbox
):
    apply("Föreningen Länge", days_ago=20)
    monday = timezone.make_aware(datetime.datetime(2030, 3, 4, 8, 0))

    assert [reminders.remind_waiting_matters(monday) for _ in range(3)] == [1, 0, 0]
    assert reminders.remind_waiting_matters(monday + 4 * DAY) == 0
    assert reminders.remind_waiting_matters(monday + 7 * DAY) == 1
    assert len(mailoutbox) == 2


def test_it_sends_no_weekly_digest_in_the_week_of_a_meeting_that_had_its_digest(
    agreement, apply, steering_address, mailoutbox
):
    apply("Föreningen Länge", days_ago=40)
    monday = timezone.make_aware(datetime.datetime(2030, 3, 4, 8, 0))
    Meeting.objects.create(agreement=agreement, starts_at=monday + datetime.timedelta(hours=26))

    assert reminders.remind_waiting_matters(monday) == 1
    # Thursday the same week: the meeting is over, the group had its list on Monday.
    assert reminders.remind_waiting_matters(monday + 3 * DAY) == 0
    # The next Monday, matters still waiting: the weekly digest.
    assert reminders.remind_waiting_matters(monday + 7 * DAY) == 1


# ---- per capsulam: deadline within 2 days, no answer → that member ----------------------


@pytest.fixture
def members(add_seat, steering_member):
    """Three voting members with accounts, and a co-opted member (no vote)."""
    return {
        "waiting": add_seat("Lena Ledamot", user=steering_member),
        "answered": add_seat("Olle Offentlig", sector="public", user=make_user("olle@kommun.test")),
        "own_address": add_seat(
            "Pia Public",
            sector="public",
            user=make_user("pia@kommun.test"),
            email="pia.styrgrupp@kommun.test",
        ),
        "co_opted": add_seat("Kalle Adjungerad", "co_opted", user=make_user("kalle@lst.test")),
    }


@pytest.fixture
def ask(agreement, process_leader):
    def make(*, due_in_days: float) -> PerCapsulamQuestion:
        return PerCapsulamQuestion.objects.create(
            agreement=agreement,
            title="Anta rutinen för utskick",
            proposal="Styrgruppen antar rutinen.",
            kind=DecisionKind.OTHER,
            deadline=days_from_now(due_in_days),
            put_by=process_leader,
        )

    return make


def answer(question, seat) -> None:
    PerCapsulamAnswer.objects.create(
        question=question, seat=seat, answer="yes", answered_by=seat.user
    )


def test_it_reminds_each_voting_member_who_has_not_answered_within_2_days_of_the_deadline(
    members, ask, mailoutbox
):
    question = ask(due_in_days=1.5)
    answer(question, members["answered"])

    assert reminders.remind_unanswered_questions() == 2

    assert recipients(mailoutbox) == ["ledamot@styrgrupp.test", "pia.styrgrupp@kommun.test"]
    assert all("Anta rutinen för utskick" in message.subject for message in mailoutbox)
    assert all(f"/styrgrupp/per-capsulam/{question.pk}/" in m.body for m in mailoutbox)
    lena = next(m for m in mailoutbox if m.to == ["ledamot@styrgrupp.test"])
    assert "Lena Ledamot" in lena.body and "Pia Public" not in lena.body


def test_it_does_not_remind_of_a_question_due_in_more_than_2_days(members, ask, mailoutbox):
    ask(due_in_days=2.5)

    assert reminders.remind_unanswered_questions() == 0


def test_it_does_not_remind_of_a_closed_question(members, ask, mailoutbox):
    question = ask(due_in_days=1)
    question.status = PerCapsulamQuestion.Status.TO_MEETING
    question.save()

    assert reminders.remind_unanswered_questions() == 0


def test_it_reminds_of_a_question_once_and_again_when_the_deadline_moves(members, ask, mailoutbox):
    question = ask(due_in_days=1)

    assert [reminders.remind_unanswered_questions() for _ in range(3)] == [3, 0, 0]
    question.deadline = days_from_now(1.8)
    question.save()
    assert reminders.remind_unanswered_questions() == 3
    assert len(mailoutbox) == 6


def test_it_catches_up_a_question_reminder_that_missed_runs_did_not_send(members, ask, mailoutbox):
    # The 2-day window opened 46 hours ago: the next run still reminds.
    ask(due_in_days=2 / 24)

    assert reminders.remind_unanswered_questions() == 3


# ---- minutes unpublished 14 days after the meeting → the process leader ------------------


def test_it_reminds_the_process_leader_of_minutes_unpublished_14_days_after_a_meeting(
    agreement, process_leader, steering_member, mailoutbox
):
    late = Meeting.objects.create(agreement=agreement, starts_at=days_from_now(-15))
    Meeting.objects.create(agreement=agreement, starts_at=days_from_now(-13))
    Meeting.objects.create(
        agreement=agreement,
        starts_at=days_from_now(-40),
        minutes="Protokoll",
        minutes_checked_on=today() - 30 * DAY,
        minutes_published_at=days_from_now(-30),
    )

    assert reminders.remind_unpublished_minutes() == 1

    (message,) = mailoutbox
    assert message.to == ["processledare@region.test"]
    assert late.date.strftime("%Y") in message.subject
    assert SentNotification.objects.get().occasion == f"meeting {late.date.isoformat()}"


def test_it_reminds_of_unpublished_minutes_once_per_meeting(agreement, process_leader, mailoutbox):
    Meeting.objects.create(agreement=agreement, starts_at=days_from_now(-20))

    assert [reminders.remind_unpublished_minutes() for _ in range(3)] == [1, 0, 0]
    Meeting.objects.create(agreement=agreement, starts_at=days_from_now(-60))
    assert reminders.remind_unpublished_minutes() == 1


def test_it_reminds_no_process_leader_whose_account_is_closed(
    agreement, process_leader, mailoutbox
):
    process_leader.is_active = False
    process_leader.save()
    Meeting.objects.create(agreement=agreement, starts_at=days_from_now(-20))

    assert reminders.remind_unpublished_minutes() == 0


# ---- the task, a failing mail server, the management command ----------------------------


def test_it_sends_a_reminder_once_when_its_task_runs_three_times(
    add_seat, chair, process_leader, mailoutbox
):
    add_seat("Cecilia Civil", end=today() + 30 * DAY)

    sent = [run_periodic_job.delay("mandates_ending").get(timeout=10) for _ in range(3)]

    assert sent == [2, 0, 0]
    assert len(mailoutbox) == 2


def test_it_sends_on_the_next_run_what_a_failing_mail_server_refused(
    add_seat, chair, process_leader, mailoutbox
):
    from common.outbox import TemporaryFailure

    add_seat("Cecilia Civil", end=today() + 30 * DAY)
    with (
        mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected
        ),
        pytest.raises(TemporaryFailure),
    ):
        reminders.remind_mandates_ending()
    assert not SentNotification.objects.exists()

    assert reminders.remind_mandates_ending() == 2


def test_it_runs_every_steering_job_once_from_the_command_and_prints_what_it_did(
    add_seat, chair, ask, members, process_leader, mailoutbox
):
    add_seat("Cecilia Civil", end=today() + 30 * DAY)
    overdue = ask(due_in_days=-1 / 24)

    out = StringIO()
    call_command("steering_reminders", stdout=out)

    assert out.getvalue().splitlines() == [
        "close_overdue_questions: 1 questions closed",
        "mandates_ending: 2 emails sent",
        "waiting_matters: 0 emails sent",
        "unanswered_questions: 0 emails sent",
        "unpublished_minutes: 0 emails sent",
    ]
    overdue.refresh_from_db()
    assert overdue.status == PerCapsulamQuestion.Status.TO_MEETING

    again = StringIO()
    call_command("steering_reminders", "--job", "mandates_ending", stdout=again)
    assert again.getvalue().splitlines() == ["mandates_ending: 0 emails sent"]
    assert len(mailoutbox) == 2


def test_it_schedules_every_steering_job_on_beat():
    from config.celery import app

    scheduled = {
        entry["args"][0]
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == run_periodic_job.name
    }
    assert scheduled == set(reminders.JOBS)


# ---- through a real Celery worker on Redis ----------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_sends_a_reminder_once_when_a_worker_runs_its_task_three_times(
    add_seat, chair, process_leader, mailoutbox, celery_worker
):
    add_seat("Cecilia Civil", end=today() + 30 * DAY)

    sent = [run_periodic_job.delay("mandates_ending").get(timeout=30) for _ in range(3)]

    assert sent == [2, 0, 0]
    assert recipients(mailoutbox) == ["ordforande@forening.test", "processledare@region.test"]
    assert SentNotification.objects.filter(kind="mandate_ending").count() == 2
