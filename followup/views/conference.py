"""The annual conference's public page and its iCalendar entry.

The conference holds no personal data, and the calendar entry names no organiser or
attendee: only what the public page shows.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, Timezone
from markdown_it import MarkdownIt

from agreements.models import Agreement
from followup.models import Conference
from followup.revisions import with_relations
from followup.views.proposals import decorate
from steering.markdown import render_minutes
from steering.views.public import MEETING_TZID

# A conference without an end time is taken to fill the working day in calendars.
DEFAULT_DURATION = datetime.timedelta(hours=6)
# Names the program that made the file, not shown to anyone: not translated.
PRODID = "-//Samverkan//Samverkanskonferens//SV"

_markdown = MarkdownIt("commonmark", {"html": False})


def _conference_or_404(year: int) -> Conference:
    agreement = Agreement.objects.current()
    if agreement is None:
        raise Http404("No agreement in force")
    return get_object_or_404(
        Conference.objects.select_related("agreement"), agreement=agreement, year=year
    )


@require_safe
def detail(request: HttpRequest, year: int) -> HttpResponse:
    conference = _conference_or_404(year)
    proposals = decorate(with_relations(conference.proposals.public()).order_by("created_at", "pk"))
    return render(
        request,
        "followup/conference.html",
        {
            "conference": conference,
            "programme": render_minutes(conference.programme),
            "proposals": proposals,
            "is_upcoming": (conference.ends_at or conference.starts_at) >= timezone.now(),
        },
    )


# ---- iCalendar ----------------------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """The programme without Markdown's marks, for a calendar's plain-text description:
    blocks on lines of their own, list items with their dash or number, links followed by
    their address."""
    out = ""
    prefix = ""
    previous_was_item = False
    for token in _markdown.parse(markdown or ""):
        if token.type == "list_item_open":
            prefix = f"{token.info}{token.markup} " if token.info else "- "
            continue
        if token.type == "inline":
            text = _inline_text(token.children or [])
        elif token.type in ("fence", "code_block"):
            text = token.content.rstrip("\n")
        else:
            continue
        # List items follow each other line by line; other blocks get an empty line between.
        separator = "\n" if prefix and previous_was_item else "\n\n"
        out += (separator if out else "") + prefix + text
        previous_was_item, prefix = bool(prefix), ""
    return out


def _inline_text(children) -> str:
    text = ""
    links: list[tuple[str, int]] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            text += child.content
        elif child.type in ("softbreak", "hardbreak"):
            text += "\n"
        elif child.type == "link_open":
            links.append((str(child.attrs.get("href", "")), len(text)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            shown = text[start:]
            if href and href not in (shown, f"mailto:{shown}"):
                text += f" ({href})"
    return text


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "samverkan.invalid"


def _description(conference: Conference, address: str) -> str:
    parts = []
    programme = plain_text(conference.programme)
    if programme:
        parts.append(_("Programme:") + "\n" + programme)
    if conference.registration_url:
        parts.append(_("Register: %(url)s") % {"url": conference.registration_url})
    if conference.registration_note:
        parts.append(conference.registration_note)
    parts.append(_("Programme and proposals: %(url)s") % {"url": address})
    return "\n\n".join(parts)


def conference_calendar(conference: Conference) -> Calendar:
    zone = ZoneInfo(MEETING_TZID)
    start = timezone.localtime(conference.starts_at, zone)
    end = (
        timezone.localtime(conference.ends_at, zone)
        if conference.ends_at
        else start + DEFAULT_DURATION
    )
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    address = settings.SITE_URL + conference.get_absolute_url()
    calendar = Calendar.new(
        prodid=PRODID,
        name=conference.title,
        uid=f"conference-{conference.pk}-calendar@{_site_host()}",
    )
    calendar.add("X-WR-TIMEZONE", MEETING_TZID)
    calendar.add_component(
        Timezone.from_tzid(
            MEETING_TZID,
            first_date=datetime.date(start.year - 1, 1, 1),
            last_date=datetime.date(end.year + 2, 1, 1),
        )
    )
    calendar.add_component(
        Event.new(
            # Stable across downloads, so a second import updates the entry.
            uid=f"conference-{conference.pk}@{_site_host()}",
            stamp=stamp,
            start=start,
            end=end,
            summary=conference.title,
            location=conference.place or None,
            url=address,
            description=_description(conference, address),
        )
    )
    return calendar


@require_safe
def ics(request: HttpRequest, year: int) -> HttpResponse:
    conference = _conference_or_404(year)
    response = HttpResponse(
        conference_calendar(conference).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="konferens-{conference.year}.ics"'
    return response
