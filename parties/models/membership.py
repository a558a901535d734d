"""An organisation's participation in one agreement: its own status, dates and history."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Sector
from common.scoping import scoped_manager


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def live(self):
        """Pending or active: an organisation may have only one such membership per agreement."""
        return self.filter(status__in=Membership.LIVE_STATUSES)

    def in_agreement(self, agreement):
        return self.filter(agreement=agreement)

    def for_register(self):
        """Active memberships with what the register shows, in a constant number of queries."""
        return (
            self.active()
            .select_related("organisation", "organisation__municipality")
            .prefetch_related("organisation__areas")
            .order_by("organisation__name", "pk")
        )

    def counts_by_sector(self) -> list[dict]:
        labels = dict(Sector.choices)
        rows = (
            self.order_by()
            .values("organisation__sector")
            .annotate(count=Count("pk"))
            .order_by("organisation__sector")
        )
        return [
            {
                "sector": row["organisation__sector"],
                "label": labels.get(row["organisation__sector"], row["organisation__sector"]),
                "count": row["count"],
            }
            for row in rows
        ]


class Membership(models.Model):
    """An organisation's participation in one agreement."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Application pending")
        ACTIVE = "active", _("Party to the agreement")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    LIVE_STATUSES = (Status.PENDING, Status.ACTIVE)

    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = scoped_manager(MembershipQuerySet)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["pk"]
        constraints = [
            # One membership per organisation and agreement: applying again after a
            # rejection or a withdrawal reopens it (its history stays with it).
            models.UniqueConstraint(
                fields=["organisation", "agreement"],
                name="membership_one_per_organisation_and_agreement",
                violation_error_message=_(
                    "The organisation is already a party to this agreement or has applied."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(joined_on__isnull=False),
                name="membership_active_has_joined_on",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="membership_withdrawn_has_withdrawn_on",
            ),
        ]
        indexes = [
            models.Index(fields=["agreement", "status"], name="membership_agreement_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.agreement}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


def active_membership(organisation_ref="organisation", agreement_ref="agreement"):
    """`Exists(...)`: the organisation at `organisation_ref` is an active party to the
    agreement at `agreement_ref` (both OuterRef paths of the outer query)."""
    return Exists(
        Membership._base_manager.filter(
            organisation=OuterRef(organisation_ref),
            agreement=OuterRef(agreement_ref),
            status=Membership.Status.ACTIVE,
        )
    )
