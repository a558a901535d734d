"""Decisions in the parties app recorded as meeting paragraphs, and withdrawals ending seats."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from parties import services as party_services
from parties.models import Application
from parties.services import NotAllowed
from steering.models import Decision, Meeting, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are asserted in English; Swedish is tested on the pages."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def meeting(agreement):
    starts = timezone.make_aware(datetime.datetime(2026, 3, 12, 13, 0))
    return Meeting.objects.create(agreement=agreement, starts_at=starts, place="Kommunhuset")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_it_records_an_approval_as_the_paragraph_of_the_meeting_cited(
    apply, meeting, steering_member, client, english
):
    application = apply("Föreningen Paragrafen")

    party_services.approve_application(
        application, by=steering_member, citation={"meeting": meeting, "paragraph": 4}
    )

    decision = Decision.objects.get()
    assert (decision.meeting, decision.number, decision.kind) == (
        meeting,
        4,
        "application_approved",
    )
    assert decision.matter == application
    assert decision.decided_on == datetime.date(2026, 3, 12)
    assert "Föreningen Paragrafen" in decision.text
    receipt = client.get(application.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Approved by the steering group 12 March 2026, § 4" in receipt.content.decode()


def test_it_cites_the_paragraph_in_swedish_by_default(apply, meeting, steering_member, client):
    application = apply("Föreningen Svenska")
    party_services.approve_application(
        application, by=steering_member, citation={"meeting": meeting, "paragraph": 4}
    )
    receipt = client.get(application.get_absolute_url())
    assert "Godkänd av styrgruppen 12 mars 2026, § 4" in receipt.content.decode()


def test_it_refuses_a_paragraph_used_twice_and_saves_nothing(apply, meeting, steering_member):
    first, second = apply("Första Föreningen"), apply("Andra Föreningen")
    party_services.approve_application(
        first, by=steering_member, citation={"meeting": meeting, "paragraph": 4}
    )
    entries = AuditEntry.objects.count()

    with pytest.raises(NotAllowed, match="§ 4"):
        party_services.approve_application(
            second, by=steering_member, citation={"meeting": meeting, "paragraph": 4}
        )

    second.refresh_from_db()
    assert second.status == Application.Status.PENDING
    assert second.organisation.memberships.get().status == "pending"
    assert Decision.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_it_takes_the_next_free_paragraph_when_none_is_given(apply, meeting, steering_member):
    citation = {"meeting": meeting, "paragraph": 7}
    for name in ("Ett", "Två", "Tre"):
        party_services.approve_application(apply(name), by=steering_member, citation=citation)
    assert sorted(Decision.objects.values_list("number", flat=True)) == [7, 8, 9]


def test_it_records_no_paragraph_when_no_meeting_is_cited(apply, steering_member):
    party_services.approve_application(apply("Utan Möte"), by=steering_member)
    party_services.approve_application(
        apply("Tomt Val"), by=steering_member, citation={"meeting": None, "paragraph": None}
    )
    assert not Decision.objects.exists()


def test_it_asks_for_the_meeting_when_only_a_paragraph_is_given(apply, steering_member):
    application = apply("Bara Paragraf")
    with pytest.raises(NotAllowed, match="meeting"):
        party_services.approve_application(
            application, by=steering_member, citation={"meeting": None, "paragraph": 3}
        )
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_it_cites_rejections_and_registered_withdrawals_too(
    apply, meeting, steering_member, contact
):
    rejected = apply("Avslagna Föreningen")
    party_services.reject_application(
        rejected, by=steering_member, reason="Saknar stadgar", citation={"meeting": meeting}
    )
    withdrawal = party_services.give_withdrawal_notice(
        contact.party, by=contact, given_by_name="Kim", reason="Vi lägger ner"
    )
    party_services.register_withdrawal(
        withdrawal, by=steering_member, citation={"meeting": meeting}
    )
    kinds = dict(Decision.objects.values_list("number", "kind"))
    assert kinds == {1: "application_rejected", 2: "withdrawal_registered"}


def test_it_shows_the_reference_in_the_partys_history(
    as_user, meeting, steering_member, contact, english
):
    withdrawal = party_services.give_withdrawal_notice(
        contact.party, by=contact, given_by_name="Kim", reason="Vi lägger ner"
    )
    party_services.register_withdrawal(
        withdrawal, by=steering_member, citation={"meeting": meeting, "paragraph": 9}
    )
    history = as_user(steering_member).get(
        f"/admin/parties/organisation/{contact.party.pk}/change/"
    )
    assert "Registered by the steering group 12 March 2026, § 9" in history.content.decode()


# ---- a withdrawal ends the party's seats -----------------------------------------------------


def test_it_ends_the_seats_of_a_party_that_withdraws_in_the_same_transaction(
    group, steering_member, agreement
):
    from steering.rules import composition_problems

    party = group["civil_b"]
    withdrawal = party_services.give_withdrawal_notice(
        party, by=steering_member, given_by_name="Kim", reason="Vi lägger ner"
    )
    party_services.register_withdrawal(withdrawal, by=steering_member)

    seat = Seat.objects.get(pk=group["civil"].pk)
    today = timezone.localdate()
    assert seat.ended_on == today
    assert "lämnade" in seat.end_reason or "left" in seat.end_reason
    assert not seat.is_held_on(today)
    assert AuditEntry.objects.about(seat).get().new_status == "ended"
    assert [p.code for p in composition_problems(agreement)] == ["unbalanced"]
    # The other parties' seats are untouched.
    assert Seat.objects.current().count() == 3


def test_it_ends_no_seat_when_the_withdrawal_fails(group, steering_member):
    party = group["civil_b"]
    withdrawal = party_services.give_withdrawal_notice(
        party, by=steering_member, given_by_name="Kim", reason="Vi lägger ner"
    )
    party_services.register_withdrawal(withdrawal, by=steering_member)
    with pytest.raises(NotAllowed):
        party_services.register_withdrawal(withdrawal, by=steering_member)
    assert Seat.objects.filter(ended_on__isnull=False).count() == 1


def test_it_shows_a_partys_representatives_on_its_page_without_contact_details(
    group, public, english
):
    seat = group["civil"]
    seat.email, seat.phone, seat.title = "cecilia@hemlig.test", "070-999 88 77", "Ordförande"
    seat.save()
    page = public.get(group["civil_b"].get_absolute_url()).content.decode()
    assert "Cecilia Civil" in page and "In the steering group" in page
    assert "cecilia@hemlig.test" not in page and "070-999 88 77" not in page
