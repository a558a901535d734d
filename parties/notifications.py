"""The emails the parties app sends: one builder per kind, one helper that sends.

Each email is claimed in the outbox (unique per kind, record and recipient) in the same
transaction that sends it, so a retried task never sends it twice.
"""

from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from agreements.pages import agreement_address, agreement_link
from common import outbox
from common.outbox import TemporaryFailure, absolute
from parties import confirmation_links
from parties.models import (
    Application,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    Membership,
    Withdrawal,
)

__all__ = ["TemporaryFailure", "send"]

# What an application or a withdrawal is about: the organisation and the agreement.
PARTY = ("membership__organisation", "membership__agreement")


@dataclass
class Email:
    recipient: str
    template: str
    context: dict


def set_password_url(user) -> str:
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    uidb36, token = key.split("-", 1)
    return absolute(
        reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": token})
    )


def _agreement_of(organisation):
    """The agreement an email about the organisation alone (its contact role) speaks for:
    that of its oldest live membership (active or applied), else of its oldest, else None."""
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("agreement")
        .order_by("pk")
    )
    live = [membership for membership in memberships if membership.is_live]
    chosen = (live or memberships or [None])[0]
    return chosen.agreement if chosen is not None else None


def _contact_of(organisation) -> ContactPerson | None:
    return ContactPerson.objects.current().filter(organisation=organisation).first()


def _confirmation(contact: ContactPerson, agreement) -> dict:
    """The link that lets the holder of an existing account confirm the contact role, on
    the pages of the agreement the application was made to."""
    if not contact.awaits_confirmation or contact.ended_at is not None:
        return {"confirm_url": None}
    return {
        "confirm_url": agreement_address(agreement, confirmation_links.path_for(contact)),
        "confirm_days": settings.CONTACT_CONFIRMATION_DAYS,
    }


def application_received(application_id: int) -> list[Email]:
    application = Application.objects.select_related(
        "membership__organisation", "membership__agreement", "contact__user"
    ).get(pk=application_id)
    contact = application.contact or _contact_of(application.organisation)
    if contact is None:
        return []
    user = contact.user
    agreement = application.agreement
    return [
        Email(
            contact.email,
            "application_received",
            {
                "agreement": agreement,
                "application": application,
                "contact": contact,
                "receipt_url": agreement_address(agreement, application.get_absolute_url()),
                "set_password_url": None if user.has_usable_password() else set_password_url(user),
                "login_url": absolute(reverse("account_login")),
                **_confirmation(contact, agreement),
            },
        )
    ]


def application_to_steering_group(application_id: int) -> list[Email]:
    application = Application.objects.select_related(
        "membership__organisation", "membership__agreement"
    ).get(pk=application_id)
    return [
        Email(
            application.agreement.steering_address,
            "application_to_steering_group",
            {
                "agreement": application.agreement,
                "application": application,
                "admin_url": absolute(
                    reverse("admin:parties_application_change", args=[application.pk])
                ),
            },
        )
    ]


def _decision(application_id: int, template: str) -> list[Email]:
    application = Application.objects.select_related(
        "membership__organisation", "membership__agreement", "contact"
    ).get(pk=application_id)
    contact = application.contact or _contact_of(application.organisation)
    if contact is None:
        return []
    agreement = application.agreement
    return [
        Email(
            contact.email,
            template,
            {
                "agreement": agreement,
                "application": application,
                "organisation": application.organisation,
                "membership": application.membership,
                "party_url": agreement_address(
                    agreement, application.organisation.get_absolute_url()
                ),
                "my_url": agreement_link(agreement, "parties:mine"),
                **_confirmation(contact, agreement),
            },
        )
    ]


def application_approved(application_id: int) -> list[Email]:
    return _decision(application_id, "application_approved")


def application_rejected(application_id: int) -> list[Email]:
    return _decision(application_id, "application_rejected")


def withdrawal_to_steering_group(withdrawal_id: int) -> list[Email]:
    withdrawal = Withdrawal.objects.select_related(
        "membership__organisation", "membership__agreement"
    ).get(pk=withdrawal_id)
    return [
        Email(
            withdrawal.agreement.steering_address,
            "withdrawal_to_steering_group",
            {
                "agreement": withdrawal.agreement,
                "withdrawal": withdrawal,
                "admin_url": absolute(
                    reverse("admin:parties_withdrawal_change", args=[withdrawal.pk])
                ),
            },
        )
    ]


def withdrawal_registered(withdrawal_id: int) -> list[Email]:
    withdrawal = Withdrawal.objects.select_related(
        "membership__organisation", "membership__agreement"
    ).get(pk=withdrawal_id)
    contact = _contact_of(withdrawal.organisation)
    recipient = contact.email if contact else withdrawal.given_by.email
    return [
        Email(
            recipient,
            "withdrawal_registered",
            {
                "agreement": withdrawal.agreement,
                "withdrawal": withdrawal,
                "apply_url": agreement_link(withdrawal.agreement, "parties:apply"),
            },
        )
    ]


def change_to_steering_group(change_id: int) -> list[Email]:
    change = ChangeRequest.objects.select_related("organisation", "agreement").get(pk=change_id)
    return [
        Email(
            change.agreement.steering_address,
            "change_to_steering_group",
            {
                "agreement": change.agreement,
                "change": change,
                "admin_url": absolute(
                    reverse("admin:parties_changerequest_change", args=[change.pk])
                ),
            },
        )
    ]


def change_decided(change_id: int) -> list[Email]:
    change = ChangeRequest.objects.select_related("organisation", "agreement").get(pk=change_id)
    contact = _contact_of(change.organisation)
    if contact is None:
        return []
    return [
        Email(
            contact.email,
            "change_decided",
            {
                "agreement": change.agreement,
                "change": change,
                "my_url": agreement_link(change.agreement, "parties:mine"),
            },
        )
    ]


def contact_invitation(invitation_id: int) -> list[Email]:
    invitation = ContactInvitation.objects.select_related("organisation").get(pk=invitation_id)
    if invitation.accepted_at or invitation.cancelled_at:
        return []
    agreement = _agreement_of(invitation.organisation)
    accept = reverse("parties:accept_handover", args=[invitation.token])
    return [
        Email(
            invitation.email,
            "contact_invitation",
            {
                "agreement": agreement,
                "invitation": invitation,
                "accept_url": agreement_address(agreement, accept)
                if agreement
                else absolute(accept),
            },
        )
    ]


def contact_declined(contact_id: int) -> list[Email]:
    contact = ContactPerson.objects.select_related("organisation").get(pk=contact_id)
    application = (
        contact.applications.select_related("membership__agreement").order_by("-pk").first()
    )
    agreement = application.agreement if application else _agreement_of(contact.organisation)
    admin_url = (
        absolute(reverse("admin:parties_application_change", args=[application.pk]))
        if application
        else ""
    )
    return [
        Email(
            agreement.steering_address if agreement else settings.STEERING_GROUP_EMAIL,
            "contact_declined",
            {
                "agreement": agreement,
                "contact": contact,
                "organisation": contact.organisation,
                "admin_url": admin_url,
            },
        )
    ]


# The record each kind of email is about, as the outbox names it.
RECORDS = {
    "application_received": Application,
    "application_to_steering_group": Application,
    "application_approved": Application,
    "application_rejected": Application,
    "withdrawal_to_steering_group": Withdrawal,
    "withdrawal_registered": Withdrawal,
    "change_to_steering_group": ChangeRequest,
    "change_decided": ChangeRequest,
    "contact_invitation": ContactInvitation,
    "contact_declined": ContactPerson,
}

BUILDERS = {
    "application_received": application_received,
    "application_to_steering_group": application_to_steering_group,
    "application_approved": application_approved,
    "application_rejected": application_rejected,
    "withdrawal_to_steering_group": withdrawal_to_steering_group,
    "withdrawal_registered": withdrawal_registered,
    "change_to_steering_group": change_to_steering_group,
    "change_decided": change_decided,
    "contact_invitation": contact_invitation,
    "contact_declined": contact_declined,
}


def send(kind: str, object_id: int) -> int:
    """Send the emails of `kind` about one record; returns how many were sent now."""
    model = RECORDS[kind]
    record = model.objects.get(pk=object_id)
    return outbox.send_each(kind, record, BUILDERS[kind](object_id), "parties/email")
