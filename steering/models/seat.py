import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Ordinary member")
    DEPUTY = "deputy", _("Deputy")
    CO_OPTED = "co_opted", _("Co-opted member (no vote)")


# The ordinary seats: they vote, they count for the balance between the sectors.
ORDINARY_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER)
CHAIR_ROLES = (Role.CHAIR, Role.VICE_CHAIR)


def _active_membership():
    """Whether the seat's organisation is a party to the seat's agreement (the public pages
    link to the party's page only then)."""
    from parties.models import active_membership

    return active_membership("organisation", "agreement")


class SeatQuerySet(models.QuerySet):
    def public(self):
        """Only what public pages and the annual report show: a seat holder's email or
        phone never even leaves the database."""
        return (
            self.select_related("organisation", "deputy_for")
            .only(
                "pk",
                "agreement_id",
                "person_name",
                "title",
                "role",
                "affiliation",
                "mandate_start",
                "mandate_end",
                "ended_on",
                "end_reason",
                "organisation__name",
                "organisation__slug",
                "organisation__sector",
                "deputy_for__person_name",
                "deputy_for__role",
            )
            .annotate(organisation_is_party=_active_membership())
        )

    def on(self, day: datetime.date):
        """Seats held on `day`: the mandate has begun, not run out and not been ended.

        `ended_on` is the first day without the seat (a party that withdraws on a day is
        no longer represented that day).
        """
        return self.filter(
            Q(mandate_start__lte=day),
            Q(mandate_end__isnull=True) | Q(mandate_end__gte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gt=day),
        )

    def current(self):
        return self.on(timezone.localdate())

    def earlier(self, day: datetime.date | None = None):
        """Seats that had ended by `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(Q(mandate_end__lt=day) | Q(ended_on__lte=day))

    def ordinary(self):
        return self.filter(role__in=ORDINARY_ROLES)

    def voting(self):
        return self.ordinary()

    def for_agreement(self, agreement):
        return self.filter(agreement=agreement)


class Seat(models.Model):
    """One person's seat in the steering group for one mandate. Ended, never deleted."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    person_name = models.CharField(_("name"), max_length=150)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("E.g. chair of the board, councillor.")
    )
    email = models.EmailField(
        _("email"), max_length=254, blank=True, help_text=_("Never shown on public pages.")
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Never shown on public pages.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text=_("Lets the person sign in and answer questions put between meetings."),
    )
    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text=_("The party the person represents. Co-opted members may represent none."),
    )
    affiliation = models.CharField(
        _("organisation (co-opted members)"),
        max_length=200,
        blank=True,
        help_text=_("For a co-opted member from outside the parties, e.g. a university."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    deputy_for = models.ForeignKey(
        "self",
        verbose_name=_("deputy for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputies",
        help_text=_("The ordinary seat a deputy steps in for."),
    )
    mandate_start = models.DateField(_("mandate from"))
    mandate_end = models.DateField(
        _("mandate until"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    ended_on = models.DateField(
        _("ended early on"),
        null=True,
        blank=True,
        help_text=_("The first day without the seat, when it ends before its mandate."),
    )
    end_reason = models.CharField(_("why it ended early"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = scoped_manager(SeatQuerySet, "agreement")

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["role", "person_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True) | Q(mandate_end__gte=F("mandate_start")),
                name="seat_mandate_end_after_start",
                violation_error_message=_("The mandate cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("mandate_start")),
                name="seat_ended_after_start",
                violation_error_message=_("A seat cannot end before its mandate starts."),
            ),
            models.CheckConstraint(
                condition=Q(role="deputy") | Q(deputy_for__isnull=True),
                name="seat_only_deputies_stand_in",
                violation_error_message=_("Only a deputy stands in for another seat."),
            ),
            models.CheckConstraint(
                condition=Q(role="co_opted") | Q(organisation__isnull=False),
                name="seat_represents_a_party",
                violation_error_message=_("Every seat but a co-opted one represents a party."),
            ),
        ]
        indexes = [
            # The composition on a day: seats of an agreement by mandate period.
            models.Index(fields=["agreement", "mandate_start", "mandate_end"], name="seat_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_role_display()})"

    @property
    def sector(self) -> str | None:
        return self.organisation.sector if self.organisation_id else None

    @property
    def is_ordinary(self) -> bool:
        return self.role in ORDINARY_ROLES

    @property
    def is_voting(self) -> bool:
        return self.is_ordinary

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the seat is held, whichever of the mandate's end and the early end."""
        early = self.ended_on - datetime.timedelta(days=1) if self.ended_on else None
        days = [day for day in (self.mandate_end, early) if day is not None]
        return min(days) if days else None

    def is_held_on(self, day: datetime.date) -> bool:
        return self.mandate_start <= day and (self.last_day is None or day <= self.last_day)

    @property
    def represents(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.affiliation
