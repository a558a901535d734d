"""The demo steering group that `seed_demo` loads: lawful, consistent with the demo
parties, and stable when loaded again (also on a later day)."""

import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone, translation

from agreements.models import Agreement
from audit.models import AuditEntry
from parties.models import Application
from steering.models import (
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    PerCapsulamQuestion,
    Role,
    Seat,
)
from steering.rules import composition_problems, quorum
from steering.voting import voting_seat_of, voting_seats
from tests.demo_host import serve_demo_here

pytestmark = pytest.mark.django_db


def seed(settings, debug: bool = True) -> None:
    settings.DEBUG = debug
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        serve_demo_here()


@pytest.fixture
def demo(settings, reference_data) -> Agreement:
    seed(settings)
    return Agreement.objects.current()


@pytest.fixture
def steering_login(demo):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="styrgrupp@exempel.se")


def test_it_seeds_a_group_without_composition_problems(demo):
    assert composition_problems(demo) == []
    current = Seat.objects.for_agreement(demo).current()
    ordinary = current.ordinary()
    assert ordinary.filter(organisation__sector="civil_society").count() == 4
    assert ordinary.filter(organisation__sector="public").count() == 4
    assert all(seat.organisation.is_active for seat in current.exclude(role=Role.CO_OPTED))


def test_it_takes_the_chair_and_the_vice_chair_from_different_sectors(demo):
    current = Seat.objects.for_agreement(demo).current()
    chair = current.get(role=Role.CHAIR)
    vice = current.get(role=Role.VICE_CHAIR)
    assert {chair.sector, vice.sector} == {"civil_society", "public"}
    for seat in (chair, vice):
        assert seat.mandate_end <= seat.mandate_start.replace(year=seat.mandate_start.year + 2)


def test_it_seeds_deputies_co_opted_and_earlier_members(demo):
    current = Seat.objects.for_agreement(demo).current()
    deputies = current.filter(role=Role.DEPUTY)
    assert deputies.count() == 2
    assert all(deputy.deputy_for in current.ordinary() for deputy in deputies)
    co_opted = current.filter(role=Role.CO_OPTED)
    assert co_opted.count() == 2
    assert all(seat.affiliation and seat.organisation is None for seat in co_opted)
    earlier = Seat.objects.for_agreement(demo).earlier()
    assert earlier.filter(ended_on__isnull=False).exclude(end_reason="").exists()
    assert earlier.filter(ended_on__isnull=True, mandate_end__lt=timezone.localdate()).exists()


def test_it_gives_the_demo_steering_login_a_voting_seat_and_a_question_to_answer(
    demo, steering_login
):
    seat = voting_seat_of(steering_login, demo)
    assert seat is not None and seat.is_voting
    question = PerCapsulamQuestion.objects.open().get(
        agreement=demo, kind=DecisionKind.APPLICATION_APPROVED
    )
    assert question.is_open
    assert question.deadline > timezone.now() + datetime.timedelta(days=2)
    assert question.matter.status == Application.Status.PENDING
    answered = set(question.answers.values_list("seat", flat=True))
    assert seat.pk not in answered
    assert answered and answered < {voter.pk for voter in voting_seats(demo)}


def test_it_puts_a_question_of_the_groups_own_with_an_attachment_to_the_demo_members(
    demo, steering_login
):
    question = PerCapsulamQuestion.objects.open().get(agreement=demo, kind=DecisionKind.OTHER)
    assert question.is_open
    motion = question.matter
    attached = motion.attachments.get()
    with attached.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert question.answers.exists()
    assert not question.answers.filter(seat__user=steering_login).exists()


def test_it_cites_one_decision_for_every_approved_demo_application_on_its_receipt(demo, client):
    # The region's (Björkvik's are under its prefix: tests/demo/test_demo_two_agreements.py).
    approved = Application.objects.filter(
        membership__agreement=demo, status=Application.Status.APPROVED
    )
    assert approved.count() >= 35
    for application in approved:
        decision = Decision.objects.about(application).get()
        assert decision.kind == DecisionKind.APPLICATION_APPROVED
        assert decision.decided_on == timezone.localdate(application.decided_at)
        assert decision.meeting.date <= decision.decided_on
        with translation.override("sv"):
            expected = decision.reference
        page = client.get(application.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv")
        assert expected in page.content.decode()
        assert f"§ {decision.number}" in expected


def test_it_publishes_the_checked_minutes_of_every_past_meeting_but_the_last(demo):
    held = list(Meeting.objects.filter(agreement=demo).held().order_by("starts_at"))
    assert len(held) >= 5
    *published, last = held
    assert all(m.minutes_are_public and m.minutes_checked_by for m in published)
    assert not last.minutes_are_public and last.minutes
    assert all(quorum(meeting).is_quorate for meeting in held)
    assert Attendance.objects.filter(meeting__in=held, stands_in_for__isnull=False).count() == 1
    assert Meeting.objects.filter(agreement=demo).upcoming().count() == 2


def test_it_adds_nothing_when_run_twice(demo, settings):
    models = [*apps.get_app_config("steering").get_models(), AuditEntry]
    before = {model: model.objects.count() for model in models}
    seed(settings)
    assert {model: model.objects.count() for model in models} == before


def test_it_keeps_two_meetings_and_one_open_question_ahead_on_a_later_day(demo, settings):
    later = timezone.now() + datetime.timedelta(days=45)
    with mock.patch("django.utils.timezone.now", return_value=later):
        seed(settings)
        seed(settings)
        assert Meeting.objects.filter(agreement=demo).upcoming().count() == 2
        questions = PerCapsulamQuestion.objects.open().filter(agreement=demo)
        # One about a waiting application, one of the steering group's own.
        assert sorted(question.kind for question in questions) == [
            DecisionKind.APPLICATION_APPROVED,
            DecisionKind.OTHER,
        ]
        assert all(question.is_open for question in questions)
        assert composition_problems(demo) == []


def test_it_links_the_steering_login_once_it_exists(settings, reference_data):
    seed(settings, debug=False)
    # Seated for the period before the story's too (the earlier seat ran out).
    seats = Seat.objects.filter(email="styrgrupp@exempel.se")
    assert seats.count() == 2
    assert not seats.filter(user__isnull=False).exists()
    seed(settings, debug=True)
    assert {seat.user.username for seat in seats.all()} == {"styrgrupp@exempel.se"}
