from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager
from steering.models.decision import decision_kinds, outcome_of


class QuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=PerCapsulamQuestion.Status.OPEN)

    def past_deadline(self):
        return self.open().filter(deadline__lt=timezone.now())


class PerCapsulamQuestion(models.Model):
    """A matter put to the voting members between meetings, to answer by a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for answers")
        DECIDED = "decided", _("Decided")
        TO_MEETING = "to_meeting", _("Referred to the next meeting")
        OVERTAKEN = "overtaken", _("Closed: the matter was decided otherwise")

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="per_capsulam_questions",
    )
    title = models.CharField(_("question"), max_length=300)
    proposal = models.TextField(
        _("proposed decision"), help_text=_("What the steering group decides if it says yes.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=decision_kinds)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of matter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("matter"), null=True, blank=True)
    matter = GenericForeignKey("content_type", "object_id")
    deadline = models.DateTimeField(_("answer by"))
    put_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    put_at = models.DateTimeField(_("put"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome_note = models.CharField(_("outcome"), max_length=300, blank=True)

    objects = scoped_manager(QuestionQuerySet, "agreement")

    class Meta:
        verbose_name = _("question between meetings (per capsulam)")
        verbose_name_plural = _("questions between meetings (per capsulam)")
        ordering = ["-put_at", "-pk"]
        constraints = [
            # One open question per matter: two at once could decide it twice.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="open", object_id__isnull=False),
                name="per_capsulam_one_open_per_matter",
                violation_error_message=_("This matter has already been put to the members."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("steering:answer", args=[self.pk])

    @property
    def rules(self):
        """The version of the agreement whose rules apply: the one in force when it was put."""
        put = timezone.localdate(self.put_at) if self.put_at else timezone.localdate()
        return self.agreement.rules_on(put)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline >= timezone.now()

    @property
    def is_past_deadline(self) -> bool:
        """Open in the database, but the deadline has passed: the count is due."""
        return self.status == self.Status.OPEN and self.deadline < timezone.now()

    @property
    def state_label(self) -> str:
        """The badge, computed from the deadline: the periodic job may not have run yet."""
        if self.is_past_deadline:
            return str(_("Deadline passed: the answers are being counted"))
        return self.get_status_display()

    @property
    def proposal_label(self) -> str:
        """What the list shows: the proposal while undecided, the outcome once decided."""
        if self.status == self.Status.DECIDED:
            return self.get_kind_display()
        outcome = outcome_of(self.kind)
        proposed = str(outcome.proposal if outcome and outcome.proposal else "")
        if not proposed:
            proposed = str(_("Proposal: %(title)s"))
        if "%(title)s" in proposed:
            return proposed % {"title": self.title}
        return proposed


class PerCapsulamAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    question = models.ForeignKey(
        PerCapsulamQuestion,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    seat = models.ForeignKey(
        "steering.Seat", verbose_name=_("seat"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = scoped_manager(path="question__agreement")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "seat"], name="per_capsulam_one_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.get_answer_display()}"
