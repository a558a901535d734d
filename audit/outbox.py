"""Sending email once: the claim in the outbox and the sending share one transaction.

A retried task, a second beat or a racing worker tries to insert the same (kind, record,
recipient, occasion) row; the unique constraint lets exactly one through. When the mail
server fails, the claim rolls back with it, so the retry sends the email after all.

`RetryingTask` is the base of every task that sends email (or renders a report): it is
acknowledged late and retried, with a growing delay, on a failure a later attempt may get
past.
"""

import logging
import random
import smtplib
from collections.abc import Callable

from celery import Task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from audit.models import SentNotification

log = logging.getLogger(__name__)


class TemporaryFailure(Exception):
    """The mail server did not take the email; nothing was claimed, try again later."""


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def compose(template: str, context: dict, recipient: str) -> EmailMessage:
    """The email from a template pair `<template>_subject.txt` and `<template>_body.txt`."""
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
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
            claim = SentNotification.objects.create(
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


# ---- the tasks that send email or render a report ---------------------------------------------

# What a later attempt may get past: a mail server that refused or could not be reached
# (smtplib's errors and ConnectionError are OSErrors too), a database connection that was
# lost or a deadlock PostgreSQL broke, a file system that failed to store a file.
TEMPORARY_FAILURES = (
    TemporaryFailure,
    smtplib.SMTPException,
    OSError,
    OperationalError,
    InterfaceError,
)


def retry_delay(retries: int) -> float:
    """Seconds to wait before retrying a task that has been retried `retries` times.

    Exponential backoff with full jitter: a random time up to TASK_RETRY_BACKOFF (60 s)
    doubled per earlier retry, never more than TASK_RETRY_BACKOFF_MAX (10 min). The jitter
    spreads the retries of many tasks that failed at once (a mail server that went down).
    The cap stays well under the broker's visibility timeout (1 h): Redis hands a task
    still waiting for its retry time after that to another worker as well.
    """
    base = getattr(settings, "TASK_RETRY_BACKOFF", 60)
    cap = getattr(settings, "TASK_RETRY_BACKOFF_MAX", 10 * 60)
    return random.uniform(0, min(cap, base * 2**retries))


class RetryingTask(Task):
    """The base of every task that sends email or renders a report.

    Acknowledged late, so a worker that dies in the middle leaves the task to another.
    Retried on `TEMPORARY_FAILURES` by Celery's autoretry, after `retry_delay`, at most
    `max_retries` times (about 45 minutes in all, on average); any other error fails the
    task at once. The work itself must be safe to repeat: emails are claimed in the outbox.
    """

    acks_late = True
    autoretry_for = TEMPORARY_FAILURES
    max_retries = 12
    # Celery's own backoff reads its factor once, when the task is registered, and in
    # whole seconds; `retry_delay` reads the settings at every retry (tests shorten it).
    retry_backoff = False

    def retry(self, *args, countdown=None, eta=None, **options):
        if countdown is None and eta is None:
            countdown = retry_delay(self.request.retries)
        return super().retry(*args, countdown=countdown, eta=eta, **options)
