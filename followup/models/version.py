"""Every submitted version of a party's response: who sent it in, when, and what it said."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class SubmittedVersion(models.Model):
    """The answers as they were sent in. Written by `save_answers` in the transaction that
    submits; never changed afterwards, so a change after submission keeps what came before."""

    response = models.ForeignKey(
        "followup.Response",
        verbose_name=_("response"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # [{"question": pk, "theme": …, "text": …, "kind": …, "value": …, "comment": …}] in the
    # form's order: the question's wording is kept with the answer it got.
    answers = models.JSONField(_("answers"), default=list)

    objects = scoped_manager(path="response__round__agreement")

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["response", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "number"], name="followup_one_version_number_per_response"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="followup_version_from_one"),
        ]

    def __str__(self) -> str:
        return str(
            _("%(response)s, version %(number)s")
            % {"response": self.response, "number": self.number}
        )
