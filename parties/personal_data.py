"""Everything we hold about one person, for them to download (the right of access).

The parties app collects its own records: the account, its email addresses, contact-person
roles, applications, notices, requests, handovers and the emails sent. Higher apps (the
steering group's seats and answers, the follow-up's responses and proposals) add their
sections through the ``personal_data`` hook (see `common.hooks`), registered in their
`hooks.py`, so that this app imports none of them. The number of queries does not grow with
the number of records.
"""

from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone

from audit.models import SentNotification
from common import hooks
from common.scoping import unscoped
from parties.models import (
    Application,
    ChangeRequest,
    ContactInvitation,
    ContactPerson,
    Withdrawal,
)


def addresses_of(user) -> set[str]:
    """Every address we know the person by (lower case): account, allauth, contact roles."""
    found = {user.email} if user.email else set()
    found |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    found |= set(ContactPerson.objects.filter(user=user).values_list("email", flat=True))
    return {address.lower() for address in found if address}


def _any_address(field: str, addresses: set[str]) -> Q:
    # Stored addresses keep the case they were typed in; never match on an empty set.
    if not addresses:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__iexact": address}) for address in addresses))


def _account(user) -> dict:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _email_addresses(user) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


def _contact_roles(user) -> list[dict]:
    contacts = (
        ContactPerson.objects.filter(user=user)
        .select_related("organisation")
        .order_by("started_at", "pk")
    )
    return [
        {
            "organisation": contact.organisation.name,
            "organisation_number": contact.organisation.org_number,
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "current": contact.is_current,
            "from": contact.started_at,
            "until": contact.ended_at,
        }
        for contact in contacts
    ]


def _applications(user) -> list[dict]:
    applications = (
        Application.objects.filter(contact__user=user)
        .select_related("membership__organisation")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "organisation": application.organisation.name,
            "submitted": application.submitted_at,
            "submitted_details": application.submitted_data,
            "signatory_name": application.signatory_name,
            "signatory_role": application.signatory_role,
            "attachment_kept": bool(application.attachment),
            "status": str(application.get_status_display()),
            "decided": application.decided_at,
            "reason_for_the_decision": application.decision_reason,
        }
        for application in applications
    ]


def _withdrawal_notices(user) -> list[dict]:
    notices = (
        Withdrawal.objects.filter(given_by=user)
        .select_related("membership__organisation")
        .order_by("pk")
    )
    return [
        {
            "organisation": notice.organisation.name,
            "date_of_notice": notice.notice_date,
            "name": notice.given_by_name,
            "reason": notice.reason,
            "received": notice.created_at,
            "registered": notice.registered_at,
        }
        for notice in notices
    ]


def _change_requests(user) -> list[dict]:
    changes = ChangeRequest.objects.filter(requested_by=user).order_by("pk")
    return [
        {
            "current_name": change.current_name,
            "current_organisation_number": change.current_org_number,
            "new_name": change.new_name,
            "new_organisation_number": change.new_org_number,
            "requested": change.requested_at,
            "status": str(change.get_status_display()),
            "decided": change.decided_at,
            "reason_for_the_decision": change.decision_reason,
        }
        for change in changes
    ]


def _handovers(user, addresses: set[str]) -> list[dict]:
    """Handovers of the contact role this person made, or that were sent to them."""
    invitations = (
        ContactInvitation.objects.filter(Q(invited_by=user) | _any_address("email", addresses))
        .select_related("organisation")
        .order_by("pk")
    )
    return [
        {
            "organisation": invitation.organisation.name,
            "invited_email": invitation.email,
            "invited_by_you": invitation.invited_by_id == user.pk,
            "created": invitation.created_at,
            "accepted": invitation.accepted_at,
            "cancelled": invitation.cancelled_at,
        }
        for invitation in invitations
    ]


def _emails_sent(addresses: set[str]) -> list[dict]:
    # The outbox stores recipients in lower case.
    sent = SentNotification.objects.filter(recipient__in=addresses).order_by("sent_at", "pk")
    return [
        {"to": email.recipient, "subject": email.subject, "sent": email.sent_at} for email in sent
    ]


def collect(user) -> dict:
    """What we hold about `user`, as a JSON-serialisable dict (dates as datetimes): a read
    across every agreement."""
    with unscoped():
        return _collect(user)


def _collect(user) -> dict:
    addresses = addresses_of(user)
    data = {
        "generated": timezone.now(),
        "account": _account(user),
        "email_addresses": _email_addresses(user),
        "contact_roles": _contact_roles(user),
        "applications": _applications(user),
        "withdrawal_notices": _withdrawal_notices(user),
        "name_and_number_changes": _change_requests(user),
        "contact_handovers": _handovers(user, addresses),
        "emails_sent_to_you": _emails_sent(addresses),
    }
    for provider in hooks.get_hooks("personal_data"):
        data.update(provider(user))
    return data
