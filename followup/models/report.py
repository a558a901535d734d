"""The annual conference report: PDF versions generated in the background."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager

FOREWORD_MAX = 6_000  # some two pages


def report_path(instance: "AnnualReport", filename: str) -> str:
    # Kept among the uploads, which are never served publicly: the download view checks
    # who may read a version before it streams the file.
    return f"reports/{instance.year}/{filename}"


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, status=AnnualReport.Status.READY)

    def unfinished(self):
        return self.filter(status__in=AnnualReport.UNFINISHED)


class AnnualReport(models.Model):
    """One generated version of a year's report. Generating again makes a new version."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("PDF"), upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Written by the process leader before generating; each version keeps the texts it was
    # made with. The next version's form starts from the latest ones of the year.
    foreword = models.TextField(
        _("foreword"),
        blank=True,
        max_length=FOREWORD_MAX,
        help_text=_(
            "On the report's first pages, signed with the chair's name. Blank lines "
            "separate paragraphs. Leave it empty for a report without a foreword."
        ),
    )
    method_note = models.TextField(
        _("method note"),
        blank=True,
        max_length=FOREWORD_MAX,
        help_text=_(
            "How the figures were collected, in your words. The report adds the day the "
            "figures hold on and where each of them comes from."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = scoped_manager(AnnualReportQuerySet, "agreement")

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "version"], name="report_unique_version"
            ),
            # Two clicks at once start one generation: a second queued or running version
            # of the same year cannot exist.
            models.UniqueConstraint(
                fields=["agreement", "year"],
                condition=Q(status__in=["queued", "running"]),
                name="report_one_generation_at_a_time",
                violation_error_message=_("A report for this year is already being generated."),
            ),
            # One published version per year: publishing a new one withdraws the old.
            models.UniqueConstraint(
                fields=["agreement", "year"],
                condition=Q(published_at__isnull=False),
                name="report_one_published_per_year",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="report_ready_has_file",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="ready"),
                name="report_published_is_ready",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Annual report %(year)s, version %(version)s")
            % {"year": self.year, "version": self.version}
        )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_finished(self) -> bool:
        return self.status not in self.UNFINISHED

    def filename(self) -> str:
        """The name a person sees: arsrapport-2026-norradalen-v2.pdf. The version is in
        it, so two downloaded versions neither overwrite nor are taken for each other."""
        # "Region Norrådalen" → "norradalen": the word "region" says nothing in the name.
        region = slugify(self.agreement.region_name).removeprefix("region-") or "samverkan"
        return f"arsrapport-{self.year}-{region}-v{self.version}.pdf"

    def get_download_url(self) -> str:
        return reverse("followup:report_download", args=[self.pk])

    def get_status_url(self) -> str:
        return reverse("followup:report_status", args=[self.pk])
