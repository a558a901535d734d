"""The report's chapters, in order. Each chapter module collects its figures for a year
(`collect(agreement, year) -> dict`, the template's context), names its template, and
lists the figures behind its charts and tables as sheets for the spreadsheet export.

Figures that hold on a day ("the agreement had 38 parties") are as of the year's last day
once the year is over, and as of the day the report is made while it is still running: a
report made on 7 December does not state 31 December as a fact (`as_of`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise


def as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day the year's figures hold on: its last day, or today while it is running."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


@dataclass(frozen=True)
class Sheet:
    """One table of figures for the export: a title, the column headings and the rows."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class Chapter:
    slug: str  # the anchor in the PDF and the sheet names' prefix
    title: Promise  # gettext_lazy
    template: str  # templates/followup/report/<...>.html, included in report.html
    collect: Callable[..., dict]  # (agreement, year, today=None) -> context
    sheets: Callable[[dict], list[Sheet]]  # context -> the figures as tables


def chapters() -> list[Chapter]:
    from followup.report.chapters import actionplan, parties, proposals, steering, survey

    return [
        parties.FIGURES,
        survey.CHAPTER,
        actionplan.CHAPTER,
        steering.CHAPTER,
        proposals.CHAPTER,
        parties.APPENDIX,
    ]
