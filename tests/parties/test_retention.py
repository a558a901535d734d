"""Personal data of rejected applications and ended contacts is erased after the retention
time; the anonymous records stay."""

import datetime
import io
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEntry, SentNotification
from parties import retention, services
from parties.models import (
    ActivityArea,
    Application,
    ContactInvitation,
    ContactPerson,
    LegalForm,
)
from parties.tasks import erase_expired_personal_data
from tests.parties.conftest import make_pdf

pytestmark = pytest.mark.django_db

APPLICANT = "kim@exempelgarden.test"


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def rejected(agreement, municipalities, steering_member, django_capture_on_commit_callbacks):
    """An application with an attachment, rejected (and emailed about) now."""

    def reject(*, decided_days_ago: int = 400, email: str = APPLICANT) -> Application:
        data = services.ApplicationData(
            name="Föreningen Exempelgården",
            org_number="802400-1235",
            sector="civil_society",
            legal_form=LegalForm.NON_PROFIT_ASSOCIATION,
            municipality=municipalities[0],
            areas=list(ActivityArea.objects.filter(slug="folkhalsa")),
            website="https://exempelgarden.test",
            description="Träffar för grannar.",
            contact_name="Kim Kontakt",
            contact_role="Sekreterare",
            contact_email=email,
            contact_phone="070-111 22 33",
            signatory_name="Olle Ordförande",
            signatory_role="Ordförande",
            attachment=ContentFile(make_pdf(), name="beslut.pdf"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            application = services.submit_application(data)
            services.reject_application(application, by=steering_member, reason="Inte i länet.")
        when = days_ago(decided_days_ago)
        Application.objects.filter(pk=application.pk).update(decided_at=when)
        ContactPerson.objects.filter(pk=application.contact_id).update(ended_at=when)
        application.refresh_from_db()
        return application

    return reject


@pytest.fixture
def ended_contact(make_party, contact):
    """The contact of `contact.party` before the current one, ended 400 days ago."""
    former = get_user_model().objects.create_user(
        username="tidigare@forening.test", email="tidigare@forening.test", password="x-y-z-123"
    )
    ended = ContactPerson.objects.create(
        organisation=contact.party,
        user=former,
        name="Tidigare Kontakt",
        role="Kassör",
        email="tidigare@forening.test",
        phone="070-555 44 33",
        is_current=False,
        ended_at=days_ago(400),
    )
    return ended


def holding(email: str) -> list[str]:
    """Where the database still holds `email`."""
    places = {
        "application": Application.objects.filter(submitted_data__contact_email=email),
        "contact": ContactPerson.objects.filter(email__iexact=email),
        "account": get_user_model().objects.filter(Q(email__iexact=email) | Q(username=email)),
        "address": EmailAddress.objects.filter(email__iexact=email),
        "outbox": SentNotification.objects.filter(recipient__iexact=email),
        "invitation": ContactInvitation.objects.filter(email__iexact=email),
    }
    return [name for name, rows in places.items() if rows.exists()]


def test_it_erases_an_old_rejected_application_and_keeps_the_anonymous_record(rejected):
    application = rejected()
    attachment = Path(application.attachment.path)
    assert attachment.exists()
    assert "outbox" in holding(APPLICANT)

    erased = retention.erase_expired()

    assert (erased.applications, erased.contacts, erased.accounts) == (1, 1, 1)
    application.refresh_from_db()
    snapshot = application.submitted_data
    assert snapshot["name"] == "Föreningen Exempelgården"
    assert snapshot["org_number"] == "802400-1235"
    assert (snapshot["contact_name"], snapshot["contact_phone"]) == ("Raderad", "")
    assert (application.signatory_name, application.signatory_role) == ("Raderad", "")
    assert application.status == Application.Status.REJECTED
    assert application.decision_reason == "Inte i länet."
    assert not application.attachment
    assert not attachment.exists()
    contact = application.contact
    contact.refresh_from_db()
    assert (contact.name, contact.role, contact.phone) == ("Raderad", "", "")
    # Nothing anywhere still names the applicant's address: not the account made for the
    # application, not the emails sent about it.
    assert holding(APPLICANT) == []
    assert "Kim Kontakt" not in str(Application.objects.values_list("submitted_data", flat=True))
    entry = AuditEntry.objects.about(application).get(new_status=retention.ERASED)
    assert entry.owner == application.organisation
    assert "365 dagar" in entry.reason  # the portal's language, whatever the job ran in


def test_it_erases_an_ended_contact_and_leaves_the_current_one(contact, ended_contact):
    current = ContactPerson.objects.get(organisation=contact.party, is_current=True)
    # Long a contact: when the role began says nothing about when the data may go.
    ContactPerson.objects.filter(pk=current.pk).update(started_at=days_ago(2000))

    erased = retention.erase_expired()

    assert (erased.applications, erased.contacts, erased.accounts) == (0, 1, 0)
    ended_contact.refresh_from_db()
    assert (ended_contact.name, ended_contact.role, ended_contact.phone) == ("Raderad", "", "")
    assert ended_contact.email.endswith("@erased.invalid")
    assert ended_contact.ended_at is not None
    current.refresh_from_db()
    assert (current.name, current.email) == ("Kontakt Person500000", contact.email)
    assert current.phone
    assert AuditEntry.objects.about(ended_contact).filter(new_status=retention.ERASED).count() == 1
    # The former contact still has an account of their own, used with a password: it stays.
    assert get_user_model().objects.get(pk=ended_contact.user_id).email == "tidigare@forening.test"


def test_it_erases_the_handover_to_an_ended_contact(contact, ended_contact):
    invitation = ContactInvitation.objects.create(
        organisation=contact.party,
        email="Tidigare@forening.test",
        invited_by=contact,
        accepted_at=days_ago(800),
    )

    retention.erase_expired()

    invitation.refresh_from_db()
    assert invitation.email == f"invitation-{invitation.pk}@erased.invalid"


def test_it_leaves_records_younger_than_the_retention_time(rejected, ended_contact, settings):
    application = rejected(decided_days_ago=300)
    ContactPerson.objects.filter(pk=ended_contact.pk).update(ended_at=days_ago(300))

    assert retention.erase_expired().total == 0
    application.refresh_from_db()
    assert application.signatory_name == "Olle Ordförande"
    assert application.attachment
    assert holding(APPLICANT) != []

    settings.PERSONAL_DATA_RETENTION_DAYS = 200
    erased = retention.erase_expired()
    assert (erased.applications, erased.contacts) == (1, 2)


def test_it_never_erases_a_current_or_pending_contact(make_party, municipalities, agreement):
    organisation = make_party("Gamla Föreningen")
    ContactPerson.objects.filter(organisation=organisation).update(
        started_at=days_ago(3000), ended_at=days_ago(1000)
    )
    services.submit_application(
        services.ApplicationData(
            name="Väntande Föreningen",
            org_number="802400-1235",
            sector="civil_society",
            legal_form=LegalForm.NON_PROFIT_ASSOCIATION,
            municipality=municipalities[0],
            areas=[],
            website="",
            description="",
            contact_name="Vän Tande",
            contact_role="",
            contact_email="vantande@forening.test",
            contact_phone="",
            signatory_name="Sig Natär",
            signatory_role="Ordförande",
        )
    )

    assert retention.erase_expired().total == 0
    assert set(ContactPerson.objects.values_list("name", flat=True)) == {
        "Kontakt Person500000",
        "Vän Tande",
    }


def test_it_erases_each_record_once(rejected, ended_contact):
    rejected()
    first = retention.erase_expired()
    entries = AuditEntry.objects.filter(new_status=retention.ERASED).count()

    second = retention.erase_expired()

    assert first.total == 4  # the application, both contacts and the unused account
    assert second.total == 0
    assert AuditEntry.objects.filter(new_status=retention.ERASED).count() == entries


def test_it_keeps_the_emails_to_an_address_that_is_still_in_use(rejected, make_party):
    # The applicant also speaks for another party, with the same address and account.
    user = get_user_model().objects.create_user(
        username="kim-konto", email=APPLICANT, password="x-y-z-123"
    )
    other_party = make_party("Andra Föreningen", user=user)
    application = rejected()
    about_other_party = SentNotification.objects.create(
        kind="followup_reminder",
        content_type=ContentType.objects.get_for_model(other_party),
        object_id=other_party.pk,
        recipient=APPLICANT,
    )
    about_application = SentNotification.objects.filter(
        content_type=ContentType.objects.get_for_model(application), object_id=application.pk
    )
    assert about_application.filter(recipient=APPLICANT).exists()

    retention.erase_expired()

    # The emails about the erased application lose the address; the rest keep it.
    assert not about_application.filter(recipient=APPLICANT).exists()
    about_other_party.refresh_from_db()
    assert about_other_party.recipient == APPLICANT
    assert get_user_model().objects.get(pk=user.pk).email == APPLICANT
    assert ContactPerson.objects.filter(email=APPLICANT, is_current=True).exists()


def test_the_command_prints_what_it_erased(rejected, ended_contact):
    rejected()
    out = io.StringIO()

    call_command("erase_expired_personal_data", stdout=out)
    call_command("erase_expired_personal_data", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first == ("Erased after 365 days: 1 applications, 2 contact persons, 1 unused accounts")
    assert second == ("Erased after 365 days: 0 applications, 0 contact persons, 0 unused accounts")


def test_the_task_erases_and_returns_the_count(ended_contact):
    assert erase_expired_personal_data.delay().get() == 1
    assert erase_expired_personal_data.delay().get() == 0
