import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ContactPersonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def pending(self):
        """Applicants: named in an application that the steering group has not decided yet,
        or approved while the account holder has not yet confirmed the role."""
        return self.filter(is_current=False, ended_at__isnull=True)

    def awaiting_confirmation(self):
        return self.pending().filter(awaits_confirmation=True)


class ContactPerson(models.Model):
    """The one person a party names for contact. Never shown publicly."""

    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="contact_roles",
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role in the organisation"), max_length=100, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_current = models.BooleanField(_("current contact"), default=True)
    # An application may name the address of an account that already exists. Its holder has
    # not said yes to anything, so the role waits for them to confirm by the emailed link.
    awaits_confirmation = models.BooleanField(
        _("awaits the account holder's confirmation"),
        default=False,
        help_text=_(
            "The application named an existing account. Its holder becomes the contact "
            "person only after confirming by the link in the email."
        ),
    )
    started_at = models.DateTimeField(_("contact since"), auto_now_add=True)
    ended_at = models.DateTimeField(_("contact until"), null=True, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["-is_current", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_current=True),
                name="contact_one_current_per_organisation",
            ),
            # One account speaks for one party; a second organisation needs its own address.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_current=True),
                name="contact_one_current_organisation_per_user",
            ),
            # Nobody speaks for a party before confirming the role.
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(awaits_confirmation=False),
                name="contact_current_is_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ContactInvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class ContactInvitation(models.Model):
    """The current contact hands the role over to a colleague by email."""

    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contact_invitations",
    )
    email = models.EmailField(_("invited email"), max_length=254)
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = ContactInvitationQuerySet.as_manager()

    # How long the invitation's link can be used.
    VALID_FOR = datetime.timedelta(days=14)

    class Meta:
        verbose_name = _("contact handover")
        verbose_name_plural = _("contact handovers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.email}"
