import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PUBLIC = "public", _("Public sector")
    BUSINESS = "business", _("Business")


class PerCapsulamRule(models.TextChoices):
    UNANIMOUS = "unanimous", _("Every voting member answers and nobody says no")
    MAJORITY = "majority", _("More than half of the voting members say yes, nobody says no")


class AgreementQuerySet(models.QuerySet):
    def with_published_version(self):
        return self.filter(
            models.Exists(Version.objects.published().filter(agreement=models.OuterRef("pk")))
        )

    def in_force(self):
        """Agreements with a version adopted and not yet expired."""
        return self.filter(
            models.Exists(Version.objects.in_force().filter(agreement=models.OuterRef("pk")))
        )

    def current(self) -> "Agreement | None":
        """The agreement this installation is about: the first with a published version."""
        return self.with_published_version().order_by("pk").first()


class Agreement(models.Model):
    """The lasting agreement: what stays while its text is revised, version after version.

    Seats, meetings, decisions, plans, rounds, conferences and reports belong to it; its
    text and rules in a period are a `Version`, and a rule is read from the version in
    force on the date it applies to (`version_on`).
    """

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region_name = models.CharField(
        _("host"),
        max_length=120,
        help_text=_("The region or municipality that hosts the agreement."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement")

    def version_on(self, on: datetime.date) -> "Version | None":
        """The version in force on `on`: the newest adopted one that had started by then."""
        return (
            self.versions.published()
            .filter(valid_from__lte=on)
            .order_by("-valid_from", "-number")
            .first()
        )

    def rules_on(self, on: datetime.date) -> "Version":
        """The version whose rules apply on `on`; the defaults before any is adopted."""
        # Today's version is kept on the agreement: most callers ask about today.
        version = self.in_force if on == timezone.localdate() else self.version_on(on)
        return version or self.in_force or Version(agreement=self)

    @cached_property
    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """From the start of the first adopted version to the end of the newest."""
        span = self.versions.published().aggregate(
            first=models.Min("valid_from"), last=models.Max("valid_until")
        )
        return (span["first"], span["last"]) if span["first"] else None

    @cached_property
    def in_force(self) -> "Version | None":
        """The version in force today, else (before the first starts) the newest adopted."""
        return (
            self.version_on(timezone.localdate())
            or self.versions.published().order_by("-number").first()
        )


class VersionQuerySet(models.QuerySet):
    def published(self):
        """Versions the public may read: everything that has been adopted."""
        return self.exclude(status=Version.Status.DRAFT)

    def in_force(self):
        return self.filter(
            status__in=[
                Version.Status.ADOPTED,
                Version.Status.ACTIVE,
                Version.Status.UNDER_REVIEW,
            ]
        )


class Version(models.Model):
    """The agreement's text, validity and rules in one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        ACTIVE = "active", _("Active")
        UNDER_REVIEW = "under_review", _("Under review")
        EXPIRED = "expired", _("Expired")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
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
    renewal_required = models.BooleanField(
        _("parties confirm when a new period starts"),
        default=False,
        help_text=_(
            "When this version is adopted, every party is asked to confirm that it takes part "
            "in the new period."
        ),
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
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of the agreement")
        verbose_name_plural = _("versions of the agreement")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_unique_number"),
            # One version in force at a time; two active ones would be ambiguous.
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="active"),
                name="version_one_active",
                violation_error_message=_("Only one version can be active at a time."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="version_valid_until_after_from",
                violation_error_message=_("The end of validity must come after its start."),
            ),
            models.CheckConstraint(
                condition=Q(review_due__lte=models.F("valid_until")),
                name="version_review_before_end",
                violation_error_message=_("The review must be due before the agreement ends."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def get_absolute_url(self) -> str:
        if self.is_in_force:
            return reverse("agreements:agreement")
        return reverse("agreements:version", args=[self.number])

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
        """A version moves forward through its life; it does not jump or go back."""
        if self.pk is None:
            return
        old = Version.objects.filter(pk=self.pk).values_list("status", flat=True).first()
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
    def is_in_force(self) -> bool:
        return self.pk is not None and self.pk == getattr(self.agreement.in_force, "pk", None)

    @property
    def signing_sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [labels[code] for code in self.signing_sectors if code in labels]


# Where a version may go from each status: drafted, adopted, in force, reviewed (and
# possibly prolonged while the next version is prepared), and finally expired.
STATUS_STEPS: dict[str, set[str]] = {
    Version.Status.DRAFT: {Version.Status.ADOPTED},
    Version.Status.ADOPTED: {Version.Status.ACTIVE},
    Version.Status.ACTIVE: {Version.Status.UNDER_REVIEW, Version.Status.EXPIRED},
    Version.Status.UNDER_REVIEW: {Version.Status.ACTIVE, Version.Status.EXPIRED},
    Version.Status.EXPIRED: set(),
}


class Goal(models.Model):
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="goals"
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
    version = models.ForeignKey(
        Version,
        verbose_name=_("version"),
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
            models.UniqueConstraint(fields=["version", "slug"], name="principle_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:principle", args=[self.slug])
