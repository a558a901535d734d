"""The audit trail and the outbox every app writes to.

This app sits at the bottom of the dependency order: it knows no other app's models, so
both what changed and whose history it belongs to are generic references.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.labels import describe


class AuditEntryQuerySet(models.QuerySet):
    def about(self, obj):
        """Entries whose changed record is `obj`."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def owned_by(self, obj):
        """Entries in `obj`'s history (a party, a seat, a meeting …)."""
        return self.filter(owner_type=ContentType.objects.get_for_model(obj), owner_id=obj.pk)


class AuditEntry(models.Model):
    """One status change: who, when, old → new, and why. Written by the service that made it."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    changed = GenericForeignKey("content_type", "object_id")
    # Whose history the change belongs in: a party for its application, a seat for itself.
    owner_type = models.ForeignKey(
        ContentType, verbose_name=_("history of"), on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(_("history record"))
    owner = GenericForeignKey("owner_type", "owner_id")
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

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]
        indexes = [
            # A record's history page: the entries of one owner, newest first.
            models.Index(fields=["owner_type", "owner_id", "-at"], name="audit_owner_idx"),
            # "What happened to this record": entries about one changed record.
            models.Index(fields=["content_type", "object_id"], name="audit_record_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {describe(self)}"

    @property
    def subject(self) -> str:
        """What changed, in words: the changed record's kind."""
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model else self.content_type.model

    @property
    def subject_model(self) -> str:
        """`app_label.model` of the changed record, for code that labels statuses."""
        return f"{self.content_type.app_label}.{self.content_type.model}"


class SentNotification(models.Model):
    """The outbox: one row per email sent, claimed before it is sent.

    Unique per kind, record, recipient and occasion: a retried or racing task finds the
    row and sends nothing, while a reminder that legitimately repeats (a new round, every
    90 days, a new deadline) names a new occasion.
    """

    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    recipient = models.EmailField(_("recipient"), max_length=254)
    occasion = models.CharField(
        _("occasion"),
        max_length=100,
        blank=True,
        help_text=_("What this reminder is for, e.g. a date; empty for a one-off email."),
    )
    subject = models.CharField(_("subject line"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("outbox (sent email)")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "occasion"],
                name="outbox_sent_once",
            ),
        ]

    def __str__(self) -> str:
        occasion = f" ({self.occasion})" if self.occasion else ""
        return f"{self.kind} #{self.object_id}{occasion} → {self.recipient}"
