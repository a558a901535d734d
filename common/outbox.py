"""Sending email once: the claim in the outbox and the sending share one transaction.

A retried task, a second beat or a racing worker tries to insert the same (kind, record,
recipient, occasion) row; the unique constraint lets exactly one through. When the mail
server fails, the claim rolls back with it, so the retry sends the email after all.

The claims are rows of the model `settings.OUTBOX_MODEL` names (the audit app's
`SentNotification`, shown read-only in the admin): this package sits below every app and
imports none, so it looks the model up by name, as `get_user_model()` does. The model needs
the fields kind, content_type, object_id, recipient, occasion and subject, and a unique
constraint over the first five.
"""

import logging
import smtplib
from collections.abc import Callable
from email.headerregistry import Address
from email.utils import parseaddr

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation

log = logging.getLogger(__name__)


class TemporaryFailure(Exception):
    """The mail server did not take the email; nothing was claimed, try again later."""


def claim_model() -> type[models.Model]:
    """The model whose rows are the outbox's claims (`settings.OUTBOX_MODEL`)."""
    return apps.get_model(settings.OUTBOX_MODEL, require_ready=False)


def absolute(path: str) -> str:
    """The address of one of the installation's own pages (the admin, accounts) for an
    email: `path` as `reverse()` gives it, also inside a request under an agreement's prefix.
    An agreement's pages are linked with `agreements.pages.agreement_address`."""
    prefix = get_script_prefix()
    if path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    elif path:
        path = "/" + path.lstrip("/")
    return f"{settings.SITE_URL}{path}"


def sender(agreement=None) -> str:
    """The From of an email: the installation's address (DEFAULT_FROM_EMAIL) under the name
    the agreement uses in emails (`display_name`), when the email is an agreement's."""
    if agreement is None:
        return settings.DEFAULT_FROM_EMAIL
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if not address:
        return settings.DEFAULT_FROM_EMAIL
    # Quoted where the name needs it; Django encodes a name that is not ASCII when sending.
    return str(Address(display_name=agreement.display_name, addr_spec=address))


def compose(template: str, context: dict, recipient: str) -> EmailMessage:
    """The email from a template pair `<template>_subject.txt` and `<template>_body.txt`.

    An email about an agreement has it in `context["agreement"]`: it is sent in the name
    the agreement uses in emails, and a reply goes to its steering group's address."""
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}_body.txt", context)
    agreement = context.get("agreement")
    reply_to = getattr(agreement, "steering_address", "") if agreement is not None else ""
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=sender(agreement),
        to=[recipient],
        reply_to=[reply_to] if reply_to and reply_to.lower() != recipient.lower() else None,
    )


def send_once(
    kind: str,
    record,
    recipient: str,
    message: Callable[[], EmailMessage],
    *,
    occasion: str = "",
) -> bool:
    """Send the email `message()` builds unless it was sent before; True if sent now.

    Raises TemporaryFailure when the mail server refuses; nothing is then claimed.
    """
    try:
        with transaction.atomic():
            claim = claim_model().objects.create(
                kind=kind,
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                recipient=recipient.lower(),
                occasion=occasion,
            )
            with translation.override(settings.LANGUAGE_CODE):
                email = message()
            claim.subject = email.subject[:255]
            claim.save(update_fields=["subject"])
            try:
                email.send()
            except (smtplib.SMTPException, OSError) as error:
                raise TemporaryFailure(str(error)) from error
    except IntegrityError:
        log.info("Already sent %s #%s (%s) to %s", kind, record.pk, occasion, recipient)
        return False
    return True


def send_each(kind: str, record, emails, template_dir: str) -> int:
    """Send each of `emails` (objects with recipient, template, context) once; the count sent.

    The one loop every app's notifications use: `<template_dir>/<template>_subject.txt`
    and `_body.txt` make each message.
    """
    sent = 0
    for email in emails:
        if send_once(
            kind,
            record,
            email.recipient,
            lambda email=email: compose(
                f"{template_dir}/{email.template}", email.context, email.recipient
            ),
        ):
            sent += 1
    return sent
