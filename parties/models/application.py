from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager
from parties.models.contact import new_token


def attachment_path(instance: "Application", filename: str) -> str:
    # The receipt token keeps the path unguessable; the name never comes from the user.
    return f"applications/{instance.receipt_token}.pdf"


class ApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Application.Status.PENDING)


class Application(models.Model):
    """An application to join, as submitted: a snapshot that later edits do not change."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the steering group's decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    membership = models.ForeignKey(
        "parties.Membership",
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    contact = models.ForeignKey(
        "parties.ContactPerson",
        verbose_name=_("contact person applying"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("Becomes the party's contact person when the application is approved."),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_data = models.JSONField(
        _("submitted details"),
        help_text=_("The organisation's details exactly as they were submitted."),
    )
    signatory_name = models.CharField(_("authorised signatory"), max_length=150)
    signatory_role = models.CharField(_("signatory's role"), max_length=100)
    supports_democratic_values = models.BooleanField(
        _("the organisation supports democratic values"), default=False
    )
    endorses_agreement = models.BooleanField(
        _("the organisation endorses the agreement as a whole"), default=False
    )
    decided_by_own_statutes = models.BooleanField(
        _("the organisation decided to join under its own statutes"), default=False
    )
    consents_to_processing = models.BooleanField(
        _("consent to the processing of personal data"), default=False
    )
    attachment = models.FileField(
        _("attached decision or signed form (PDF)"),
        upload_to=attachment_path,
        max_length=200,
        blank=True,
    )
    receipt_token = models.CharField(
        _("receipt token"), max_length=64, unique=True, default=new_token, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)

    objects = scoped_manager(ApplicationQuerySet, "membership__agreement")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status="pending"),
                name="application_one_pending_per_membership",
            ),
            models.CheckConstraint(
                condition=Q(supports_democratic_values=True)
                & Q(endorses_agreement=True)
                & Q(decided_by_own_statutes=True)
                & Q(consents_to_processing=True),
                name="application_all_confirmations_given",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="application_rejection_has_reason",
            ),
        ]
        indexes = [
            # The admin's list: newest first, filtered by status.
            models.Index(fields=["status", "-submitted_at"], name="application_queue_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.submitted_data.get('name', self.organisation)} ({self.submitted_at:%Y-%m-%d})"
        )

    def get_absolute_url(self) -> str:
        return reverse("parties:receipt", args=[self.receipt_token])

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def agreement(self):
        return self.membership.agreement


class ChangeRequest(models.Model):
    """A contact person's request to change the name or organisation number."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the steering group's decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="change_requests",
        help_text=_("The agreement whose steering group decides."),
    )
    current_name = models.CharField(_("current name"), max_length=200)
    current_org_number = models.CharField(_("current organisation number"), max_length=11)
    new_name = models.CharField(_("new name"), max_length=200)
    new_org_number = models.CharField(_("new organisation number"), max_length=11)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)

    objects = scoped_manager(models.QuerySet)

    class Meta:
        verbose_name = _("change of name or organisation number")
        verbose_name_plural = _("changes of name or organisation number")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="changerequest_one_pending_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.current_name} → {self.new_name}"
