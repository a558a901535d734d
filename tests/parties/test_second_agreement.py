"""An organisation in two agreements: one organisation, a membership in each, applied for
from what the portal knows, withdrawn from one at a time, listed on its pages."""

import pytest

from agreements.models import Agreement
from common import hooks
from parties import services
from parties.models import Application, ContactPerson, Membership, Organisation
from parties.services import ApplicationData, DuplicateOrganisation

pytestmark = pytest.mark.django_db

MINE = "/min-organisation/"


@pytest.fixture
def bjorkvik(agreement):
    return Agreement.objects.create(
        slug="bjorkvik", name="Björkviks överenskommelse", region_name="Björkvik"
    )


def data_of(organisation, contact: ContactPerson) -> ApplicationData:
    return ApplicationData(
        name=organisation.name,
        org_number=organisation.org_number,
        sector=organisation.sector,
        legal_form=organisation.legal_form,
        municipality=organisation.municipality,
        areas=list(organisation.areas.all()),
        website=organisation.website,
        description=organisation.description,
        contact_name=contact.name,
        contact_role=contact.role,
        contact_email=contact.email,
        contact_phone=contact.phone,
        signatory_name="Olle Ordförande",
        signatory_role="Ordförande",
    )


def test_it_adds_a_membership_to_the_known_organisation_and_refuses_a_second_application(
    contact, bjorkvik, steering_member
):
    party = contact.party
    current = ContactPerson.objects.current().get(organisation=party)
    before = (Organisation.objects.count(), ContactPerson.objects.count())

    application = services.submit_application(
        data_of(party, current), actor=contact, agreement=bjorkvik
    )

    assert (Organisation.objects.count(), ContactPerson.objects.count()) == before
    assert application.membership.organisation == party
    assert application.contact == current
    assert {m.agreement.slug: m.status for m in party.memberships.all()} == {
        party.membership.agreement.slug: "active",
        "bjorkvik": "pending",
    }
    with pytest.raises(DuplicateOrganisation, match="redan part i överenskommelsen"):
        services.submit_application(data_of(party, current), actor=contact, agreement=bjorkvik)

    services.approve_application(application, by=steering_member)
    assert party.membership_in(bjorkvik).status == "active"
    assert ContactPerson.objects.current().get(organisation=party) == current

    # Leaving one agreement leaves the other be.
    withdrawal = services.register_written_withdrawal(
        party.membership_in(bjorkvik),
        by=steering_member,
        given_by_name="Styrelsen",
        reason="Vi stannar i regionen.",
        notice_date=application.submitted_at.date(),
    )
    assert withdrawal.membership.agreement == bjorkvik
    assert party.membership_in(bjorkvik).status == "withdrawn"
    assert party.membership_in(party.membership.agreement).status == "active"


def test_it_fills_in_the_signed_in_contacts_organisation(as_user, contact):
    response = as_user(contact).get("/anslut/")
    form = response.context["form"]
    assert form.initial["org_number"] == contact.party.org_number
    assert form.initial["name"] == contact.party.name
    assert form.initial["contact_email"] == contact.email


def test_it_lists_every_agreement_and_membership_of_the_organisation(
    as_user, client, contact, bjorkvik
):
    party = contact.party
    Membership.objects.create(
        organisation=party, agreement=bjorkvik, status="active", joined_on="2026-05-01"
    )

    page = client.get(party.get_absolute_url()).content.decode()
    assert party.membership.agreement.name in page and bjorkvik.name in page

    mine = as_user(contact).get(MINE).content.decode()
    assert bjorkvik.name in mine
    assert f"{MINE}uttrade/?avtal={bjorkvik.pk}" in mine

    response = as_user(contact).post(
        f"{MINE}uttrade/?avtal={bjorkvik.pk}",
        {"reason": "Vi stannar i regionen.", "given_by_name": "Kim", "confirm": "on"},
    )
    assert response.status_code == 302
    (notice,) = party.membership_in(bjorkvik).withdrawals.all()
    assert not party.membership.withdrawals.exists()
    assert not Application.objects.filter(membership__agreement=bjorkvik).exists()
    assert notice.membership.agreement == bjorkvik


def test_it_counts_each_agreements_active_parties_per_sector(make_party, agreement, bjorkvik):
    make_party("Ett")
    make_party("Två", sector="public")
    make_party("Väntar", status="pending")
    make_party("Björk", agreement=bjorkvik)
    (count,) = hooks.get_hooks("agreement_party_counts")

    counts = count([agreement, bjorkvik])

    assert {row["sector"]: row["count"] for row in counts[agreement.pk]} == {
        "civil_society": 1,
        "public": 1,
    }
    assert [row["count"] for row in counts[bjorkvik.pk]] == [1]
