"""The contact person: taking up the role, keeping one's own details current, and handing
the role over to a colleague by an invitation."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parties.models import ContactInvitation, ContactPerson, Organisation
from parties.services.decisions import record
from parties.services.errors import ContactBusy, NotAllowed, busy_message
from parties.services.memberships import is_live_anywhere, live_anywhere
from parties.tasks import notify


def make_contact_current(contact: ContactPerson, *, by, reason: str) -> None:
    """The named contact person of an approved application takes up the role, once the
    account's holder has confirmed it (see parties.confirmation)."""
    busy = (
        ContactPerson.objects.current()
        .filter(live_anywhere(), user=contact.user)
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
def update_contact_details(contact: ContactPerson, *, name: str, role: str, phone: str) -> None:
    """The contact person's own details; not a status change, so no audit record."""
    ContactPerson.objects.filter(pk=contact.pk, is_current=True).update(
        name=name.strip(), role=role.strip(), phone=phone.strip()
    )


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


def invitation_is_usable(invitation: ContactInvitation) -> bool:
    return (
        invitation.accepted_at is None
        and invitation.cancelled_at is None
        and invitation.created_at + invitation.VALID_FOR > timezone.now()
        and is_live_anywhere(invitation.organisation)
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
        .filter(live_anywhere())
        .exists()
    ):
        raise ContactBusy(busy_message())
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
