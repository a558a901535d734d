"""The annual conference, and the revisions of the agreement parties propose to it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class ConferenceQuerySet(models.QuerySet):
    def upcoming(self):
        """Conferences not yet over, soonest first."""
        now = timezone.now()
        return self.filter(
            Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
        ).order_by("starts_at")


class Conference(models.Model):
    """The annual collaboration conference (samverkanskonferens)."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    programme = models.TextField(
        _("programme"), blank=True, help_text=_("Markdown: headings, lists and links.")
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_note = models.CharField(
        _("how to register"),
        max_length=300,
        blank=True,
        help_text=_("For example: “Register with your contact person by 1 October.”"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = scoped_manager(ConferenceQuerySet, "agreement")

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="followup_one_conference_per_year",
                violation_error_message=_("There is already a conference this year."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="followup_conference_ends_after_start",
                violation_error_message=_("The conference cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:conference", args=[self.year])


class ProposalPart(models.TextChoices):
    VISION = "vision", _("The vision")
    PURPOSE = "purpose", _("The purpose")
    PRINCIPLE = "principle", _("A principle")
    SECTION = "section", _("Another section")


class RevisionProposalQuerySet(models.QuerySet):
    def public(self):
        """Proposals the process leader has checked: shown on /overenskommelsen/forslag/."""
        return self.filter(checked_at__isnull=False)


class RevisionProposal(models.Model):
    """A proposed change of the agreement's wording, from a party or the process leader."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        TO_CONFERENCE = "to_conference", _("To be considered at the conference")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    DECIDED = (Status.ADOPTED, Status.REJECTED)

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="revision_proposals",
    )
    version = models.ForeignKey(
        "agreements.Version",
        verbose_name=_("version it proposes to change"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision_proposals",
    )
    answered_in = models.ForeignKey(
        "agreements.Version",
        verbose_name=_("answered in version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("The draft of the next version that takes up this proposal."),
    )
    part = models.CharField(_("part of the agreement"), max_length=20, choices=ProposalPart.choices)
    principle = models.ForeignKey(
        "agreements.Principle",
        verbose_name=_("principle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision_proposals",
    )
    section = models.CharField(
        _("section"),
        max_length=200,
        blank=True,
        help_text=_("Which section, when it is not the vision, the purpose or a principle."),
    )
    proposed_wording = models.TextField(_("proposed wording"), max_length=5000)
    rationale = models.TextField(_("rationale"), max_length=5000)
    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("proposed by party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision_proposals",
        help_text=_("Empty when the process leader proposes it."),
    )
    # Never shown publicly: the public page names the party, or “the process leader”.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    decision = models.ForeignKey(
        "steering.Decision",
        verbose_name=_("the steering group's decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked and public from"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = scoped_manager(RevisionProposalQuerySet, "agreement")

    class Meta:
        verbose_name = _("revision proposal")
        verbose_name_plural = _("revision proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(part="principle") | Q(principle__isnull=False),
                name="followup_proposal_names_its_principle",
                violation_error_message=_("Choose the principle the proposal is about."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "rejected"]) | Q(decision__isnull=False),
                name="followup_proposal_decided_by_decision",
                violation_error_message=_(
                    "An adopted or rejected proposal needs the steering group's decision."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Proposal #%(number)s: %(part)s") % {"number": self.pk, "part": self.part_label}
        )

    def save(self, *args, **kwargs):
        # A proposal is about the text in force when it was made.
        if self.version_id is None and self.agreement_id and self.pk is None:
            self.version = self.agreement.in_force
        super().save(*args, **kwargs)

    @property
    def part_label(self) -> str:
        if self.part == ProposalPart.PRINCIPLE and self.principle_id:
            return str(self.principle)
        if self.part == ProposalPart.SECTION and self.section:
            return self.section
        return str(ProposalPart(self.part).label)

    @property
    def is_public(self) -> bool:
        return self.checked_at is not None
