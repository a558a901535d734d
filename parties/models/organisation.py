from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Count, F
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
    def party_to(self, agreement):
        """Active parties to `agreement`, each with its membership's `joined_on`."""
        from parties.models.membership import Membership

        return self.filter(
            memberships__agreement=agreement, memberships__status=Membership.Status.ACTIVE
        ).annotate(joined_on=F("memberships__joined_on"))

    def in_agreement(self, agreement, statuses=None):
        """Organisations with a membership in `agreement` (of `statuses`, if given), each
        with its membership's `membership_status`, `joined_on` and `withdrawn_on`."""
        filters = {"memberships__agreement": agreement}
        if statuses is not None:
            filters["memberships__status__in"] = list(statuses)
        return self.filter(**filters).annotate(
            membership_status=F("memberships__status"),
            joined_on=F("memberships__joined_on"),
            withdrawn_on=F("memberships__withdrawn_on"),
        )

    def for_register(self, agreement):
        """Active parties with what the register shows, in a constant number of queries."""
        return (
            self.party_to(agreement)
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
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        help_text=_("Ten digits, NNNNNN-NNNN."),
        error_messages={"unique": _("An organisation with this organisation number exists.")},
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
        indexes = [
            models.Index(fields=["name", "id"], name="organisation_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("parties:detail", args=[self.slug])

    def membership_in(self, agreement):
        """This organisation's membership in `agreement`, or None."""
        from parties.models.membership import Membership

        agreement_id = getattr(agreement, "pk", agreement)
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "memberships" in cache:
            return next((m for m in cache["memberships"] if m.agreement_id == agreement_id), None)
        return Membership._base_manager.filter(organisation=self, agreement_id=agreement_id).first()

    @property
    def is_active(self) -> bool:
        """Party to an agreement in the current scope (the request's agreement): the public
        pages link to an organisation only then. A prefetched `memberships` is used."""
        if hasattr(self, "membership_status"):
            return self.membership_status == "active"
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "memberships" in cache:
            return any(m.status == "active" for m in cache["memberships"])
        return self.memberships.active().exists()
