"""Higher apps hear of the steering group's decisions through hooks, inside the decision."""

import pytest

from common import hooks
from parties import services
from parties.models import Application, Membership
from parties.services import PartyError
from tests.parties.test_services import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(agreement, municipalities):
    return services.submit_application(application_data(municipalities))


def test_it_tells_the_hook_what_was_decided_by_whom_and_how_it_is_cited(submitted, steering_member):
    heard = []

    def hear(*, record, outcome, by, citation):
        heard.append((record.pk, outcome, by, citation))

    with hooks.register_temporarily("decision_taken", hear):
        services.approve_application(submitted, by=steering_member, citation={"note": "Mötet 3"})

    assert heard == [(submitted.pk, "approved", steering_member, {"note": "Mötet 3"})]


def test_it_stops_the_decision_with_the_message_of_a_hook_that_refuses(submitted, steering_member):
    def refuse(**kwargs):
        raise PartyError("Paragraph 4 is already taken.")

    with (
        hooks.register_temporarily("decision_taken", refuse),
        pytest.raises(PartyError, match="Paragraph 4 is already taken."),
    ):
        services.approve_application(submitted, by=steering_member)

    submitted.refresh_from_db()
    assert submitted.status == Application.Status.PENDING
    assert submitted.organisation.memberships.get().status != Membership.Status.ACTIVE


def test_it_keeps_the_party_when_a_hook_refuses_its_withdrawal(contact, steering_member):
    party = contact.party
    withdrawal = services.give_withdrawal_notice(
        party, by=contact, given_by_name="Kim", reason="Vi lägger ner."
    )

    def refuse(*, organisation, on, by, agreement):
        raise PartyError(f"{organisation.name} still chairs the group.")

    with (
        hooks.register_temporarily("party_withdrawn", refuse),
        pytest.raises(PartyError, match="still chairs"),
    ):
        services.register_withdrawal(withdrawal, by=steering_member)

    party.refresh_from_db()
    withdrawal.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.ACTIVE
    assert not withdrawal.is_registered
