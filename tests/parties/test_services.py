"""The services that change a party's status: one transaction and one audit record each."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.models import AuditEntry
from parties import services
from parties.demo import org_number
from parties.models import (
    ActivityArea,
    Application,
    ChangeRequest,
    ContactPerson,
    LegalForm,
    Membership,
    Organisation,
    Withdrawal,
)
from parties.services import (
    ApplicationData,
    DuplicateOrganisation,
    NotAllowed,
)

pytestmark = pytest.mark.django_db

NUMBER = org_number(123)


def application_data(municipalities, **changes) -> ApplicationData:
    values = {
        "name": "Föreningen Exempelgården",
        "org_number": NUMBER,
        "sector": "civil_society",
        "legal_form": LegalForm.NON_PROFIT_ASSOCIATION,
        "municipality": municipalities[0],
        "areas": list(ActivityArea.objects.filter(slug__in=["folkhalsa", "idrott"])),
        "website": "https://exempelgarden.test",
        "description": "Träffar för grannar.",
        "contact_name": "Kim Kontakt",
        "contact_role": "Sekreterare",
        "contact_email": "kim@exempelgarden.test",
        "contact_phone": "070-111 22 33",
        "signatory_name": "Olle Ordförande",
        "signatory_role": "Ordförande",
    }
    values.update(changes)
    return ApplicationData(**values)


@pytest.fixture
def submitted(agreement, municipalities):
    return services.submit_application(application_data(municipalities))


def row_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Application, ContactPerson, AuditEntry, get_user_model())
    }


# ---- applying -----------------------------------------------------------------------------


def test_it_registers_an_application_as_pending_with_a_snapshot(submitted):
    organisation = submitted.organisation
    assert submitted.status == Application.Status.PENDING
    assert organisation.memberships.get().status == Membership.Status.PENDING
    assert organisation.memberships.get().joined_on is None
    assert sorted(organisation.areas.values_list("slug", flat=True)) == ["folkhalsa", "idrott"]
    assert submitted.submitted_data["contact_email"] == "kim@exempelgarden.test"
    assert submitted.submitted_data["areas"] == ["Folkhälsa", "Idrott"]
    # The applicant is the contact person only once the steering group approves.
    assert not ContactPerson.objects.current().filter(organisation=organisation).exists()
    contact = ContactPerson.objects.pending().get(organisation=organisation)
    assert submitted.contact == contact
    assert contact.user.email == "kim@exempelgarden.test"
    assert not contact.user.has_usable_password()
    entries = list(organisation.audit_entries.order_by("pk"))
    assert [(e.subject_model, e.old_status, e.new_status) for e in entries] == [
        ("parties.membership", "", "pending"),
        ("parties.application", "", "pending"),
    ]


def test_it_refuses_a_duplicate_number_while_pending_and_creates_nothing(submitted, municipalities):
    before = row_counts()
    with pytest.raises(DuplicateOrganisation):
        services.submit_application(
            application_data(municipalities, name="Samma nummer", contact_email="x@y.test")
        )
    assert row_counts() == before


def test_it_refuses_a_duplicate_number_of_an_active_party_and_creates_nothing(
    submitted, municipalities, steering_member
):
    services.approve_application(submitted, by=steering_member)
    before = row_counts()
    with pytest.raises(DuplicateOrganisation) as error:
        services.submit_application(application_data(municipalities, contact_email="a@b.test"))
    assert str(error.value)  # a message for the applicant
    assert row_counts() == before


def test_it_does_not_approve_an_applicant_who_already_speaks_for_another_party(
    contact, municipalities, steering_member
):
    # Applying proves nothing about the address, so it neither fails nor moves the role…
    application = services.submit_application(
        application_data(municipalities, contact_email=contact.email)
    )
    assert ContactPerson.objects.current().get(user=contact).organisation == contact.party
    # …but the steering group cannot make one account the contact of two parties.
    with pytest.raises(NotAllowed, match=contact.party.name):
        services.approve_application(application, by=steering_member)
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_it_leaves_the_contact_of_another_party_alone_when_someone_applies_with_their_address(
    make_party, municipalities
):
    from tests.conftest import _make_user

    victim = _make_user("kassor@avslagen.test")
    rejected = make_party("Avslagna Föreningen", status="rejected", user=victim)
    services.submit_application(application_data(municipalities, contact_email=victim.email))
    assert ContactPerson.objects.current().get(user=victim).organisation == rejected


# ---- deciding -----------------------------------------------------------------------------


def test_it_approves_an_application_and_emails_the_contact(
    submitted, steering_member, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(submitted, by=steering_member, reason="Beslut 2026-05")

    submitted.refresh_from_db()
    organisation = submitted.organisation
    organisation.refresh_from_db()
    assert submitted.status == Application.Status.APPROVED
    assert submitted.decided_by == steering_member
    assert submitted.decided_at is not None
    assert submitted.decision_reason == "Beslut 2026-05"
    assert organisation.memberships.get().status == Membership.Status.ACTIVE
    assert organisation.memberships.get().joined_on == timezone.localdate()

    entries = organisation.audit_entries.filter(actor=steering_member)
    application_entry = entries.get(content_type__model="application")
    assert (application_entry.old_status, application_entry.new_status) == ("pending", "approved")
    assert application_entry.reason == "Beslut 2026-05"
    assert application_entry.at is not None
    organisation_entry = entries.get(content_type__model="membership")
    assert (organisation_entry.old_status, organisation_entry.new_status) == ("pending", "active")

    assert [m.to for m in mailoutbox] == [["kim@exempelgarden.test"]]
    assert organisation.get_absolute_url() in mailoutbox[0].body


def test_it_requires_a_reason_to_reject(submitted, steering_member):
    for reason in ("", "   "):
        with pytest.raises(NotAllowed):
            services.reject_application(submitted, by=steering_member, reason=reason)
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.PENDING
    assert submitted.organisation.audit_entries.count() == 2


def test_it_rejects_with_the_reason_and_emails_it(
    submitted, steering_member, django_capture_on_commit_callbacks, mailoutbox
):
    reason = "Organisationen hör inte hemma i länet."
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(submitted, by=steering_member, reason=reason)

    submitted.refresh_from_db()
    assert submitted.status == Application.Status.REJECTED
    assert submitted.decision_reason == reason
    assert submitted.organisation.memberships.get().status == Membership.Status.REJECTED
    entry = submitted.organisation.audit_entries.get(
        content_type__model="application", new_status="rejected"
    )
    assert (entry.actor, entry.reason) == (steering_member, reason)
    assert [m.to for m in mailoutbox] == [["kim@exempelgarden.test"]]
    assert reason in mailoutbox[0].body


@pytest.mark.parametrize("first", ["approve", "reject"])
def test_it_does_not_decide_an_application_twice(submitted, steering_member, process_leader, first):
    decide = {
        "approve": lambda by: services.approve_application(submitted, by=by),
        "reject": lambda by: services.reject_application(submitted, by=by, reason="Nej"),
    }
    decide[first](steering_member)
    entries = AuditEntry.objects.count()
    for second in ("approve", "reject"):
        with pytest.raises(NotAllowed):
            decide[second](process_leader)
    submitted.refresh_from_db()
    assert submitted.decided_by == steering_member
    assert AuditEntry.objects.count() == entries


# ---- withdrawing --------------------------------------------------------------------------


def test_it_takes_notice_of_withdrawal_only_from_an_active_party(submitted, applicant):
    with pytest.raises(NotAllowed):
        services.give_withdrawal_notice(
            submitted.organisation, by=applicant, given_by_name="Kim", reason="Vi slutar"
        )
    assert not Withdrawal.objects.exists()


def test_it_takes_notice_of_withdrawal_once(contact):
    party = contact.party
    withdrawal = services.give_withdrawal_notice(
        party, by=contact, given_by_name=" Kim Kontakt ", reason=" Vi lägger ner. "
    )
    assert withdrawal.notice_date == timezone.localdate()
    assert (withdrawal.given_by_name, withdrawal.reason) == ("Kim Kontakt", "Vi lägger ner.")
    party.refresh_from_db()
    assert (
        party.memberships.get().status == Membership.Status.ACTIVE
    )  # until the steering group registers it
    assert party.audit_entries.get(content_type__model="withdrawal").new_status == ("notice_given")
    with pytest.raises(NotAllowed):
        services.give_withdrawal_notice(party, by=contact, given_by_name="Kim", reason="Igen")
    assert Withdrawal.objects.count() == 1


def test_it_registers_a_withdrawal(
    contact, steering_member, django_capture_on_commit_callbacks, mailoutbox
):
    party = contact.party
    withdrawal = services.give_withdrawal_notice(
        party, by=contact, given_by_name="Kim", reason="Vi lägger ner."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.register_withdrawal(withdrawal, by=steering_member, note="Styrgruppsmöte 3")

    withdrawal.refresh_from_db()
    party.refresh_from_db()
    assert withdrawal.is_registered and withdrawal.registered_by == steering_member
    assert party.memberships.get().status == Membership.Status.WITHDRAWN
    assert party.memberships.get().withdrawn_on == timezone.localdate()
    assert party.memberships.get().joined_on is not None  # history kept
    registered = party.audit_entries.get(new_status="registered")
    assert (registered.actor, registered.reason) == (steering_member, "Styrgruppsmöte 3")
    withdrawn = party.audit_entries.get(content_type__model="membership")
    assert (withdrawn.old_status, withdrawn.new_status) == ("active", "withdrawn")
    assert withdrawn.reason == "Vi lägger ner."
    assert [m.to for m in mailoutbox] == [[contact.email]]

    with pytest.raises(NotAllowed):
        services.register_withdrawal(withdrawal, by=steering_member)


def test_it_lets_a_withdrawn_party_apply_again_and_keeps_its_history(
    submitted, steering_member, municipalities
):
    organisation = submitted.organisation
    services.approve_application(submitted, by=steering_member)
    contact_user = ContactPerson.objects.current().get(organisation=organisation).user
    withdrawal = services.give_withdrawal_notice(
        organisation, by=contact_user, given_by_name="Kim", reason="Paus"
    )
    services.register_withdrawal(withdrawal, by=steering_member)
    organisation.refresh_from_db()
    history = list(organisation.audit_entries.values_list("pk", flat=True))

    again = services.submit_application(
        application_data(municipalities, description="Vi är tillbaka.")
    )
    services.approve_application(again, by=steering_member)

    # One organisation and one membership: applying again reopens it, and the history
    # of the earlier membership stays.
    assert again.organisation.pk == organisation.pk
    assert set(history) <= set(organisation.audit_entries.values_list("pk", flat=True))
    membership = organisation.memberships.get()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_on == timezone.localdate() and membership.withdrawn_on is None
    organisation.refresh_from_db()
    assert organisation.description == "Vi är tillbaka."
    assert Organisation.objects.filter(org_number=NUMBER).count() == 1
    statuses = list(
        organisation.audit_entries.filter(content_type__model="membership")
        .order_by("pk")
        .values_list("new_status", flat=True)
    )
    assert statuses == ["pending", "active", "withdrawn", "pending", "active"]


def test_it_does_not_let_a_stranger_take_over_a_withdrawn_party(
    make_party, municipalities, steering_member
):
    from tests.conftest import _make_user

    owner = _make_user("ordforande@offer.test")
    party = make_party("Offerföreningen", user=owner)
    services.register_written_withdrawal(
        party,
        by=steering_member,
        given_by_name="Ordföranden",
        reason="Hemligt skäl",
        notice_date=datetime.date(2026, 10, 1),
    )
    services.submit_application(
        application_data(
            municipalities,
            org_number=party.org_number,
            name="Inkräktaren",
            contact_email="inkraktare@exempel.test",
        )
    )
    # The application waits for the steering group; nothing of the organisation changed.
    party.refresh_from_db()
    assert party.name == "Offerföreningen"
    assert party.memberships.get().status == Membership.Status.PENDING
    assert ContactPerson.objects.current().get(organisation=party).user == owner


def test_it_registers_a_withdrawal_received_in_writing(make_party, steering_member):
    party = make_party("Brevföreningen")
    withdrawal = services.register_written_withdrawal(
        party,
        by=steering_member,
        given_by_name="Styrelsen",
        reason="Brev 2026-10-01",
        notice_date=datetime.date(2026, 10, 1),
    )
    party.refresh_from_db()
    assert party.memberships.get().status == Membership.Status.WITHDRAWN
    assert withdrawal.is_registered and withdrawal.notice_date == datetime.date(2026, 10, 1)
    assert party.audit_entries.filter(content_type__model="withdrawal").count() == 2
    with pytest.raises(NotAllowed):
        services.register_written_withdrawal(
            make_party("Framtidsföreningen"),
            by=steering_member,
            given_by_name="X",
            reason="Y",
            notice_date=datetime.date(2999, 1, 1),
        )


# ---- changes of name or number ------------------------------------------------------------


def test_it_changes_name_and_number_only_when_approved(
    contact, steering_member, django_capture_on_commit_callbacks, mailoutbox
):
    party = contact.party
    old_name, old_number = party.name, party.org_number
    change = services.request_change(
        party, by=contact, new_name="Aktiva Föreningen i Länet", new_org_number=org_number(7)
    )
    party.refresh_from_db()
    assert (party.name, party.org_number) == (old_name, old_number)
    assert (change.current_name, change.current_org_number) == (old_name, old_number)
    with pytest.raises(NotAllowed):
        services.request_change(party, by=contact, new_name="Ännu ett", new_org_number=old_number)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_change(change, by=steering_member, reason="OK")

    party.refresh_from_db()
    change.refresh_from_db()
    assert (party.name, party.org_number) == ("Aktiva Föreningen i Länet", org_number(7))
    assert change.status == ChangeRequest.Status.APPROVED
    assert change.decided_by == steering_member
    entry = party.audit_entries.get(content_type__model="changerequest", new_status="approved")
    assert (entry.actor, entry.reason) == (steering_member, "OK")
    assert [m.to for m in mailoutbox] == [[contact.email]]
    with pytest.raises(NotAllowed):
        services.reject_change(change, by=steering_member, reason="För sent")


def test_it_rejects_a_change_only_with_a_reason(contact, steering_member):
    party = contact.party
    change = services.request_change(
        party, by=contact, new_name="Nytt namn", new_org_number=party.org_number
    )
    with pytest.raises(NotAllowed):
        services.reject_change(change, by=steering_member, reason=" ")
    services.reject_change(change, by=steering_member, reason="Stadgarna säger annat")
    change.refresh_from_db()
    party.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    assert change.decision_reason == "Stadgarna säger annat"
    assert party.name == "Aktiva Föreningen"


def test_it_refuses_a_change_to_the_number_of_another_party(contact, make_party):
    other = make_party("Annan Förening")
    with pytest.raises(DuplicateOrganisation):
        services.request_change(
            contact.party, by=contact, new_name="Nytt", new_org_number=other.org_number
        )
    assert not ChangeRequest.objects.exists()


# ---- handing over the contact role --------------------------------------------------------


def test_it_hands_the_contact_role_over_to_an_invited_colleague(
    contact, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    party = contact.party
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_contact(party, by=contact, email=applicant.email)
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert invitation.token in mailoutbox[0].body

    new = services.accept_contact_invitation(
        invitation, user=applicant, name="Sara Sekreterare", role="Sekreterare", phone="070-2"
    )

    old = ContactPerson.objects.get(organisation=party, user=contact)
    assert not old.is_current and old.ended_at is not None
    assert ContactPerson.objects.current().get(organisation=party) == new
    assert (new.user, new.email, new.name) == (applicant, applicant.email, "Sara Sekreterare")
    invitation.refresh_from_db()
    assert invitation.accepted_by == applicant
    entry = party.audit_entries.get(content_type__model="contactperson")
    assert entry.new_status == f"contact #{new.pk}"
    with pytest.raises(NotAllowed):  # used up
        services.accept_contact_invitation(
            invitation, user=applicant, name="Sara", role="", phone=""
        )


def test_it_needs_a_verified_address_to_accept_an_invitation(contact, applicant):
    party = contact.party
    invitation = services.invite_contact(party, by=contact, email="kollega@forening.test")
    with pytest.raises(NotAllowed):  # signed in with another address
        services.accept_contact_invitation(invitation, user=applicant, name="A", role="", phone="")
    EmailAddress.objects.create(user=applicant, email="kollega@forening.test", verified=False)
    with pytest.raises(NotAllowed):  # the right address, not yet verified
        services.accept_contact_invitation(invitation, user=applicant, name="A", role="", phone="")
    assert ContactPerson.objects.current().get(organisation=party).user == contact

    EmailAddress.objects.filter(email="kollega@forening.test").update(verified=True)
    services.accept_contact_invitation(invitation, user=applicant, name="A", role="", phone="")
    assert ContactPerson.objects.current().get(organisation=party).user == applicant


def test_it_cancels_the_earlier_invitation_when_a_new_one_is_sent(contact):
    party = contact.party
    first = services.invite_contact(party, by=contact, email="a@forening.test")
    second = services.invite_contact(party, by=contact, email="b@forening.test")
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert list(party.contact_invitations.open()) == [second]
