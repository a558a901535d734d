import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager

from .slugs import RESERVED_SLUGS, validate_slug_free  # noqa: F401 (RESERVED_SLUGS: re-export)


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PUBLIC = "public", _("Public sector")
    BUSINESS = "business", _("Business")


class PerCapsulamRule(models.TextChoices):
    UNANIMOUS = "unanimous", _("Every voting member answers and nobody says no")
    MAJORITY = "majority", _("More than half of the voting members say yes, nobody says no")


def _own_versions():
    """Each agreement's own versions, for a subquery on the agreement's row: not through the
    scoped manager, so that a list of agreements (the overview at /, the open data) says the
    same whichever agreement the request's guard holds, and needs none."""
    return VersionQuerySet(Version).filter(agreement=models.OuterRef("pk"))


class AgreementQuerySet(models.QuerySet):
    def with_published_version(self):
        return self.filter(models.Exists(_own_versions().published()))

    def in_force(self):
        """Agreements with a version adopted and not yet expired."""
        return self.filter(models.Exists(_own_versions().in_force()))

    def current(self) -> "Agreement | None":
        """The agreement this installation is about: the first with a published version."""
        return self.with_published_version().order_by("pk").first()


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    MUNICIPAL = "municipal", _("Municipal")


class Agreement(models.Model):
    """The lasting agreement: what stays while its text is revised, version after version.

    Seats, meetings, decisions, plans, rounds, conferences and reports belong to it; its
    text and rules in a period are a `Version`, and a rule is read from the version in
    force on the date it applies to (`version_on`).
    """

    slug = models.SlugField(
        _("short name in addresses"), max_length=60, unique=True, validators=[validate_slug_free]
    )
    name = models.CharField(_("name"), max_length=200)
    region_name = models.CharField(
        _("host"),
        max_length=120,
        help_text=_("The region or municipality that hosts the agreement."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.REGIONAL
    )
    domain = models.CharField(
        _("own host name"),
        max_length=253,
        blank=True,
        help_text=_(
            "Optional, e.g. samverkan.bjorkvik.se: the agreement is then also served there "
            "at / without its short name."
        ),
    )
    # Settings that belong to the agreement (a municipality is its own data controller).
    # Empty means the installation's default from the environment (see README).
    email_name = models.CharField(
        _("name in emails and the report"),
        max_length=120,
        blank=True,
        help_text=_("Empty: the agreement's name."),
    )
    steering_email = models.EmailField(_("the steering group's email address"), blank=True)
    controller_name = models.CharField(_("data controller"), max_length=200, blank=True)
    controller_org_number = models.CharField(
        _("data controller's organisation number"), max_length=11, blank=True
    )
    controller_address = models.CharField(
        _("data controller's postal address"), max_length=200, blank=True
    )
    controller_email = models.EmailField(_("data controller's email"), blank=True)
    controller_phone = models.CharField(_("data controller's phone"), max_length=40, blank=True)
    dpo_email = models.EmailField(_("data protection officer's email"), blank=True)
    accessibility_email = models.EmailField(_("accessibility contact's email"), blank=True)
    language = models.CharField(
        _("default language of its texts"),
        max_length=5,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pk"]
        constraints = [
            # One agreement per host name; most have none.
            models.UniqueConstraint(
                fields=["domain"],
                condition=~Q(domain=""),
                name="agreement_one_per_domain",
                violation_error_message=_("Another agreement already uses this host name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement")

    # The agreement's settings, each falling back to the installation's default.
    @property
    def display_name(self) -> str:
        """The name used in emails and the annual report."""
        return self.email_name or self.name

    @property
    def steering_address(self) -> str:
        return self.steering_email or settings.STEERING_GROUP_EMAIL

    @property
    def accessibility_address(self) -> str:
        return self.accessibility_email or settings.ACCESSIBILITY_CONTACT_EMAIL

    @property
    def controller(self) -> dict[str, str]:
        """Who is controller of the personal data this agreement's pages collect."""
        default = settings.DATA_CONTROLLER
        if not self.controller_name:
            return {**default, "dpo_email": self.dpo_email or default.get("dpo_email", "")}
        return {
            "name": self.controller_name,
            "org_number": self.controller_org_number,
            "address": self.controller_address,
            "email": self.controller_email,
            "phone": self.controller_phone,
            "dpo_email": self.dpo_email,
        }

    def version_on(self, on: datetime.date) -> "Version | None":
        """The version in force on `on`: the newest adopted one that had started by then.

        Read from `prefetch_related("versions")` when the caller prefetched them (a job over
        many agreements), else one query."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            started = [
                v
                for v in prefetched
                if v.status != Version.Status.DRAFT and v.valid_from and v.valid_from <= on
            ]
            return max(started, key=lambda v: (v.valid_from, v.number), default=None)
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

    objects = scoped_manager(VersionQuerySet, "agreement")

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

    objects = scoped_manager(path="version__agreement")

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

    objects = scoped_manager(path="version__agreement")

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


class AgreementRoleQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class AgreementRole(models.Model):
    """A staff role held in one agreement: what it is comes from the group (its permissions),
    where it applies from this row. A superuser needs none."""

    class Kind(models.TextChoices):
        PROCESS_LEADER = "process_leader", _("Process leader")
        STEERING_MEMBER = "steering_member", _("Steering-group member")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agreement_roles",
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Not scoped (fail closed does not apply): the roles are what the guard is opened with
    # (a staff member's agreements, the admin's switcher), read before any agreement is chosen.
    objects = AgreementRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role in an agreement")
        verbose_name_plural = _("roles in agreements")
        ordering = ["agreement", "kind", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "user", "kind"], name="agreementrole_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} ({self.agreement})"
