from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One status change: who, when, old → new, and why. Written by the service that made it."""

    class Subject(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        APPLICATION = "application", _("application")
        WITHDRAWAL = "withdrawal", _("withdrawal")
        CHANGE_REQUEST = "change_request", _("change of name or number")
        CONTACT = "contact", _("contact person")

    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    subject = models.CharField(_("what changed"), max_length=20, choices=Subject.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    old_status = models.CharField(_("from"), max_length=30, blank=True)
    new_status = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.old_status or '–'} → {self.new_status}"


class SentNotification(models.Model):
    """Claimed before an email is sent, so a retried task never sends it twice."""

    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("record"))
    recipient = models.EmailField(_("recipient"), max_length=254)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient"], name="notification_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} → {self.recipient}"
