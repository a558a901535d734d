"""The demo follow-up that `seed_demo` loads: a closed round answered by most parties, an
open one the demo contact person has to answer, a conference ahead and proposals in every
state; stable when loaded again, and without sending email."""

import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry, SentNotification
from common import demo_clock
from followup import invitations, response_rate, services
from followup.models import Conference, FollowUpRound, Response, RevisionProposal, RoundStatus
from parties.models import ContactPerson
from steering.models import Decision, DecisionKind
from tests.demo_host import serve_demo_here

pytestmark = pytest.mark.django_db

# The demo's first year (2026 as its story is written), moved with the day it is loaded.
FIRST_YEAR = demo_clock.year(2026)
REGION = "norradalen"


def seed(settings) -> None:
    settings.DEBUG = True  # the demo logins, the contact person among them
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        serve_demo_here()


@pytest.fixture
def demo(demo_world):
    # The region's rounds (Björkvik's: tests/demo/test_demo_two_agreements.py).
    return FollowUpRound.objects.filter(agreement__slug=REGION).order_by("year")


def counts() -> dict:
    models = [*apps.get_app_config("followup").get_models(), AuditEntry, SentNotification]
    models.append(Decision)
    return {model.__name__: model.objects.count() for model in models}


def test_it_seeds_a_closed_round_most_parties_answered(demo):
    closed = demo.get(year=FIRST_YEAR)
    assert closed.status == RoundStatus.CLOSED
    rates = response_rate.response_rates(closed)
    assert rates.overall.invited >= 30
    assert rates.overall.percent > 60
    assert rates.overall.drafts >= 2 and rates.overall.not_started >= 2
    assert len(rates.by_sector) == 2
    assert all(rate.submitted for rate in rates.by_sector)
    # The answers read like answers: comments from both sectors, all different parties.
    submitted = closed.responses.submitted()
    assert all(r.submitted_at and r.submitted_by for r in submitted)
    comments = {
        (r.organisation.sector, a.comment) for r in submitted for a in r.answers.all() if a.comment
    }
    assert {sector for sector, _comment in comments} == {"civil_society", "public"}
    assert len(comments) >= 8


def test_it_seeds_an_open_round_that_the_demo_contact_person_has_to_answer(demo):
    open_round = services.latest_round(demo.first().agreement)
    assert open_round.year == FIRST_YEAR + 1 and open_round.is_open
    user = get_user_model().objects.get(username="kontakt@exempel.se")
    party = ContactPerson.objects.current().get(user=user).organisation
    response = Response.objects.get(round=open_round, organisation=party)
    assert response.status != Response.Status.SUBMITTED
    statuses = set(open_round.responses.values_list("status", flat=True))
    assert statuses == {"not_started", "draft", "submitted"}


def test_it_seeds_an_upcoming_conference_with_a_place_and_a_programme(demo):
    conference = Conference.objects.upcoming().get()
    assert conference.starts_at > timezone.now() + datetime.timedelta(days=90)
    assert conference.place and conference.registration_note
    assert conference.programme.startswith("## ")


def test_it_seeds_proposals_in_every_state_and_decides_two_at_a_demo_meeting(demo):
    proposals = RevisionProposal.objects.all()
    assert set(proposals.values_list("status", flat=True)) == {
        "received",
        "to_conference",
        "adopted",
        "rejected",
    }
    assert proposals.filter(status="received", checked_at__isnull=True).exists()
    assert proposals.filter(status="to_conference", conference__isnull=False).exists()
    for proposal in proposals.filter(status__in=RevisionProposal.DECIDED):
        assert proposal.decision.meeting is not None
        assert proposal.decision.kind in (
            DecisionKind.REVISION_ADOPTED,
            DecisionKind.REVISION_REJECTED,
        )
        assert proposal.is_public


def test_it_sends_no_email_and_leaves_nothing_for_the_invitation_job(demo, demo_world):
    assert demo_world.sent == []
    assert invitations.invite(services.latest_round(demo.first().agreement)) == 0


def test_it_adds_nothing_when_run_twice(demo, settings):
    before = counts()
    seed(settings)
    assert counts() == before


def test_it_keeps_the_round_open_and_the_conference_ahead_on_a_later_day(demo, settings):
    later = timezone.now() + datetime.timedelta(days=60)
    with mock.patch("django.utils.timezone.now", return_value=later):
        seed(settings)
        open_round = FollowUpRound.objects.get(agreement__slug=REGION, year=FIRST_YEAR + 1)
        assert open_round.is_open
        assert Conference.objects.upcoming().exists()


def test_it_says_which_year_the_open_round_and_its_questions_are_about(demo):
    open_round = demo.get(year=FIRST_YEAR + 1)
    assert str(FIRST_YEAR + 1) in open_round.introduction
    texts = [q.text for q in open_round.questions.all()] + [
        q.theme for q in open_round.questions.all()
    ]
    assert not [text for text in texts if "under året" in text or "från året" in text]
    assert open_round.questions.filter(theme=f"Samverkan under {FIRST_YEAR + 1}").count() >= 3


def test_it_gives_the_contact_person_and_the_one_who_saved_the_same_name(demo):
    user = get_user_model().objects.get(username="kontakt@exempel.se")
    contact = ContactPerson.objects.current().get(user=user)
    assert contact.name == user.get_full_name()
    for saved in Response.objects.filter(saved_by__isnull=False).select_related("saved_by"):
        names = set(
            ContactPerson.objects.filter(
                organisation=saved.organisation_id, user=saved.saved_by
            ).values_list("name", flat=True)
        )
        assert names <= {saved.saved_by.get_full_name()}, saved
