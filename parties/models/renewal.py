import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class RenewalRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests the contact person may still answer: asked, or referred unanswered."""
        return self.filter(status__in=RenewalRequest.OPEN_STATUSES)

    def unanswered(self):
        return self.filter(status=RenewalRequest.Status.ASKED)

    def past_deadline(self, today: datetime.date | None = None):
        """Asked and not answered by the end of the deadline."""
        return self.unanswered().filter(deadline__lt=today or timezone.localdate())

    def awaiting_decision(self, today: datetime.date | None = None):
        """Parties that did not answer by the deadline: the steering group decides whether
        they remain parties. Nobody is removed without that decision.

        Referred ones, and asked ones past the deadline the periodic job has not referred
        yet (a missed run must not hide them).
        """
        today = today or timezone.localdate()
        return self.filter(
            Q(status=RenewalRequest.Status.REFERRED)
            | Q(status=RenewalRequest.Status.ASKED, deadline__lt=today)
        )


class RenewalRequest(models.Model):
    """A party asked to confirm that it takes part in the period a new version starts.

    One per organisation and version. The contact person confirms with one click or gives
    notice of withdrawal; an unanswered request is referred to the steering group after
    its deadline, which decides. See `parties.services.renewal`.
    """

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked to confirm continued participation")
        CONFIRMED = "confirmed", _("Continued participation confirmed")
        WITHDRAWING = "withdrawing", _("Answered with notice of withdrawal")
        REFERRED = "referred", _("Not answered by the deadline: referred to the steering group")
        KEPT = "kept", _("Remains a party by the steering group's decision")

    # The contact person may still confirm: also after the deadline, until the steering
    # group has decided.
    OPEN_STATUSES = (Status.ASKED, Status.REFERRED)

    membership = models.ForeignKey(
        "parties.Membership",
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="renewal_requests",
    )
    version = models.ForeignKey(
        "agreements.Version",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="renewal_requests",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ASKED
    )
    asked_at = models.DateTimeField(_("asked on"), default=timezone.now)
    deadline = models.DateField(_("answer by"))
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal = models.ForeignKey(
        "parties.Withdrawal",
        verbose_name=_("notice of withdrawal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_requests",
    )
    referred_at = models.DateTimeField(_("referred to the steering group"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = scoped_manager(RenewalRequestQuerySet, "membership__agreement")

    class Meta:
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        ordering = ["-asked_at", "membership__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "version"], name="renewal_one_per_membership_and_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="renewal_confirmed_has_confirmed_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawing") | Q(withdrawal__isnull=False),
                name="renewal_withdrawing_has_withdrawal",
            ),
        ]
        indexes = [
            # The reminder and referral jobs: unanswered requests by deadline.
            models.Index(fields=["status", "deadline"], name="renewal_status_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.version}"

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def agreement(self):
        return self.membership.agreement

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
