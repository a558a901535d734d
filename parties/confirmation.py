"""An account's holder confirms, or declines, the contact role an application gave them.

An application may name the address of an account that already exists. Nobody asked its
holder, so approval does not make them the contact person: the receipt (and later the
approval) carries a signed link, and the holder, signed in with that account, answers.
Until then the contact is pending. The link names the contact record and the account, and
expires; the holder's own page offers a fresh one (see parties.confirmation_links).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parties.models import Application, ContactPerson, Organisation
from parties.services.contacts import make_contact_current
from parties.services.decisions import record
from parties.services.errors import ContactBusy, NotAllowed
from parties.services.memberships import is_live_anywhere, live_anywhere
from parties.tasks import notify


def _locked_awaiting(contact: ContactPerson, *, user) -> ContactPerson:
    contact = (
        ContactPerson.objects.select_for_update().select_related("organisation").get(pk=contact.pk)
    )
    if contact.user_id != user.pk:
        raise NotAllowed(_("Sign in with the account the link was sent to."))
    if not contact.awaits_confirmation or contact.ended_at is not None or contact.is_current:
        raise NotAllowed(_("You have already answered, or the application is no longer open."))
    return contact


@transaction.atomic
def confirm_contact(contact: ContactPerson, *, user) -> ContactPerson:
    """The holder says yes. If the steering group has approved the application already,
    the holder is the contact person from now on; otherwise from the approval."""
    contact = _locked_awaiting(contact, user=user)
    organisation = Organisation.objects.select_for_update().get(pk=contact.organisation_id)
    if not is_live_anywhere(organisation):
        raise NotAllowed(_("The application has been rejected or the organisation has left."))
    busy = (
        ContactPerson.objects.current()
        .filter(live_anywhere(), user=user)
        .exclude(organisation=organisation)
        .exists()
    )
    if busy or ContactPerson.objects.current().filter(organisation=organisation).exists():
        raise ContactBusy(
            _(
                "Your account is already the contact person of another party, or this "
                "organisation already has one. Ask the steering group for help."
            )
        )
    contact.awaits_confirmation = False
    contact.save(update_fields=["awaits_confirmation"])
    record(contact, "awaits_confirmation", "confirmed", actor=user)
    # The steering group approved the application already: the role starts now.
    if Application._base_manager.filter(
        contact=contact, status=Application.Status.APPROVED
    ).exists():
        make_contact_current(contact, by=user, reason=_("Contact role confirmed"))
    return contact


@transaction.atomic
def decline_contact(contact: ContactPerson, *, user) -> ContactPerson:
    """The holder says no: the record ends, and the steering group sees it in the history."""
    contact = _locked_awaiting(contact, user=user)
    contact.ended_at = timezone.now()
    contact.save(update_fields=["ended_at"])
    record(
        contact,
        "awaits_confirmation",
        "declined",
        actor=user,
        reason=_("The account holder did not agree to be the contact person"),
    )
    notify("contact_declined", contact.pk)
    return contact
