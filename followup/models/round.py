"""The annual follow-up: a round of questions every active party answers once."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Sector
from common.scoping import scoped_manager

SCALE_MIN, SCALE_MAX = 1, 5
# Generous for a real answer, small enough that a pasted book is refused with a message.
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5_000
COMMENT_MAX = 2_000
NUMBER_MAX = 1_000_000


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FollowUpRoundQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        """Rounds taking answers on `day` (the close date is the last such day)."""
        return self.filter(opens__lte=day, closes__gte=day)

    def closed_before(self, day: datetime.date):
        return self.filter(closes__lt=day)


class FollowUpRound(models.Model):
    """One year's follow-up of the agreement. Open from `opens` to `closes`, both included."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="followup_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year followed up"))
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"), help_text=_("The last day answers are taken."))
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown at the top of the form and in the invitation."),
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder, days before closing"), default=14
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("second reminder, days before closing"), default=3
    )
    # Claimed by the first run that sends invitations, and by the run that reports the
    # close to the process leader: each happens once, also with two workers.
    opened_at = models.DateTimeField(_("invitations sent from"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close reported"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = scoped_manager(FollowUpRoundQuerySet, "agreement")

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="followup_one_round_per_year",
                violation_error_message=_("There is already a follow-up round for this year."),
            ),
            models.CheckConstraint(
                condition=Q(closes__gte=F("opens")),
                name="followup_round_closes_after_opening",
                violation_error_message=_("The round cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(first_reminder_days__gt=F("second_reminder_days")),
                name="followup_round_reminders_in_order",
                violation_error_message=_("The first reminder must come earlier than the second."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Follow-up %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("followup:form", args=[self.year])

    def status_on(self, day: datetime.date) -> str:
        if day < self.opens:
            return RoundStatus.PLANNED
        if day > self.closes:
            return RoundStatus.CLOSED
        return RoundStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return RoundStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5 (with “cannot judge”)")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


class Question(models.Model):
    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    theme = models.CharField(
        _("theme"),
        max_length=100,
        help_text=_("Questions with the same theme are shown together under it as a heading."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    principle = models.ForeignKey(
        "agreements.Principle",
        verbose_name=_("principle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a scale question about how a principle works."),
    )
    low_label = models.CharField(
        _("label of 1"), max_length=60, blank=True, help_text=_("Scale questions only.")
    )
    high_label = models.CharField(
        _("label of 5"), max_length=60, blank=True, help_text=_("Scale questions only.")
    )
    sector = models.CharField(
        _("asked of"),
        max_length=20,
        choices=Sector.choices,
        blank=True,
        help_text=_("Leave empty to ask every party."),
    )
    required = models.BooleanField(_("must be answered to submit"), default=False)
    with_comment = models.BooleanField(_("with an optional comment"), default=False)

    objects = scoped_manager(path="round__agreement")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="scale") | Q(principle__isnull=True),
                name="followup_question_principle_only_on_scale",
                violation_error_message=_("Only a scale question can be about a principle."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def asked_of(self, sector: str) -> bool:
        return not self.sector or self.sector == sector


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Response.Status.SUBMITTED)

    def counted(self):
        """The responses the response rate counts: the party is still a party, or it
        submitted before it left. A party that withdrew without answering is not asked."""
        from parties.models import active_membership

        return self.filter(
            active_membership("organisation", "round__agreement")
            | Q(status=Response.Status.SUBMITTED)
        )


class Response(models.Model):
    """A party's answers in one round; made when the round asks the party to answer."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft saved")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="responses"
    )
    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="followup_responses",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    invited_at = models.DateTimeField(_("first invited"), null=True, blank=True)
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = scoped_manager(ResponseQuerySet, "round__agreement")

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="followup_one_response_per_party"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="followup_submitted_has_time",
            ),
        ]
        indexes = [
            # The response rate: a round's responses by status.
            models.Index(fields=["round", "status"], name="followup_response_rate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.round}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    scale = models.PositiveSmallIntegerField(_("on the scale"), null=True, blank=True)
    cannot_judge = models.BooleanField(_("cannot judge"), default=False)
    yes_no = models.BooleanField(_("yes or no"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = scoped_manager(path="response__round__agreement")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="followup_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=SCALE_MIN, scale__lte=SCALE_MAX),
                name="followup_answer_scale_in_range",
            ),
            models.CheckConstraint(
                condition=Q(cannot_judge=False) | Q(scale__isnull=True),
                name="followup_answer_scale_or_cannot_judge",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__lte=NUMBER_MAX),
                name="followup_answer_number_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.question}"

    @property
    def is_empty(self) -> bool:
        return (
            self.scale is None
            and not self.cannot_judge
            and self.yes_no is None
            and self.number is None
            and not self.text
            and not self.comment
        )
