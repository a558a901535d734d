"""Periodic jobs per agreement: a reminder of agreement A names only A's records and goes to
A's people; a run with nothing to send costs the same whatever the number of agreements."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

DAY = datetime.timedelta(days=1)


def sent_to(mailoutbox, address: str) -> list:
    return [message for message in mailoutbox if address in message.to]


def test_unpublished_minutes_go_to_their_own_agreements_process_leaders(
    leader_a, leader_b, agreement, agreement_b, mailoutbox
):
    from steering import reminders
    from steering.models import Meeting

    held = timezone.now() - 20 * DAY
    in_a = Meeting.objects.create(agreement=agreement, starts_at=held)
    in_b = Meeting.objects.create(agreement=agreement_b, starts_at=held)
    link_a, link_b = (f"/admin/steering/meeting/{m.pk}/change/" for m in (in_a, in_b))

    assert reminders.remind_unpublished_minutes() == 2

    (to_a,) = sent_to(mailoutbox, leader_a.email)
    (to_b,) = sent_to(mailoutbox, leader_b.email)
    assert link_a in to_a.body and link_b not in to_a.body
    assert link_b in to_b.body and link_a not in to_b.body


def test_a_leader_of_both_hears_of_both(leader_both, agreement, agreement_b, mailoutbox):
    from steering import reminders
    from steering.models import Meeting

    held = timezone.now() - 20 * DAY
    Meeting.objects.create(agreement=agreement, starts_at=held)
    Meeting.objects.create(agreement=agreement_b, starts_at=held)

    assert reminders.remind_unpublished_minutes() == 2
    assert len(sent_to(mailoutbox, leader_both.email)) == 2


def test_a_mandate_ending_is_told_to_its_agreements_leaders_only(
    leader_a, leader_b, agreement, agreement_b, mailoutbox
):
    from steering import reminders
    from steering.models import Seat

    today = timezone.localdate()
    Seat.objects.create(
        agreement=agreement_b,
        role="co_opted",
        affiliation="Adjungerad",
        person_name="Berit i Björkvik",
        mandate_start=today - 100 * DAY,
        mandate_end=today + 30 * DAY,
    )

    assert reminders.remind_mandates_ending() == 1
    (message,) = mailoutbox
    assert message.to == [leader_b.email]
    assert "Berit i Björkvik" in message.body


def test_the_waiting_matters_digest_goes_to_each_agreements_own_address(
    leader_a, agreement, agreement_b, mailoutbox, settings
):
    from steering import reminders
    from steering.models import Meeting, Motion

    settings.STEERING_GROUP_EMAIL = "styrgrupp@installation.test"
    agreement_b.steering_email = "styrgrupp@bjorkvik.test"
    agreement_b.save()
    soon = timezone.now() + 3 * DAY
    for one, title in ((agreement, "Fråga i A"), (agreement_b, "Fråga i B")):
        Motion.objects.create(agreement=one, title=title, text="Förslag", put_by=leader_a)
        Meeting.objects.create(agreement=one, starts_at=soon)

    assert reminders.remind_waiting_matters() == 2

    (to_a,) = sent_to(mailoutbox, "styrgrupp@installation.test")
    (to_b,) = sent_to(mailoutbox, "styrgrupp@bjorkvik.test")
    assert "Fråga i A" in to_a.body and "Fråga i B" not in to_a.body
    assert "Fråga i B" in to_b.body and "Fråga i A" not in to_b.body


def test_the_annual_review_goes_to_the_plans_own_leaders(
    leader_a, leader_b, agreement, agreement_b, mailoutbox
):
    from actionplan import reminders
    from actionplan.models import ActionPlan

    year = timezone.localdate().year
    ActionPlan.objects.create(
        agreement=agreement_b,
        title="Björkviks handlingsplan",
        first_year=year - 1,
        last_year=year + 2,
        review_month=1,
        review_day=1,
    )

    assert reminders.remind_annual_review() == 1
    (message,) = mailoutbox
    assert message.to == [leader_b.email]


def _empty_run_queries() -> int:
    from actionplan import reminders as actionplan_reminders
    from followup import reminders as followup_reminders
    from steering import reminders as steering_reminders

    jobs = [
        steering_reminders.remind_mandates_ending,
        steering_reminders.remind_waiting_matters,
        steering_reminders.remind_unanswered_questions,
        steering_reminders.remind_unpublished_minutes,
        followup_reminders.report_closed,
        actionplan_reminders.remind_annual_review,
    ]
    with CaptureQueriesContext(connection) as queries:
        for job in jobs:
            assert job() == 0
    return len(queries)


@pytest.mark.django_db
def test_a_run_with_nothing_to_send_costs_the_same_for_one_agreement_or_many(agreement, leader_a):
    from tests.agreement_factory import make_agreement

    one = _empty_run_queries()
    for number in range(5):
        make_agreement(f"kommun-{number}", f"Kommun {number}")

    assert _empty_run_queries() == one
