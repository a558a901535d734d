"""Applying to join the agreement, and the steering group's decision on an application."""

import secrets
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parties.models import (
    ActivityArea,
    Application,
    ContactPerson,
    Membership,
    Municipality,
    Organisation,
)
from parties.services.contacts import make_contact_current
from parties.services.decisions import decide, locked_pending, record, required_reason
from parties.services.errors import Conflict, DuplicateOrganisation, duplicate_message
from parties.tasks import notify


@dataclass
class ApplicationData:
    """What the application form collects, already validated and normalised."""

    name: str
    org_number: str
    sector: str
    legal_form: str
    municipality: Municipality
    areas: list[ActivityArea]
    website: str
    description: str
    contact_name: str
    contact_role: str
    contact_email: str
    contact_phone: str
    signatory_name: str
    signatory_role: str
    supports_democratic_values: bool = True
    endorses_agreement: bool = True
    decided_by_own_statutes: bool = True
    consents_to_processing: bool = True
    attachment: UploadedFile | None = None
    extra: dict = field(default_factory=dict)

    def snapshot(self) -> dict:
        return {
            "name": self.name,
            "org_number": self.org_number,
            "sector": self.sector,
            "legal_form": self.legal_form,
            "municipality": self.municipality.name,
            "areas": [area.name for area in self.areas],
            "website": self.website,
            "description": self.description,
            "contact_name": self.contact_name,
            "contact_role": self.contact_role,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "signatory_name": self.signatory_name,
            "signatory_role": self.signatory_role,
        }


# ---- accounts -----------------------------------------------------------------------------


def existing_account(email: str):
    """The account that already has this email address, or None."""
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).first()


def speaks_for_itself(actor, user, email: str) -> bool:
    """Whether the person acting is the account's holder, signed in with this address verified."""
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.pk == user.pk
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def account_for_email(email: str):
    """The account for an email address, created without a password if there is none."""
    User = get_user_model()
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address:
        return address.user
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email.lower()[:150], email=email)
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": False}
    )
    return user


# ---- applying -----------------------------------------------------------------------------


def _unique_slug(name: str, org_number: str) -> str:
    base = slugify(name)[:180] or "organisation"
    candidates = [base, f"{base}-{org_number.replace('-', '')}"]
    candidates += [f"{base}-{org_number.replace('-', '')}-{n}" for n in range(2, 50)]
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    return f"{base}-{secrets.token_hex(4)}"


def _apply_details(organisation: Organisation, data: ApplicationData) -> None:
    organisation.name = data.name
    organisation.org_number = data.org_number
    organisation.sector = data.sector
    organisation.legal_form = data.legal_form
    organisation.municipality = data.municipality
    organisation.website = data.website
    organisation.description = data.description


def submit_application(data: ApplicationData, *, actor=None, agreement=None) -> Application:
    """Register an application to join `agreement` (by default the request's): the
    organisation's membership there becomes (or again becomes) pending.

    An organisation number the portal knows keeps its one organisation: the application
    adds (or reopens) a membership of it. Raises DuplicateOrganisation when the
    organisation is already a party to the agreement or has applied, also when another
    request is applying at the same moment (the database constraints decide).
    """
    from parties.services.memberships import default_agreement

    agreement = agreement or default_agreement()
    try:
        with transaction.atomic():
            return _submit(data, actor, agreement)
    except IntegrityError:
        if Membership._base_manager.filter(
            organisation__org_number=data.org_number,
            agreement=agreement,
            status__in=Membership.LIVE_STATUSES,
        ).exists():
            raise DuplicateOrganisation(duplicate_message()) from None
        # Another request changed the same rows at the same moment; nothing was saved.
        raise Conflict(
            _("Someone else sent details for the same organisation or address just now. Try again.")
        ) from None


def _submit(data: ApplicationData, actor, agreement) -> Application:
    organisation = (
        Organisation.objects.select_for_update().filter(org_number=data.org_number).first()
    )
    membership = None
    if organisation is None:
        organisation = Organisation()
        _apply_details(organisation, data)
        organisation.slug = _unique_slug(data.name, data.org_number)
        organisation.save()
        organisation.areas.set(data.areas)
    else:
        membership = (
            Membership._base_manager.select_for_update()
            .filter(organisation=organisation, agreement=agreement)
            .first()
        )
        if membership is not None and membership.is_live:
            raise DuplicateOrganisation(duplicate_message())
        # An application proves nothing about who speaks for a known organisation: its
        # details change only when the steering group approves (`_take_details`).

    old = membership.status if membership is not None else ""
    if membership is None:
        membership = Membership(organisation=organisation, agreement=agreement)
    membership.status = Membership.Status.PENDING
    membership.joined_on = membership.withdrawn_on = None
    membership.save()

    # The applicant becomes the contact person only when the steering group approves: an
    # application proves nothing about the address, so it must not move anyone's role. An
    # account that already exists is someone's: its holder confirms the role by a link first,
    # unless the holder is the one applying. The organisation's current contact applying
    # for another agreement stays its contact.
    holder = existing_account(data.contact_email)
    current = ContactPerson.objects.current().filter(organisation=organisation).first()
    if current is not None and holder is not None and current.user_id == holder.pk:
        contact = current
    else:
        contact = ContactPerson.objects.create(
            organisation=organisation,
            user=holder or account_for_email(data.contact_email),
            name=data.contact_name,
            role=data.contact_role,
            email=data.contact_email,
            phone=data.contact_phone,
            is_current=False,
            awaits_confirmation=(
                holder is not None and not speaks_for_itself(actor, holder, data.contact_email)
            ),
        )
    application = Application(
        membership=membership,
        contact=contact,
        submitted_data=data.snapshot(),
        signatory_name=data.signatory_name,
        signatory_role=data.signatory_role,
        supports_democratic_values=data.supports_democratic_values,
        endorses_agreement=data.endorses_agreement,
        decided_by_own_statutes=data.decided_by_own_statutes,
        consents_to_processing=data.consents_to_processing,
    )
    if data.attachment is not None:
        application.attachment.save("application.pdf", data.attachment, save=False)
    application.save()

    record(membership, old, membership.status, actor=actor, reason=_("Application submitted"))
    record(application, "", application.status, actor=actor)
    notify("application_received", application.pk)
    notify("application_to_steering_group", application.pk)
    return application


@transaction.atomic
def approve_application(
    application: Application, *, by, reason: str = "", citation: dict | None = None
) -> Application:
    application = locked_pending(
        Application, application, _("This application has already been decided.")
    )
    membership = Membership._base_manager.select_for_update().get(pk=application.membership_id)
    now = timezone.now()
    _make_applicant_the_contact(application, by=by)
    decide(
        application,
        Application.Status.APPROVED,
        by=by,
        reason=reason,
        when=now,
        citation=citation,
    )
    _take_details(application, membership)
    old = membership.status
    membership.status = Membership.Status.ACTIVE
    membership.joined_on = timezone.localdate(now)
    membership.withdrawn_on = None
    membership.save(update_fields=["status", "joined_on", "withdrawn_on", "updated_at"])
    record(membership, old, membership.status, actor=by, reason=_("Application approved"))
    notify("application_approved", application.pk)
    return application


def _take_details(application: Application, membership: Membership) -> None:
    """An approved application of an organisation that is a party nowhere else (it applies
    again after leaving or a rejection) brings the details it was submitted with."""
    if Membership._base_manager.filter(
        organisation_id=membership.organisation_id, status=Membership.Status.ACTIVE
    ).exists():
        return
    data = application.submitted_data
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    municipality = Municipality.objects.filter(name=data.get("municipality")).first()
    for name in ("name", "sector", "legal_form", "website", "description"):
        if name in data:
            setattr(organisation, name, data[name])
    if municipality is not None:
        organisation.municipality = municipality
    organisation.save()
    if data.get("areas") is not None:
        organisation.areas.set(ActivityArea.objects.filter(name__in=data["areas"]))


def _make_applicant_the_contact(application: Application, *, by) -> None:
    contact = application.contact
    if contact is None or contact.is_current:
        return
    make_contact_current(contact, by=by, reason=_("Application approved"))


@transaction.atomic
def reject_application(
    application: Application, *, by, reason: str, citation: dict | None = None
) -> Application:
    reason = required_reason(reason, _("Give a reason for rejecting the application."))
    application = locked_pending(
        Application, application, _("This application has already been decided.")
    )
    membership = Membership._base_manager.select_for_update().get(pk=application.membership_id)
    decide(application, Application.Status.REJECTED, by=by, reason=reason, citation=citation)
    if application.contact_id and not application.contact.is_current:
        ContactPerson.objects.pending().filter(pk=application.contact_id).update(
            ended_at=application.decided_at
        )
    old = membership.status
    if old == Membership.Status.PENDING:
        membership.status = Membership.Status.REJECTED
        membership.save(update_fields=["status", "updated_at"])
        record(membership, old, membership.status, actor=by, reason=reason)
    notify("application_rejected", application.pk)
    return application
