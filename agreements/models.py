from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PUBLIC = "public", _("Public sector")
    BUSINESS = "business", _("Business")


class PerCapsulamRule(models.TextChoices):
    UNANIMOUS = "unanimous", _("Every voting member answers and nobody says no")
    MAJORITY = "majority", _("More than half of the voting members say yes, nobody says no")


class AgreementQuerySet(models.QuerySet):
    def published(self):
        """Versions the public may read: everything that has been adopted."""
        return self.exclude(status=Agreement.Status.DRAFT)

    def in_force(self):
        return self.filter(
            status__in=[
                Agreement.Status.ADOPTED,
                Agreement.Status.ACTIVE,
                Agreement.Status.UNDER_REVIEW,
            ]
        )

    def current(self) -> "Agreement | None":
        """The agreement the portal is about: the active one, else the newest adopted."""
        order = models.Case(
            models.When(status=Agreement.Status.ACTIVE, then=0),
            models.When(status=Agreement.Status.UNDER_REVIEW, then=1),
            default=2,
        )
        return self.in_force().order_by(order, "-version").first()


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        ACTIVE = "active", _("Active")
        UNDER_REVIEW = "under_review", _("Under review")
        EXPIRED = "expired", _("Expired")

    title = models.CharField(_("title"), max_length=200)
    region_name = models.CharField(_("region"), max_length=120)
    introduction = models.TextField(_("introduction"), blank=True)
    vision = models.TextField(_("vision"))
    purpose = models.TextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    review_due = models.DateField(
        _("review due"), help_text=_("When the review (översyn) must be done.")
    )
    signing_sectors = models.JSONField(
        _("sectors that may sign"),
        default=list,
        help_text=_("Which sectors may join the agreement."),
    )
    # The steering group's rules (other regions differ, so they are data, not constants).
    steering_balanced = models.BooleanField(
        _("ordinary seats balanced between the sectors"),
        default=True,
        help_text=_("Civil society and the public sector have equally many ordinary seats."),
    )
    steering_chairs_from_different_sectors = models.BooleanField(
        _("chair and vice chair from different sectors"), default=True
    )
    steering_chair_mandate_months = models.PositiveSmallIntegerField(
        _("mandate of the chair and vice chair (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    steering_max_seats_per_party = models.PositiveSmallIntegerField(
        _("most ordinary seats per party"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum: more than this share of the voting members present (%)"),
        default=50,
        validators=[MaxValueValidator(99)],
    )
    quorum_each_sector = models.BooleanField(
        _("quorum: at least one voting member present from each sector"), default=True
    )
    per_capsulam_rule = models.CharField(
        _("rule for decisions between meetings"),
        max_length=20,
        choices=PerCapsulamRule.choices,
        default=PerCapsulamRule.UNANIMOUS,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["version"], name="agreement_unique_version"),
            # The portal shows one agreement in force; two active ones would be ambiguous.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="agreement_one_active",
                violation_error_message=_("Only one agreement can be active at a time."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="agreement_valid_until_after_from",
                violation_error_message=_("The end of validity must come after its start."),
            ),
            models.CheckConstraint(
                condition=Q(review_due__lte=models.F("valid_until")),
                name="agreement_review_before_end",
                violation_error_message=_("The review must be due before the agreement ends."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        if self.status in {self.Status.ADOPTED, self.Status.ACTIVE, self.Status.UNDER_REVIEW}:
            return reverse("agreements:agreement")
        return reverse("agreements:version", args=[self.version])

    def clean(self) -> None:
        self._check_status_change()
        unknown = set(self.signing_sectors or []) - set(Sector.values)
        if unknown:
            raise ValidationError({"signing_sectors": _("Unknown sector.")})
        if not self.signing_sectors:
            raise ValidationError({"signing_sectors": _("Choose at least one sector.")})
        if self.replaces_id and self.replaces_id == self.pk:
            raise ValidationError({"replaces": _("A version cannot replace itself.")})

    def _check_status_change(self) -> None:
        """An agreement moves forward through its life; it does not jump or go back."""
        if self.pk is None:
            return
        old = Agreement.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if old is None or old == self.status or self.status in STATUS_STEPS[old]:
            return
        labels = dict(self.Status.choices)
        raise ValidationError(
            {
                "status": _("An agreement that is %(old)s can become: %(allowed)s.")
                % {
                    "old": labels[old].lower(),
                    "allowed": ", ".join(str(labels[step]).lower() for step in STATUS_STEPS[old])
                    or _("nothing else"),
                }
            }
        )

    @property
    def signing_sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [labels[code] for code in self.signing_sectors if code in labels]


# Where an agreement may go from each status: drafted, adopted, in force, reviewed (and
# possibly prolonged while the next version is prepared), and finally expired.
STATUS_STEPS: dict[str, set[str]] = {
    Agreement.Status.DRAFT: {Agreement.Status.ADOPTED},
    Agreement.Status.ADOPTED: {Agreement.Status.ACTIVE},
    Agreement.Status.ACTIVE: {Agreement.Status.UNDER_REVIEW, Agreement.Status.EXPIRED},
    Agreement.Status.UNDER_REVIEW: {Agreement.Status.ACTIVE, Agreement.Status.EXPIRED},
    Agreement.Status.EXPIRED: set(),
}


class Goal(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Principle(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="principles",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("full description"))

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "slug"], name="principle_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:principle", args=[self.slug])
