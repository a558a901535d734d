"""iCalendar files of the portal's events (steering-group meetings, the conference).

One writer, so that every calendar the portal hands out is alike: times in Swedish time
whatever the server's zone is, with the zone described in the file (one VTIMEZONE, which
also keeps an empty feed a valid calendar: RFC 5545 asks for at least one component),
stable UIDs (a second import updates the entries instead of doubling them), and sent as a
download.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

# The portal's events take place in Sweden: the calendars say so whatever the server's zone is.
TZID = "Europe/Stockholm"


@dataclass(frozen=True)
class Entry:
    """One event of a calendar. `end` None: `start` plus the writer's default duration."""

    uid: str
    start: datetime.datetime
    end: datetime.datetime | None
    summary: str
    url: str
    description: str
    location: str = ""


def site_host() -> str:
    """The portal's host name, the domain part of every UID."""
    return urlsplit(settings.SITE_URL).hostname or "samverkan.invalid"


def calendar(
    entries: list[Entry],
    *,
    prodid: str,
    name: str,
    uid: str,
    default_duration: datetime.timedelta,
) -> Calendar:
    """The calendar `uid` named `name` with one event per entry, in Swedish time."""
    zone = ZoneInfo(TZID)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    events = []
    for entry in entries:
        start = timezone.localtime(entry.start, zone)
        end = timezone.localtime(entry.end, zone) if entry.end else start + default_duration
        events.append((entry, start, end))
    result = Calendar.new(prodid=prodid, name=name, uid=uid)
    result.add("X-WR-TIMEZONE", TZID)
    # The zone's rules for every year an event falls in (the current one when none does).
    first = min((start.year for _entry, start, _end in events), default=stamp.year)
    last = max((end.year for _entry, _start, end in events), default=stamp.year)
    result.add_component(
        Timezone.from_tzid(
            TZID,
            first_date=datetime.date(first - 1, 1, 1),
            last_date=datetime.date(last + 2, 1, 1),
        )
    )
    for entry, start, end in events:
        result.add_component(
            Event.new(
                uid=entry.uid,
                stamp=stamp,
                start=start,
                end=end,
                summary=entry.summary,
                location=entry.location or None,
                url=entry.url,
                description=entry.description,
            )
        )
    return result


def ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    """The calendar as a download named `filename`."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
