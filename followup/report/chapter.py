"""What a chapter of the annual report is (`Chapter`, with its figures as `Sheet`s), and
the day its figures hold on (`as_of`). The chapters themselves are in
`followup.report.chapters`, listed in order by `chapters()`.
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
