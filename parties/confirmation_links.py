"""The signed link that lets an account's holder confirm, or decline, the contact role an
application gave them (see parties.confirmation). It names the contact record and the
account, and expires."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from parties.models import ContactPerson

SALT = "parties.contact-confirmation"


def valid_for() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CONTACT_CONFIRMATION_DAYS)


def token_for(contact: ContactPerson) -> str:
    return signing.dumps({"contact": contact.pk, "user": contact.user_id}, salt=SALT)


def path_for(contact: ContactPerson) -> str:
    return reverse("parties:confirm_contact", args=[token_for(contact)])


def contact_for_token(token: str) -> ContactPerson | None:
    """The contact record a link names, or None when the link is altered or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=valid_for())
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    return (
        ContactPerson.objects.select_related("organisation", "user")
        .filter(pk=data.get("contact"), user_id=data.get("user"))
        .first()
    )
