from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class ActionPlan(models.Model):
    """The action plan for an agreement's whole period."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_by = models.ForeignKey(
        "steering.Decision",
        verbose_name=_("adopted by decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_month = models.PositiveSmallIntegerField(
        _("annual review: month"),
        default=11,
        help_text=_("Next year's annual plan should exist by this date each year."),
    )
    review_day = models.PositiveSmallIntegerField(_("annual review: day"), default=1)

    objects = scoped_manager(path="agreement")

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="action_plan_period_forward",
                violation_error_message=_("The last year cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.first_year}–{self.last_year}"


class DevelopmentArea(models.Model):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="areas"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = scoped_manager(path="plan__agreement")

    class Meta:
        verbose_name = _("development area")
        verbose_name_plural = _("development areas")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    area = models.ForeignKey(
        DevelopmentArea,
        verbose_name=_("development area"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    objects = scoped_manager(path="area__plan__agreement")

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["area__order", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AnnualPlan(models.Model):
    """A year's plan of activities (verksamhetsplan)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.PROTECT,
        related_name="annual_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    adopted_by = models.ForeignKey(
        "steering.Decision",
        verbose_name=_("adopted by decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    rolled_from = models.OneToOneField(
        "self",
        verbose_name=_("rolled forward from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rolled_into",
    )

    objects = scoped_manager(path="plan__agreement")

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="annual_plan_once_a_year"),
        ]

    def __str__(self) -> str:
        return _("Annual plan %(year)s") % {"year": self.year}
