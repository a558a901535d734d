from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class DecisionKind(models.TextChoices):
    APPLICATION_APPROVED = "application_approved", _("Application approved")
    APPLICATION_REJECTED = "application_rejected", _("Application rejected")
    WITHDRAWAL_REGISTERED = "withdrawal_registered", _("Withdrawal registered")
    CHANGE_APPROVED = "change_approved", _("Change approved")
    CHANGE_REJECTED = "change_rejected", _("Change rejected")
    ACTION_PLAN_ADOPTED = "action_plan_adopted", _("Action plan adopted")
    REPORT_ADOPTED = "report_adopted", _("Report adopted")
    REVISION_ADOPTED = "revision_adopted", _("Revision proposal adopted")
    REVISION_REJECTED = "revision_rejected", _("Revision proposal rejected")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class Outcome:
    """One way the steering group can decide a kind of matter, and its words.

    Declared by the matter types (`steering.matters`); the models read the words by the
    decision's kind, so that a new kind of matter brings its own kinds of decision.
    """

    verb: str  # what is proposed, as the question form and `put_question` name it: "approve"
    kind: str  # stored on Decision.kind and PerCapsulamQuestion.kind: "application_approved"
    label: str | Promise = ""  # the kind in words; a `DecisionKind`'s own label by default
    # How an undecided question reads in the lists ("Proposal: approve the application");
    # "%(title)s" stands for the question's title. Empty: "Proposal: <the title>".
    proposal: str | Promise = ""
    proposal_filter: str | Promise = ""  # the list filter's words; `proposal` by default
    choice: str | Promise = ""  # the choice on the form that puts questions: "Approve"
    result: str = ""  # the owning service's word when it reports the decision: "approved"
    reference: str | Promise = ""  # how a receipt cites it: "Approved by the steering group"
    needs_reason: bool = False  # proposed only with a motivation (a rejection)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", DecisionKind(self.kind).label)
        if not self.proposal_filter:
            object.__setattr__(self, "proposal_filter", self.proposal)


# The outcomes of the registered matter types by kind of decision, in registration order:
# `steering.matters.register` fills it. The models do not import the matters; they find
# them by name (`autodiscover_modules`) the first time they need the words.
OUTCOMES: dict[str, Outcome] = {}
_discovered = False


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("matters")
        _discovered = True


def outcome_of(kind: str) -> Outcome | None:
    """The registered outcome whose decisions are of `kind`, if any."""
    _discover()
    return OUTCOMES.get(kind)


def decision_kinds() -> list[tuple[str, str]]:
    """The choices of a decision's kind: `DecisionKind`, then the kinds the registered
    matter types add. A callable, so a new kind of matter needs no migration for them."""
    _discover()
    extra = [(kind, o.label) for kind, o in OUTCOMES.items() if kind not in DecisionKind.values]
    return [*DecisionKind.choices, *extra]


class DecisionQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def public(self):
        """Decisions the public may read: those of meetings with published minutes, and
        those taken between meetings (they are public records as soon as they are taken)."""
        return self.filter(
            Q(meeting__minutes_published_at__isnull=False) | Q(series=Decision.Series.PER_CAPSULAM)
        )


class Decision(models.Model):
    """A numbered paragraph (§) of a meeting, or of the series of decisions between meetings."""

    class Series(models.TextChoices):
        MEETING = "meeting", _("At a meeting")
        PER_CAPSULAM = "per_capsulam", _("Between meetings (per capsulam)")

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    series = models.CharField(
        _("series"), max_length=20, choices=Series.choices, default=Series.MEETING
    )
    meeting = models.ForeignKey(
        "steering.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    question = models.OneToOneField(
        "steering.PerCapsulamQuestion",
        verbose_name=_("question put between meetings"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    version = models.ForeignKey(
        "agreements.Version",
        verbose_name=_("version in force"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_in_force",
        help_text=_("The version of the agreement whose rules applied when it was decided."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("paragraph (§)"))
    decided_on = models.DateField(_("decided on"))
    kind = models.CharField(_("kind"), max_length=30, choices=decision_kinds)
    text = models.TextField(_("decision"))
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of matter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("matter"), null=True, blank=True)
    matter = GenericForeignKey("content_type", "object_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = scoped_manager(DecisionQuerySet, "agreement")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=Q(meeting__isnull=False),
                name="decision_paragraph_once_per_meeting",
                violation_error_message=_("This paragraph number is already used at the meeting."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "year", "number"],
                condition=Q(series="per_capsulam"),
                name="decision_per_capsulam_number_once",
                violation_error_message=_(
                    "This number is already used in the year's decisions between meetings."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(series="meeting") & Q(meeting__isnull=False))
                | (Q(series="per_capsulam") & Q(meeting__isnull=True)),
                name="decision_series_matches_meeting",
                violation_error_message=_(
                    "A decision belongs either to a meeting or to the series between meetings."
                ),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
        ]
        indexes = [
            # "Which decision settled this application?": the receipt and the party's history.
            models.Index(fields=["content_type", "object_id"], name="decision_matter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # Whichever way a decision is recorded, it remembers the text whose rules applied.
        if self.version_id is None and self.agreement_id and self.decided_on:
            self.version = self.agreement.version_on(self.decided_on)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def paragraph(self) -> str:
        if self.series == self.Series.PER_CAPSULAM:
            return _("per capsulam § %(year)s:%(number)s") % {
                "year": self.year,
                "number": self.number,
            }
        return f"§ {self.number}"

    @property
    def reference(self) -> str:
        """How a receipt or a history cites it: 'Approved by the steering group 12 March
        2027, § 4'."""
        outcome = outcome_of(self.kind)
        verb = outcome.reference if outcome and outcome.reference else None
        verb = verb or _("Decided by the steering group")
        return _("%(verb)s %(date)s, %(paragraph)s") % {
            "verb": verb,
            "date": formats.date_format(self.decided_on, "j F Y"),
            "paragraph": self.paragraph,
        }
