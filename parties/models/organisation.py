from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Sector


class LegalForm(models.TextChoices):
    NON_PROFIT_ASSOCIATION = "ideell_forening", _("Non-profit association (ideell förening)")
    FOUNDATION = "stiftelse", _("Foundation (stiftelse)")
    FAITH_COMMUNITY = "trossamfund", _("Registered faith community (registrerat trossamfund)")
    COOPERATIVE = "ekonomisk_forening", _("Economic association or cooperative")
    LIMITED_DIVIDEND_COMPANY = (
        "aktiebolag_svb",
        _(
            "Limited company with restricted dividends (aktiebolag med särskild "
            "vinstutdelningsbegränsning)"
        ),
    )
    STUDY_ASSOCIATION = "studieforbund", _("Study association (studieförbund)")
    MUNICIPALITY = "kommun", _("Municipality (kommun)")
    REGION = "region", _("Region")
    STATE_AGENCY = "statlig_myndighet", _("State agency")
    OTHER = "annan", _("Other")

    @classmethod
    def public_forms(cls) -> set[str]:
        """Legal forms that only the public sector has."""
        return {cls.MUNICIPALITY, cls.REGION, cls.STATE_AGENCY}

    @classmethod
    def for_sector(cls, sector: str) -> list[tuple[str, str]]:
        """The legal forms an organisation of this sector may have, as choices.

        The public sector's own forms belong to it alone; a public-sector party has one
        of them or "other". The application form and the contact's edit form both use this.
        """
        public = cls.public_forms()
        if sector == "public":
            allowed = public | {cls.OTHER}
            return [(value, label) for value, label in cls.choices if value in allowed]
        return [(value, label) for value, label in cls.choices if value not in public]


class Municipality(models.Model):
    """A municipality of the region, or the whole county; kept as data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_whole_county = models.BooleanField(_("the whole county"), default=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["is_whole_county", "order", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityArea(models.Model):
    """An area of activity (folkhälsa, integration, …); kept as data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("area of activity")
        verbose_name_plural = _("areas of activity")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)

    def live(self):
        """Pending or active: an organisation number may have only one such row."""
        return self.filter(status__in=Organisation.LIVE_STATUSES)

    def for_register(self):
        """Active parties with what the register shows, in a constant number of queries."""
        return (
            self.active()
            .select_related("municipality")
            .prefetch_related("areas")
            .order_by("name", "pk")
        )

    def counts_by_sector(self) -> list[dict]:
        labels = dict(Sector.choices)
        rows = self.order_by().values("sector").annotate(count=Count("pk")).order_by("sector")
        return [
            {
                "sector": row["sector"],
                "label": labels.get(row["sector"], row["sector"]),
                "count": row["count"],
            }
            for row in rows
        ]


class Organisation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Application pending")
        ACTIVE = "active", _("Party to the agreement")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    LIVE_STATUSES = (Status.PENDING, Status.ACTIVE)

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=11, help_text=_("Ten digits, NNNNNN-NNNN.")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    areas = models.ManyToManyField(
        ActivityArea, verbose_name=_("areas of activity"), related_name="organisations", blank=True
    )
    website = models.URLField(_("website"), max_length=200, blank=True)
    description = models.TextField(_("short public description"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The party's history: changes of its own status and of its applications, withdrawals,
    # changes and contact persons (the audit app keeps them, owned by the party).
    audit_entries = GenericRelation(
        "audit.AuditEntry",
        content_type_field="owner_type",
        object_id_field="owner_id",
        related_query_name="organisation",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # One pending or active record per organisation number: the guard against
            # duplicate applications, also when many arrive at the same moment.
            models.UniqueConstraint(
                fields=["org_number"],
                condition=Q(status__in=["pending", "active"]),
                name="organisation_one_live_per_org_number",
                violation_error_message=_(
                    "An organisation with this organisation number is already a party or has "
                    "an application pending."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(joined_on__isnull=False),
                name="organisation_active_has_joined_on",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="organisation_withdrawn_has_withdrawn_on",
            ),
        ]
        indexes = [
            # The register: active parties ordered by name (then id, for stable pages).
            models.Index(fields=["status", "name", "id"], name="organisation_register_idx"),
            models.Index(fields=["status", "sector"], name="organisation_sector_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("parties:detail", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
