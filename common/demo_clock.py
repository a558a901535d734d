"""The demo's calendar: every date of the demo relative to the day it is loaded.

The demo is a story written as if its agreement took effect on 1 January 2026 and the
demo were loaded in December that year: the year 2026 of meetings, decisions, activities
and answers lies behind, the next meetings, the open follow-up round and the conference
lie ahead. Loaded on another day, the story moves by whole years, so that its first year
is the last one to have reached December (from 1 December on, the current year): the
demo's present is always between one and thirteen months after its last meeting, and
weekdays, months and the order of events stay as written. What the demo counts from
today (the next meetings, the open round, the conference, the questions' deadlines) is
counted from today as before.

The demo modules write story dates (`datetime.date(2026, …)`) and pass them through
`day()` (or `meeting_day()`, which keeps the weekday) and their texts through `text()`
when they save them. `seed_demo` anchors the story to the year of a demo already loaded,
so that a later run finds its rows again instead of adding a second story beside them.
"""

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

STORY_YEAR = 2026  # the agreement's first year in force, as the story is written
NEW_STORY_FROM = (12, 1)  # (month, day) from which the current year is the first year

_anchor: ContextVar[int | None] = ContextVar("demo_first_year", default=None)
_YEAR = re.compile(r"\b20[2-4]\d\b")


def today() -> datetime.date:
    """The day the demo is loaded."""
    return timezone.localdate()


def first_year_on(day: datetime.date) -> int:
    """The first year in force of a demo loaded on `day`."""
    return day.year if (day.month, day.day) >= NEW_STORY_FROM else day.year - 1


def first_year() -> int:
    """The first year in force of the demo being loaded (anchored, or loaded today)."""
    anchored = _anchor.get()
    return anchored if anchored is not None else first_year_on(today())


@contextmanager
def anchored(year: int | None) -> Iterator[int]:
    """Load the demo with its story in `year` (None: the year for today)."""
    token = _anchor.set(year)
    try:
        yield first_year()
    finally:
        _anchor.reset(token)


def years_moved() -> int:
    return first_year() - STORY_YEAR


def year(story_year: int) -> int:
    """The demo's year for a year of the story."""
    return story_year + years_moved()


def day(story_day: datetime.date) -> datetime.date:
    """The demo's date for a date of the story: the same day and month."""
    moved = story_day.year + years_moved()
    try:
        return story_day.replace(year=moved)
    except ValueError:  # 29 February in a year without one
        return story_day.replace(year=moved, day=28)


def meeting_day(story_day: datetime.date) -> datetime.date:
    """The demo's date for a meeting of the story: the nearest day on the same weekday
    (a meeting held on a Tuesday stays on a Tuesday), at most three days away."""
    moved = day(story_day)
    return moved + datetime.timedelta(days=(story_day.weekday() - moved.weekday() + 3) % 7 - 3)


def text(story_text: str) -> str:
    """A text of the story with its years ("2026", "2026–2029") moved with the demo."""
    moved = years_moved()
    if not moved:
        return story_text
    return _YEAR.sub(lambda match: str(int(match.group()) + moved), story_text)
