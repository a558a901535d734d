"""Every change of a party's status happens here: one function per change, one
transaction each, one audit record each. Admin actions, views, commands and tests
all call these functions."""

import datetime
import secrets
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit import trail
from audit.models import AuditEntry
from config import pagecache
from parties import extensions
from parties.models import (
    ActivityArea,
    Application,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    Municipality,
    Organisation,
    Withdrawal,
)
from parties.tasks import notify


class PartyError(Exception):
    """A change that the rules do not allow; the message is for the person who tried."""


class DuplicateOrganisation(PartyError):
    pass


class ContactBusy(PartyError):
    pass


class NotAllowed(PartyError):
    pass


class Conflict(PartyError):
    pass


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


def record(obj, old: str, new: str, *, actor=None, reason: str = "") -> AuditEntry:
    """Write the audit record of one status change of `obj` (a party or one of its records)."""
    organisation = obj if isinstance(obj, Organisation) else obj.organisation
    return trail.record(obj, old, new, owner=organisation, actor=actor, reason=reason)


def duplicate_message() -> str:
    return _(
        "An organisation with this organisation number is already a party to the agreement "
        "or has an application waiting for a decision."
    )


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


def submit_application(data: ApplicationData, *, actor=None) -> Application:
    """Register an application to join; the organisation becomes (or again becomes) pending.

    Raises DuplicateOrganisation when the number is already pending or active, also when
    another request is creating it at the same moment (the database constraint decides).
    """
    try:
        # A pending application shows on no public page: the cached pages stay.
        with pagecache.unseen_by_the_public(), transaction.atomic():
            return _submit(data, actor)
    except IntegrityError as error:
        if Organisation.objects.live().filter(org_number=data.org_number).exists() or (
            "organisation_one_live_per_org_number" in str(error)
        ):
            raise DuplicateOrganisation(duplicate_message()) from None
        # Another request changed the same rows at the same moment; nothing was saved.
        raise Conflict(
            _("Someone else sent details for the same organisation or address just now. Try again.")
        ) from None


def _busy_message() -> str:
    return _(
        "This email address is already the contact for another party. Use another address "
        "for this organisation."
    )


def _submit(data: ApplicationData, actor) -> Application:
    if Organisation.objects.live().filter(org_number=data.org_number).exists():
        raise DuplicateOrganisation(duplicate_message())

    # Every application makes a new record. An earlier, withdrawn or rejected record of the
    # same number keeps its own history, and nobody can take it over by applying again.
    organisation = Organisation(status=Organisation.Status.PENDING)
    _apply_details(organisation, data)
    organisation.slug = _unique_slug(data.name, data.org_number)
    organisation.save()
    organisation.areas.set(data.areas)

    # The applicant becomes the contact person only when the steering group approves: an
    # application proves nothing about the address, so it must not move anyone's role. An
    # account that already exists is someone's: its holder confirms the role by a link first,
    # unless the holder is the one applying.
    holder = existing_account(data.contact_email)
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
        organisation=organisation,
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

    record(organisation, "", organisation.status, actor=actor, reason=_("Application submitted"))
    record(application, "", application.status, actor=actor)
    notify("application_received", application.pk)
    notify("application_to_steering_group", application.pk)
    return application


# ---- deciding -----------------------------------------------------------------------------


def _locked_pending(model, obj, already_decided: str):
    """The row locked for the decision, if nobody has decided it yet."""
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if locked.status != model.Status.PENDING:
        raise NotAllowed(already_decided)
    return locked


def _required_reason(reason: str | None, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(missing)
    return reason


def _decide(decided, status: str, *, by, reason: str, when=None, citation=None) -> None:
    """Record the steering group's decision on an application or a change request."""
    decided.status = status
    decided.decided_at, decided.decided_by = when or timezone.now(), by
    decided.decision_reason = reason.strip()
    decided.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    record(decided, decided.Status.PENDING, status, actor=by, reason=decided.decision_reason)
    _tell_decided(decided, status, by=by, citation=citation)


def _tell_decided(decided, outcome: str, *, by, citation) -> None:
    """Let higher apps record the decision (a numbered paragraph) in this transaction."""
    extensions.decision_taken.send(
        sender=type(decided), record=decided, outcome=str(outcome), by=by, citation=citation
    )


@transaction.atomic
def approve_application(
    application: Application, *, by, reason: str = "", citation: dict | None = None
) -> Application:
    application = _locked_pending(
        Application, application, _("This application has already been decided.")
    )
    organisation = application.organisation
    now = timezone.now()
    _make_applicant_the_contact(application, by=by)
    _decide(
        application,
        Application.Status.APPROVED,
        by=by,
        reason=reason,
        when=now,
        citation=citation,
    )
    old = organisation.status
    organisation.status = Organisation.Status.ACTIVE
    organisation.joined_on = timezone.localdate(now)
    organisation.save(update_fields=["status", "joined_on", "updated_at"])
    record(organisation, old, organisation.status, actor=by, reason=_("Application approved"))
    notify("application_approved", application.pk)
    return application


def _make_applicant_the_contact(application: Application, *, by) -> None:
    contact = application.contact
    if contact is None or contact.is_current:
        return
    make_contact_current(contact, by=by, reason=_("Application approved"))


def make_contact_current(contact: ContactPerson, *, by, reason: str) -> None:
    """The named contact person of an approved application takes up the role, once the
    account's holder has confirmed it (see parties.confirmation)."""
    busy = (
        ContactPerson.objects.current()
        .filter(user=contact.user, organisation__status__in=Organisation.LIVE_STATUSES)
        .exclude(organisation=contact.organisation)
        .select_related("organisation")
        .first()
    )
    if busy is not None:
        raise NotAllowed(
            _(
                "%(email)s is already the contact person of %(party)s. Ask the applicant for "
                "another address before the application is approved."
            )
            % {"email": contact.email, "party": busy.organisation.name}
        )
    if contact.awaits_confirmation:
        return  # the holder becomes the contact person on confirming
    # A contact role at a party that has left or was rejected ends here.
    ContactPerson.objects.current().filter(user=contact.user).update(
        is_current=False, ended_at=timezone.now()
    )
    contact.is_current = True
    contact.save(update_fields=["is_current"])
    record(contact, "", f"contact #{contact.pk}", actor=by, reason=reason)


@transaction.atomic
def reject_application(
    application: Application, *, by, reason: str, citation: dict | None = None
) -> Application:
    reason = _required_reason(reason, _("Give a reason for rejecting the application."))
    application = _locked_pending(
        Application, application, _("This application has already been decided.")
    )
    organisation = application.organisation
    _decide(application, Application.Status.REJECTED, by=by, reason=reason, citation=citation)
    ContactPerson.objects.pending().filter(organisation=organisation).update(
        ended_at=application.decided_at
    )
    old = organisation.status
    if old == Organisation.Status.PENDING:
        organisation.status = Organisation.Status.REJECTED
        organisation.save(update_fields=["status", "updated_at"])
        record(organisation, old, organisation.status, actor=by, reason=reason)
    notify("application_rejected", application.pk)
    return application


# ---- withdrawing --------------------------------------------------------------------------


@transaction.atomic
def give_withdrawal_notice(
    organisation: Organisation,
    *,
    by,
    given_by_name: str,
    reason: str,
    notice_date: datetime.date | None = None,
    tell_steering_group: bool = True,
) -> Withdrawal:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Organisation.Status.ACTIVE:
        raise NotAllowed(_("Only a party to the agreement can give notice of withdrawal."))
    if organisation.withdrawals.unregistered().exists():
        raise NotAllowed(_("Notice of withdrawal has already been given."))
    withdrawal = Withdrawal.objects.create(
        organisation=organisation,
        notice_date=notice_date or timezone.localdate(),
        reason=reason.strip(),
        given_by=by,
        given_by_name=given_by_name.strip(),
    )
    record(withdrawal, "", "notice_given", actor=by, reason=withdrawal.reason)
    if tell_steering_group:
        notify("withdrawal_to_steering_group", withdrawal.pk)
    return withdrawal


@transaction.atomic
def register_withdrawal(
    withdrawal: Withdrawal, *, by, note: str = "", citation: dict | None = None
) -> Withdrawal:
    withdrawal = (
        Withdrawal.objects.select_for_update().select_related("organisation").get(pk=withdrawal.pk)
    )
    if withdrawal.is_registered:
        raise NotAllowed(_("This withdrawal has already been registered."))
    organisation = Organisation.objects.select_for_update().get(pk=withdrawal.organisation_id)
    now = timezone.now()
    withdrawal.registered_at, withdrawal.registered_by = now, by
    withdrawal.save(update_fields=["registered_at", "registered_by"])
    old = organisation.status
    organisation.status = Organisation.Status.WITHDRAWN
    organisation.withdrawn_on = timezone.localdate(now)
    organisation.save(update_fields=["status", "withdrawn_on", "updated_at"])
    record(withdrawal, "notice_given", "registered", actor=by, reason=note)
    record(organisation, old, organisation.status, actor=by, reason=withdrawal.reason)
    # Higher apps end what the party held (its seats) in this same transaction.
    extensions.party_withdrawn.send(
        sender=Organisation, organisation=organisation, on=organisation.withdrawn_on, by=by
    )
    _tell_decided(withdrawal, "registered", by=by, citation=citation)
    notify("withdrawal_registered", withdrawal.pk)
    return withdrawal


@transaction.atomic
def register_written_withdrawal(
    organisation: Organisation,
    *,
    by,
    given_by_name: str,
    reason: str,
    notice_date: datetime.date,
    citation: dict | None = None,
) -> Withdrawal:
    """A notice that reached the steering group on paper or by email, not through the
    portal: the steering group records it and registers it in one step."""
    if notice_date > timezone.localdate():
        raise NotAllowed(_("The date of the notice cannot be in the future."))
    withdrawal = give_withdrawal_notice(
        organisation,
        by=by,
        given_by_name=given_by_name,
        reason=reason,
        notice_date=notice_date,
        tell_steering_group=False,
    )
    return register_withdrawal(
        withdrawal, by=by, note=_("Notice received in writing"), citation=citation
    )


# ---- self-service -------------------------------------------------------------------------

PUBLIC_DETAIL_FIELDS = ("legal_form", "municipality", "website", "description")


@transaction.atomic
def update_public_details(
    organisation: Organisation, *, by, details: dict, areas: list[ActivityArea]
) -> Organisation:
    """Apply the details a contact person may change at once."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name in PUBLIC_DETAIL_FIELDS:
        setattr(organisation, name, details[name])
    organisation.save()
    organisation.areas.set(areas)
    return organisation


@transaction.atomic
def update_contact_details(contact: ContactPerson, *, name: str, role: str, phone: str) -> None:
    """The contact person's own details; not a status change, so no audit record."""
    ContactPerson.objects.filter(pk=contact.pk, is_current=True).update(
        name=name.strip(), role=role.strip(), phone=phone.strip()
    )


@transaction.atomic
def request_change(
    organisation: Organisation, *, by, new_name: str, new_org_number: str
) -> ChangeRequest:
    """Name and organisation number change only when the steering group approves."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.change_requests.filter(status=ChangeRequest.Status.PENDING).exists():
        raise NotAllowed(_("A change of name or number is already waiting for a decision."))
    if (
        new_org_number != organisation.org_number
        and Organisation.objects.live().filter(org_number=new_org_number).exists()
    ):
        raise DuplicateOrganisation(duplicate_message())
    change = ChangeRequest.objects.create(
        organisation=organisation,
        current_name=organisation.name,
        current_org_number=organisation.org_number,
        new_name=new_name,
        new_org_number=new_org_number,
        requested_by=by,
    )
    record(change, "", change.status, actor=by)
    notify("change_to_steering_group", change.pk)
    return change


def approve_change(
    change: ChangeRequest, *, by, reason: str = "", citation: dict | None = None
) -> ChangeRequest:
    try:
        with transaction.atomic():
            change = _locked_pending(
                ChangeRequest, change, _("This change has already been decided.")
            )
            organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
            organisation.name = change.new_name
            organisation.org_number = change.new_org_number
            organisation.save(update_fields=["name", "org_number", "updated_at"])
            _decide(change, ChangeRequest.Status.APPROVED, by=by, reason=reason, citation=citation)
            notify("change_decided", change.pk)
            return change
    except IntegrityError:
        raise DuplicateOrganisation(duplicate_message()) from None


@transaction.atomic
def reject_change(
    change: ChangeRequest, *, by, reason: str, citation: dict | None = None
) -> ChangeRequest:
    reason = _required_reason(reason, _("Give a reason for rejecting the change."))
    change = _locked_pending(ChangeRequest, change, _("This change has already been decided."))
    _decide(change, ChangeRequest.Status.REJECTED, by=by, reason=reason, citation=citation)
    notify("change_decided", change.pk)
    return change


# ---- handing over the contact role --------------------------------------------------------


INVITATION_WINDOW = datetime.timedelta(days=1)


def next_invitation_allowed_at(organisation: Organisation) -> datetime.datetime | None:
    """When the party may send its next handover invitation, or None if it may now.

    Each invitation is an email to an address the contact person chooses: a limit per
    day keeps the form from being used to send mail to anyone, over and over."""
    limit = settings.CONTACT_INVITATIONS_PER_DAY
    since = timezone.now() - INVITATION_WINDOW
    recent = list(
        organisation.contact_invitations.filter(created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + INVITATION_WINDOW


@transaction.atomic
def invite_contact(organisation: Organisation, *, by, email: str) -> ContactInvitation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    allowed_at = next_invitation_allowed_at(organisation)
    if allowed_at is not None:
        count = settings.CONTACT_INVITATIONS_PER_DAY
        raise NotAllowed(
            ngettext(
                "You have sent %(count)s invitation in the last 24 hours, which is as many as "
                "we allow. You can send a new one from %(time)s.",
                "You have sent %(count)s invitations in the last 24 hours, which is as many as "
                "we allow. You can send a new one from %(time)s.",
                count,
            )
            % {
                "count": count,
                "time": date_format(timezone.localtime(allowed_at), "j F Y H:i"),
            }
        )
    # One open invitation at a time: a new one replaces the one before.
    organisation.contact_invitations.open().update(cancelled_at=timezone.now())
    invitation = ContactInvitation.objects.create(
        organisation=organisation, email=email.strip(), invited_by=by
    )
    notify("contact_invitation", invitation.pk)
    return invitation


INVITATION_VALID_FOR = datetime.timedelta(days=14)


def invitation_is_usable(invitation: ContactInvitation) -> bool:
    return (
        invitation.accepted_at is None
        and invitation.cancelled_at is None
        and invitation.created_at + INVITATION_VALID_FOR > timezone.now()
        and invitation.organisation.status in Organisation.LIVE_STATUSES
    )


@transaction.atomic
def accept_contact_invitation(
    invitation: ContactInvitation, *, user, name: str, role: str, phone: str
) -> ContactPerson:
    invitation = (
        ContactInvitation.objects.select_for_update()
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    if not invitation_is_usable(invitation):
        raise NotAllowed(_("This invitation is no longer valid. Ask for a new one."))
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise NotAllowed(_("Sign in with the email address the invitation was sent to."))
    if (
        ContactPerson.objects.current()
        .filter(user=user)
        .exclude(organisation=invitation.organisation)
        .filter(organisation__status__in=Organisation.LIVE_STATUSES)
        .exists()
    ):
        raise ContactBusy(_busy_message())
    organisation = invitation.organisation
    now = timezone.now()
    previous = ContactPerson.objects.current().filter(organisation=organisation).first()
    ContactPerson.objects.current().filter(user=user).update(is_current=False, ended_at=now)
    ContactPerson.objects.current().filter(organisation=organisation).update(
        is_current=False, ended_at=now
    )
    contact = ContactPerson.objects.create(
        organisation=organisation,
        user=user,
        name=name.strip(),
        role=role.strip(),
        email=invitation.email,
        phone=phone.strip(),
    )
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        contact,
        f"contact #{previous.pk}" if previous else "",
        f"contact #{contact.pk}",
        actor=user,
        reason=_("Contact role handed over"),
    )
    return contact
