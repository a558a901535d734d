"""The action plan's periodic reminders: due → sent to the right people, once per
occasion, however often the job runs; a missed run is caught up."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from actionplan import reminders
from actionplan.models import ActivityUpdate, AnnualPlan, Status
from actionplan.tasks import run_periodic_job
from audit.models import SentNotification
from config.celery import app
from tests.actionplan import mine_builders

action_plan = mine_builders.action_plan
annual_plan = mine_builders.annual_plan
objective = mine_builders.objective
make_activity = mine_builders.make_activity

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def occasions(kind: str) -> list[str]:
    return sorted(SentNotification.objects.filter(kind=kind).values_list("occasion", flat=True))


def contact_email(party) -> str:
    return party.contacts.get(is_current=True).email


@pytest.fixture
def lead(make_party):
    return make_party("Föreningen Leder")


@pytest.fixture
def other(make_party):
    return make_party("Kommunen Hjälper", sector="public")


# ---- an activity ends within 14 days ----------------------------------------------------


def test_it_reminds_the_lead_partys_contact_of_an_activity_ending_within_14_days(
    lead, other, make_activity, mailoutbox
):
    activity = make_activity(
        "Dialogmöte", lead=lead, responsible=[lead, other], ends_on=today() + 14 * DAY
    )

    assert reminders.remind_activities_ending() == 1

    (message,) = mailoutbox
    assert message.to == [contact_email(lead)]
    assert "Dialogmöte" in message.subject
    assert f"/min-organisation/aktiviteter/{activity.pk}/" in message.body
    assert occasions("activity_ending") == [f"ends {(today() + 14 * DAY).isoformat()}"]


def test_it_reminds_each_responsible_party_when_there_is_no_lead(
    lead, other, make_activity, mailoutbox
):
    make_activity("Dialogmöte", responsible=[lead, other], ends_on=today() + 3 * DAY)

    assert reminders.remind_activities_ending() == 2
    assert recipients(mailoutbox) == sorted([contact_email(lead), contact_email(other)])


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_on_days": 15, "status": Status.ONGOING},
        {"ends_on_days": 5, "status": Status.DONE, "progress": 100},
        {"ends_on_days": 5, "status": Status.CANCELLED},
        {"ends_on_days": -1, "status": Status.ONGOING},
    ],
    ids=["in 15 days", "done", "cancelled", "already ended"],
)
def test_it_does_not_remind_of_an_activity_not_ending_soon_or_closed(
    lead, make_activity, mailoutbox, fields
):
    ends = today() + fields.pop("ends_on_days") * DAY
    make_activity("Dialogmöte", lead=lead, ends_on=ends, **fields)

    assert reminders.remind_activities_ending() == 0
    assert mailoutbox == []


def test_it_reminds_of_an_ending_activity_once_when_the_job_runs_three_times(
    lead, make_activity, mailoutbox
):
    make_activity("Dialogmöte", lead=lead, ends_on=today() + 10 * DAY)

    assert [reminders.remind_activities_ending() for _ in range(3)] == [1, 0, 0]
    assert len(mailoutbox) == 1


def test_it_reminds_again_when_the_end_is_moved(lead, make_activity, mailoutbox):
    activity = make_activity("Dialogmöte", lead=lead, ends_on=today() + 10 * DAY)
    reminders.remind_activities_ending()
    activity.ends_on = today() + 12 * DAY
    activity.save()

    assert reminders.remind_activities_ending() == 1
    assert occasions("activity_ending") == [
        f"ends {(today() + days * DAY).isoformat()}" for days in (10, 12)
    ]


def test_it_catches_up_an_ending_reminder_that_missed_runs_did_not_send(
    lead, make_activity, mailoutbox
):
    # The 14-day mark passed 12 days ago with no run since: the next run still reminds.
    make_activity("Dialogmöte", lead=lead, ends_on=today() + 2 * DAY)

    assert reminders.remind_activities_ending() == 1


def test_it_does_not_remind_a_party_that_has_withdrawn(make_party, make_activity, mailoutbox):
    gone = make_party("Föreningen Gick", status="withdrawn")
    make_activity("Dialogmöte", lead=gone, ends_on=today() + 2 * DAY)

    assert reminders.remind_activities_ending() == 0


def test_it_reminds_the_current_contact_after_a_handover(lead, make_activity, mailoutbox):
    old = lead.contacts.get(is_current=True)
    old.is_current = False
    old.ended_at = timezone.now()
    old.save()
    from tests.conftest import _make_user

    new_user = _make_user("ny@leder.test")
    lead.contacts.create(user=new_user, name="Ny Kontakt", email="ny@leder.test")
    make_activity("Dialogmöte", lead=lead, ends_on=today() + 2 * DAY)

    reminders.remind_activities_ending()

    assert recipients(mailoutbox) == ["ny@leder.test"]


# ---- an ongoing activity without an update for 90 days -----------------------------------


def test_it_reminds_the_lead_of_an_ongoing_activity_without_an_update_for_90_days(
    lead, make_activity, mailoutbox
):
    start = today() - 95 * DAY
    activity = make_activity("Kurs", lead=lead, status=Status.ONGOING, starts_on=start)

    assert reminders.remind_activities_without_update() == 1

    (message,) = mailoutbox
    assert message.to == [contact_email(lead)]
    assert "Kurs" in message.subject
    assert f"/min-organisation/aktiviteter/{activity.pk}/" in message.body
    assert occasions("activity_without_update") == [f"quiet since {start.isoformat()} period 1"]


def test_it_does_not_remind_within_90_days_of_the_last_update(lead, make_activity, mailoutbox):
    activity = make_activity(
        "Kurs", lead=lead, status=Status.ONGOING, starts_on=today() - 400 * DAY
    )
    ActivityUpdate.objects.create(
        activity=activity, date=today() - 89 * DAY, status=Status.ONGOING, progress=30
    )

    assert reminders.remind_activities_without_update() == 0


@pytest.mark.parametrize("status", [Status.PLANNED, Status.POSTPONED, Status.CANCELLED])
def test_it_does_not_remind_of_an_activity_that_is_not_ongoing(
    lead, make_activity, mailoutbox, status
):
    make_activity("Kurs", lead=lead, status=status, starts_on=today() - 200 * DAY)

    assert reminders.remind_activities_without_update() == 0


def test_it_reminds_of_a_quiet_activity_once_per_90_days_however_often_it_runs(
    lead, make_activity, mailoutbox
):
    start = today() - 91 * DAY
    make_activity("Kurs", lead=lead, status=Status.ONGOING, starts_on=start)

    assert [reminders.remind_activities_without_update() for _ in range(3)] == [1, 0, 0]
    later = at(today() + 60 * DAY)
    assert reminders.remind_activities_without_update(later) == 0
    # Another 90 days without an update: a new occasion, sent again, once.
    again = at(today() + 90 * DAY)
    assert [reminders.remind_activities_without_update(again) for _ in range(3)] == [1, 0, 0]
    assert occasions("activity_without_update") == [
        f"quiet since {start.isoformat()} period {n}" for n in (1, 2)
    ]


def test_it_counts_90_days_from_the_last_update(lead, make_activity, mailoutbox):
    activity = make_activity(
        "Kurs", lead=lead, status=Status.ONGOING, starts_on=today() - 400 * DAY
    )
    reminders.remind_activities_without_update()
    updated = today() - 100 * DAY
    ActivityUpdate.objects.create(activity=activity, date=updated, status="ongoing", progress=40)

    assert reminders.remind_activities_without_update() == 1
    assert f"quiet since {updated.isoformat()} period 1" in occasions("activity_without_update")


def test_it_does_not_remind_of_an_activity_carried_into_next_year(
    lead, make_activity, annual_plan, mailoutbox
):
    from actionplan import services

    make_activity("Kurs", lead=lead, status=Status.ONGOING, starts_on=today() - 200 * DAY)
    following, _carried = services.roll_forward(annual_plan)

    # Only the copy in next year's plan nags, and its start lies ahead.
    assert reminders.remind_activities_without_update() == 0
    assert following.activities.count() == 1


# ---- the annual review ----------------------------------------------------------------------


@pytest.fixture
def review_passed(action_plan):
    """The review date was yesterday (or today on 1 January)."""
    day = max(today() - DAY, datetime.date(today().year, 1, 1))
    action_plan.review_month, action_plan.review_day = day.month, day.day
    action_plan.save()
    return action_plan


def test_it_reminds_the_process_leaders_when_the_review_is_due_and_next_years_plan_is_missing(
    review_passed, annual_plan, process_leader, steering_member, mailoutbox
):
    assert reminders.remind_annual_review() == 1

    (message,) = mailoutbox
    assert message.to == ["processledare@region.test"]
    assert str(today().year + 1) in message.subject
    assert occasions("annual_review_due") == [f"review {today().year}"]


def test_it_does_not_remind_of_the_review_before_its_date(
    action_plan, annual_plan, process_leader, mailoutbox
):
    action_plan.review_month, action_plan.review_day = 11, 1
    action_plan.save()

    assert reminders.remind_annual_review(at(datetime.date(today().year, 10, 31))) == 0
    assert reminders.remind_annual_review(at(datetime.date(today().year, 11, 1))) == 1


def test_it_does_not_remind_of_the_review_when_next_years_plan_exists(
    review_passed, annual_plan, process_leader, mailoutbox
):
    AnnualPlan.objects.create(plan=review_passed, year=today().year + 1)

    assert reminders.remind_annual_review() == 0


def test_it_does_not_remind_a_process_leader_whose_account_is_closed(
    review_passed, annual_plan, process_leader, mailoutbox
):
    process_leader.is_active = False
    process_leader.save()

    assert reminders.remind_annual_review() == 0


def test_it_reminds_of_the_review_once_a_year_and_catches_up_missed_runs(
    action_plan, annual_plan, process_leader, mailoutbox
):
    action_plan.review_month, action_plan.review_day = 11, 1
    action_plan.save()
    year = today().year
    # Beat was down from 1 November; the first run on 20 November still reminds.
    late = at(datetime.date(year, 11, 20))

    assert [reminders.remind_annual_review(late) for _ in range(3)] == [1, 0, 0]
    assert reminders.remind_annual_review(at(datetime.date(year, 12, 30))) == 0
    # A year later (still within the period, next year's plan still missing): again.
    action_plan.last_year = year + 3
    action_plan.save()
    assert reminders.remind_annual_review(at(datetime.date(year + 1, 11, 2))) == 1
    assert occasions("annual_review_due") == [f"review {year}", f"review {year + 1}"]


def test_it_does_not_remind_of_a_year_after_the_plans_period(
    action_plan, annual_plan, process_leader, mailoutbox
):
    last = action_plan.last_year

    assert reminders.remind_annual_review(at(datetime.date(last, 12, 1))) == 0


# ---- the task, the command, beat ------------------------------------------------------------


def test_it_sends_a_reminder_once_when_its_task_runs_three_times(lead, make_activity, mailoutbox):
    make_activity("Dialogmöte", lead=lead, ends_on=today() + 5 * DAY)

    assert [run_periodic_job.apply(args=("activities_ending",)).get() for _ in range(3)] == [
        1,
        0,
        0,
    ]


def test_it_sends_on_the_next_run_what_a_failing_mail_server_refused(
    lead, make_activity, mailoutbox
):
    import smtplib

    make_activity("Dialogmöte", lead=lead, ends_on=today() + 5 * DAY)
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("down")
    ):
        out, err = StringIO(), StringIO()
        with pytest.raises(Exception, match="Run again later"):
            call_command(
                "actionplan_reminders", "--job", "activities_ending", stdout=out, stderr=err
            )
    assert "did not take the email" in err.getvalue()
    assert not SentNotification.objects.exists()

    assert reminders.remind_activities_ending() == 1
    assert len(mailoutbox) == 1


def test_it_runs_every_job_once_from_the_command_and_prints_what_it_did(
    lead, make_activity, review_passed, annual_plan, process_leader, mailoutbox
):
    make_activity("Dialogmöte", lead=lead, ends_on=today() + 5 * DAY)
    make_activity("Kurs", lead=lead, status=Status.ONGOING, starts_on=today() - 100 * DAY)
    out = StringIO()

    call_command("actionplan_reminders", stdout=out)

    assert out.getvalue().splitlines() == [
        "activities_ending: 1 emails sent",
        "activities_without_update: 1 emails sent",
        "annual_review: 1 emails sent",
    ]
    again = StringIO()
    call_command("actionplan_reminders", "--job", "annual_review", stdout=again)
    assert again.getvalue().splitlines() == ["annual_review: 0 emails sent"]
    assert len(mailoutbox) == 3


def test_it_schedules_every_actionplan_job_on_beat():
    scheduled = {
        entry["args"][0]
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "actionplan.tasks.run_periodic_job"
    }

    assert scheduled == set(reminders.JOBS)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_sends_a_reminder_once_when_a_worker_runs_its_task_three_times(
    lead, make_activity, mailoutbox, celery_worker
):
    make_activity("Dialogmöte", lead=lead, ends_on=today() + 5 * DAY)

    sent = [run_periodic_job.delay("activities_ending").get(timeout=30) for _ in range(3)]

    assert sent == [1, 0, 0]
    assert recipients(mailoutbox) == [contact_email(lead)]
    assert SentNotification.objects.filter(kind="activity_ending").count() == 1
