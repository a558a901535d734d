"""A party that did not confirm its continued participation waits for the steering group:
it is listed with the other matters, and a decision keeps it or registers its withdrawal."""

import datetime

import pytest
from django.utils import timezone

from parties.models import Membership, Organisation, RenewalRequest
from parties.services import renewal
from steering import services
from steering.models import Decision, PerCapsulamQuestion
from tests.steering.test_admin import english, held_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def unanswered(agreement, make_party):
    """Two parties asked 60 days ago and silent since: past their deadline."""
    make_party("Tysta Föreningen")
    make_party("Stilla Stiftelsen")
    asked = timezone.now() - datetime.timedelta(days=60)
    renewal.ask_for_renewal(agreement.in_force, now=asked)
    requests = RenewalRequest.objects.awaiting_decision()
    assert requests.count() >= 2
    return {request.organisation.name: request for request in requests}


def test_it_lists_the_unanswered_among_the_matters_waiting(unanswered, as_user, process_leader):
    panel = english(as_user(process_leader)).get("/admin/").content.decode()
    assert "Continued participation not confirmed: Tysta Föreningen" in panel
    assert "/admin/parties/renewalrequest/?vantar=yes" in panel


def test_it_keeps_a_party_by_a_decision_at_a_meeting(unanswered, agreement, process_leader):
    request = unanswered["Tysta Föreningen"]
    meeting = held_meeting(agreement)

    services.decide_at_meeting(request, "keep", meeting=meeting, by=process_leader)

    request.refresh_from_db()
    decision = Decision.objects.get(meeting=meeting)
    assert request.status == RenewalRequest.Status.KEPT
    assert (decision.matter, decision.kind) == (request, "renewal_kept")
    assert "Tysta Föreningen" in decision.text
    assert request.organisation.memberships.get().status == Membership.Status.ACTIVE
    assert not RenewalRequest.objects.awaiting_decision().filter(pk=request.pk).exists()


def test_it_registers_the_withdrawal_by_a_decision_between_meetings(
    unanswered, agreement, process_leader, voters, django_capture_on_commit_callbacks
):
    request = unanswered["Stilla Stiftelsen"]
    with django_capture_on_commit_callbacks(execute=True):
        question = services.put_question(
            agreement,
            matter=request,
            proposal="withdraw",
            motivation="Har inte svarat på tre påminnelser.",
            deadline=timezone.now() + datetime.timedelta(days=3),
            by=process_leader,
        )
        for user in voters.values():
            services.answer_question(question, user=user, answer="yes")

    question.refresh_from_db()
    request.refresh_from_db()
    organisation = Organisation.objects.get(pk=request.membership.organisation_id)
    assert question.status == PerCapsulamQuestion.Status.DECIDED
    assert organisation.memberships.get().status == Membership.Status.WITHDRAWN
    assert request.status == RenewalRequest.Status.WITHDRAWING
    assert Decision.objects.filter(question=question).exists()
