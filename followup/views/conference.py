"""The annual conference's public page and its iCalendar entry.

The conference holds no personal data, and the calendar entry names no organiser or
attendee: only what the public page shows.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar

from agreements.pages import published_agreement
from common import ical
from common.markdown import plain_text, render_markdown
from followup.models import Conference
from followup.revisions import with_relations
from followup.views.proposals import decorate

# A conference without an end time is taken to fill the working day in calendars.
DEFAULT_DURATION = datetime.timedelta(hours=6)
# Names the program that made the file, not shown to anyone: not translated.
PRODID = "-//Samverkan//Samverkanskonferens//SV"


def _conference_or_404(request: HttpRequest, year: int) -> Conference:
    agreement = published_agreement(request)
    if agreement is None:
        raise Http404("No agreement in force")
    return get_object_or_404(
        Conference.objects.select_related("agreement"), agreement=agreement, year=year
    )


@require_safe
def detail(request: HttpRequest, year: int) -> HttpResponse:
    conference = _conference_or_404(request, year)
    proposals = decorate(with_relations(conference.proposals.public()).order_by("created_at", "pk"))
    return render(
        request,
        "followup/conference.html",
        {
            "conference": conference,
            "programme": render_markdown(conference.programme),
            "proposals": proposals,
            "is_upcoming": (conference.ends_at or conference.starts_at) >= timezone.now(),
        },
    )


# ---- iCalendar ----------------------------------------------------------------------------


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
    address = settings.SITE_URL + conference.get_absolute_url()
    entry = ical.Entry(
        # Stable across downloads, so a second import updates the entry.
        uid=f"conference-{conference.pk}@{ical.site_host()}",
        start=conference.starts_at,
        end=conference.ends_at,
        summary=conference.title,
        location=conference.place,
        url=address,
        description=_description(conference, address),
    )
    return ical.calendar(
        [entry],
        prodid=PRODID,
        name=conference.title,
        uid=f"conference-{conference.pk}-calendar@{ical.site_host()}",
        default_duration=DEFAULT_DURATION,
    )


@require_safe
def ics(request: HttpRequest, year: int) -> HttpResponse:
    conference = _conference_or_404(request, year)
    return ical.ics_response(conference_calendar(conference), f"konferens-{conference.year}.ics")
