"""Erasing personal data we no longer need: the retention rule of the privacy notice.

After `PERSONAL_DATA_RETENTION_DAYS` (default 365) we erase the personal data of

- rejected applications, counted from the decision: the contact person's and the
  signatory's name, email and phone in what was submitted, and the attached file;
- contact persons whose role has ended, counted from the end: name, role, email, phone.

The rows stay (the organisation's details, statuses and dates are the anonymous record
the register's history and statistics need); only the personal fields are replaced. An
account that was made for an application and never used goes with the data it was made
for. Emails in the outbox to an address we no longer hold get a placeholder recipient.

Each record is erased in its own transaction with an audit entry, and an erased record is
recognisable by its placeholder address, so a second run (a retry, a second beat) skips it.
"""

import datetime
import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit import trail
from audit.models import SentNotification
from common import hooks
from parties.models import Application, ContactInvitation, ContactPerson

log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 365
# What replaces a name; stored content, in Swedish like the rest of the content.
ERASED_NAME = "Raderad"
# Placeholder addresses end in a reserved top-level domain (RFC 2606): no real address
# does, so the placeholder also marks a record as erased.
ERASED_DOMAIN = "erased.invalid"
# The audit trail's "new status" of an erasure.
ERASED = "personal_data_erased"
# Marks an application's snapshot as erased (the snapshot is a JSON object).
SNAPSHOT_MARK = "personal_data_erased_at"
SNAPSHOT_PERSONAL_FIELDS = ("contact_name", "contact_role", "contact_phone", "signatory_role")


@dataclass
class Erased:
    applications: int = 0
    contacts: int = 0
    accounts: int = 0

    @property
    def total(self) -> int:
        return self.applications + self.contacts + self.accounts


def retention_days() -> int:
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Records that ended before this moment are due for erasure."""
    return (now or timezone.now()) - datetime.timedelta(days=retention_days())


def placeholder(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{ERASED_DOMAIN}"


def is_placeholder(email: str) -> bool:
    return email.lower().endswith(f"@{ERASED_DOMAIN}")


def _placeholder_expression(kind: str):
    """`placeholder(kind, pk)` as a database expression, for one UPDATE over many rows."""
    return Concat(
        models.Value(f"{kind}-"),
        Cast("pk", models.CharField()),
        models.Value(f"@{ERASED_DOMAIN}"),
        output_field=models.CharField(),
    )


# ---- what is due --------------------------------------------------------------------------


def due_applications(now: datetime.datetime | None = None):
    return Application.objects.filter(
        status=Application.Status.REJECTED, decided_at__lt=cutoff(now)
    ).exclude(submitted_data__has_key=SNAPSHOT_MARK)


def due_contacts(now: datetime.datetime | None = None):
    # `is_current=False` as well as an end date: a current contact is never erased.
    return ContactPerson.objects.filter(is_current=False, ended_at__lt=cutoff(now)).exclude(
        email__iendswith=f"@{ERASED_DOMAIN}"
    )


# ---- erasing ------------------------------------------------------------------------------


def _reason() -> str:
    # Stored in the audit trail: in the portal's own language, whichever language the job
    # (a command, a worker, a request) happens to run in.
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Personal data erased %(days)s days after the end, as the privacy notice says."
        ) % {"days": retention_days()}


def _address_in_use(email: str) -> bool:
    """Whether we still hold this address for someone (their account, a live record)."""
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        return True
    if EmailAddress.objects.filter(email__iexact=email).exists():
        return True
    if ContactPerson.objects.filter(email__iexact=email).exists():
        return True
    if ContactInvitation.objects.open().filter(email__iexact=email).exists():
        return True
    # Another app that still holds it (a steering-group seat, say): see `common.hooks`.
    return any(in_use(email) for in_use in hooks.get_hooks("address_in_use"))


def _forget_address(email: str, *, about=None) -> int:
    """Give emails sent to `email` a placeholder recipient; the count changed.

    With `about`, only the emails about that record (the record is erased, whoever else
    still has the address); otherwise every email to it, once nobody holds the address.
    Each placeholder names its own row, so the outbox's unique claim never collides.
    """
    email = email.strip().lower()
    if not email or is_placeholder(email):
        return 0
    rows = SentNotification.objects.filter(recipient__iexact=email)
    if about is not None:
        rows = rows.filter(
            content_type=ContentType.objects.get_for_model(about), object_id=about.pk
        )
    elif _address_in_use(email):
        return 0
    return rows.update(recipient=_placeholder_expression("erased"))


def _erase_dormant_account(user, reason: str) -> bool:
    """Anonymise an account made for an application and never used, once nothing of it is left.

    Such an account was created without a password when someone applied; it has never
    been signed in to, and every contact role it had is now erased.
    """
    if user.is_staff or user.is_superuser or user.last_login is not None:
        return False
    if user.has_usable_password() or is_placeholder(user.email or ""):
        return False
    if user.contact_roles.exclude(email__iendswith=f"@{ERASED_DOMAIN}").exists():
        return False
    old_email = user.email
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    user.username = f"erased-{user.pk}"
    user.email = placeholder("account", user.pk)
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["username", "email", "first_name", "last_name", "is_active", "password"]
    )
    EmailAddress.objects.filter(user=user).delete()
    for address in {old_email, *addresses}:
        if address:
            _forget_address(address)
    trail.record(user, "", ERASED, reason=reason)
    return True


def erase_contact(contact_pk: int) -> Erased:
    """Erase one ended contact person's details (and a dormant account); idempotent."""
    erased = Erased()
    reason = _reason()
    with transaction.atomic():
        contact = (
            ContactPerson.objects.select_for_update()
            .select_related("user")
            .filter(pk=contact_pk, is_current=False, ended_at__isnull=False)
            .first()
        )
        if contact is None or is_placeholder(contact.email):
            return erased
        old_email = contact.email
        contact.name = ERASED_NAME
        contact.role = ""
        contact.email = placeholder("contact", contact.pk)
        contact.phone = ""
        contact.save(update_fields=["name", "role", "email", "phone"])
        # Handovers to this address at the same party that are over (accepted, cancelled,
        # expired): an open one is a new invitation and stays.
        still_open = ContactInvitation.objects.open().filter(
            created_at__gte=timezone.now() - ContactInvitation.VALID_FOR
        )
        ContactInvitation.objects.filter(
            organisation_id=contact.organisation_id, email__iexact=old_email
        ).exclude(pk__in=still_open.values("pk")).update(
            email=_placeholder_expression("invitation")
        )
        # The owner is the contact itself: the party's history calls every contact-person
        # entry a handover, which an erasure is not.
        trail.record(contact, "ended", ERASED, reason=reason)
        erased.contacts = 1
        if _erase_dormant_account(contact.user, reason):
            erased.accounts = 1
        _forget_address(old_email)
    log.info("Erased the personal data of contact person #%s", contact_pk)
    return erased


def erase_application(application_pk: int) -> Erased:
    """Erase the personal data of one rejected application; idempotent."""
    erased = Erased()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .filter(pk=application_pk, status=Application.Status.REJECTED)
            .first()
        )
        if application is None or SNAPSHOT_MARK in application.submitted_data:
            return erased
        snapshot = dict(application.submitted_data)
        old_email = snapshot.get("contact_email", "")
        for field in SNAPSHOT_PERSONAL_FIELDS:
            if field in snapshot:
                snapshot[field] = ""
        snapshot["contact_name"] = ERASED_NAME
        snapshot["signatory_name"] = ERASED_NAME
        snapshot["contact_email"] = placeholder("application", application.pk)
        snapshot[SNAPSHOT_MARK] = timezone.now().isoformat()
        application.submitted_data = snapshot
        application.signatory_name = ERASED_NAME
        application.signatory_role = ""
        attachment = application.attachment.name
        application.attachment = ""
        application.save(
            update_fields=["submitted_data", "signatory_name", "signatory_role", "attachment"]
        )
        if old_email:
            _forget_address(old_email, about=application)
        trail.record(
            application,
            Application.Status.REJECTED,
            ERASED,
            owner=application.organisation,
            reason=_reason(),
        )
        # Last, so that a failure above leaves the file with its record; storage ignores a
        # file that is already gone (a retry after a rollback).
        if attachment:
            Application._meta.get_field("attachment").storage.delete(attachment)
        erased.applications = 1
    log.info("Erased the personal data of application #%s", application_pk)
    return erased


def erase_expired(now: datetime.datetime | None = None) -> Erased:
    """Erase everything past the retention time; returns how much was erased now.

    Applications go first: their contact persons ended at the decision, so they are due
    in the same run, and a dormant account is erased with its last contact role.
    """
    total = Erased()
    for pk in list(due_applications(now).order_by("pk").values_list("pk", flat=True)):
        total.applications += erase_application(pk).applications
    for pk in list(due_contacts(now).order_by("pk").values_list("pk", flat=True)):
        done = erase_contact(pk)
        total.contacts += done.contacts
        total.accounts += done.accounts
    return total
