from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


def attachment_path(instance: "MotionAttachment", filename: str) -> str:
    return f"styrgrupp/fragor/{instance.motion_id}/{filename}"


class Motion(models.Model):
    """A matter of the steering group's own, put as a yes/no question: appointing the chair,
    adopting the conference programme, a statement. It is one kind of matter among the
    others (applications, withdrawals, changes); a yes makes its text a decision."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="motions",
    )
    title = models.CharField(_("question"), max_length=300)
    text = models.TextField(
        _("proposed decision"),
        max_length=5000,
        help_text=_("What the steering group decides if it says yes, with the background."),
    )
    put_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The questions put about it (a second one after the first went to a meeting).
    asked = GenericRelation("steering.PerCapsulamQuestion", related_query_name="motion")

    objects = scoped_manager(path="agreement")

    class Meta:
        verbose_name = _("question of the steering group's own")
        verbose_name_plural = _("questions of the steering group's own")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class MotionAttachment(models.Model):
    motion = models.ForeignKey(
        Motion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)

    objects = scoped_manager(path="motion__agreement")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("steering:motion_attachment", args=[self.pk])
