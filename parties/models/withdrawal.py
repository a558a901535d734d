from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class WithdrawalQuerySet(models.QuerySet):
    def unregistered(self):
        return self.filter(registered_at__isnull=True)


class Withdrawal(models.Model):
    """A party's written notice of withdrawal, and the steering group's registration of it."""

    membership = models.ForeignKey(
        "parties.Membership",
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="withdrawals",
    )
    notice_date = models.DateField(_("date of notice"))
    reason = models.TextField(_("reason"), max_length=2000)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notice given by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_by_name = models.CharField(_("name of the person giving notice"), max_length=150)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = scoped_manager(WithdrawalQuerySet, "membership__agreement")

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(registered_at__isnull=True),
                name="withdrawal_one_open_notice_per_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.notice_date})"

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def agreement(self):
        return self.membership.agreement

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None
