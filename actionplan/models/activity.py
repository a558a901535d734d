from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager

# ActivityArea and Perspective are the installation's vocabulary, shared by every agreement:
# their managers are not scoped. Everything else here belongs to an agreement through its
# annual plan and action plan.


class ActivityArea(models.Model):
    """Where an activity belongs (dialogue, knowledge …); kept as data."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity area")
        verbose_name_plural = _("activity areas")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Perspective(models.Model):
    """A cross-cutting perspective (human rights, the rights of the child …); kept as data."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("cross-cutting perspective")
        verbose_name_plural = _("cross-cutting perspectives")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# The progress a status suggests when it is set (done is always 100).
SUGGESTED_PROGRESS = {Status.PLANNED: 0, Status.DONE: 100}
# Activities that are finished: not carried into next year's plan.
CLOSED = (Status.DONE, Status.CANCELLED)


class ActivityQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED)


class Activity(models.Model):
    annual_plan = models.ForeignKey(
        "actionplan.AnnualPlan",
        verbose_name=_("annual plan"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    objective = models.ForeignKey(
        "actionplan.Objective",
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    area = models.ForeignKey(
        ActivityArea,
        verbose_name=_("activity area"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ManyToManyField(
        "parties.Organisation",
        verbose_name=_("responsible parties"),
        related_name="activities",
        blank=True,
    )
    lead_party = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("lead party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_activities",
        help_text=_("Its contact person updates the progress and gets the reminders."),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much the activity counts in the progress of its objective."),
    )
    perspectives = models.ManyToManyField(
        Perspective, verbose_name=_("cross-cutting perspectives"), related_name="+", blank=True
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = scoped_manager(ActivityQuerySet, "annual_plan__plan__agreement")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["objective__area__order", "objective__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="activity_progress_0_100",
                violation_error_message=_("Progress is a number from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100),
                name="activity_done_is_100",
                violation_error_message=_("A done activity has progress 100."),
            ),
            # Rolling forward twice must not carry the same activity twice.
            models.UniqueConstraint(
                fields=["annual_plan", "carried_from"],
                condition=Q(carried_from__isnull=False),
                name="activity_carried_once_a_year",
            ),
        ]
        indexes = [
            # The public list: a year's activities by status.
            models.Index(fields=["annual_plan", "status"], name="activity_year_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplan:activity", args=[self.pk])


class ActivityUpdate(models.Model):
    """One step on an activity's timeline: what happened, the new status and progress."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what happened"), max_length=4000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by_party = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = scoped_manager(path="activity__annual_plan__plan__agreement")

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="activity_update_progress_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.date}"
