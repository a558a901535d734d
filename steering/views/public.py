"""Public pages of the steering group (composition, meetings, calendar).

Nothing here shows a seat's email or phone: the seats are loaded with only the fields the
pages show (`Seat.objects.public()`), and the calendar names meetings, never people.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, Timezone

from agreements.models import Agreement
from steering import rules, services
from steering.composition import group_by_sector, seat_order
from steering.markdown import render_minutes
from steering.models import Meeting, Seat

# The steering group meets in Sweden: the calendar says so whatever the server's zone is.
MEETING_TZID = "Europe/Stockholm"
DEFAULT_DURATION = datetime.timedelta(hours=2)
# The feed shows what is coming and what just happened (for minutes to follow).
FEED_PAST_DAYS = 90
# Names the program that made the file, not shown to anyone: not translated.
PRODID = "-//Samverkan//Styrgruppens moten//SV"


def _current_agreement_or_404() -> Agreement:
    agreement = Agreement.objects.current()
    if agreement is None:
        raise Http404("No agreement in force")
    return agreement


@require_safe
def composition(request: HttpRequest) -> HttpResponse:
    agreement = _current_agreement_or_404()
    seats = list(Seat.objects.public().for_agreement(agreement).current())
    sectors, co_opted = group_by_sector(seats)
    meetings = Meeting.objects.filter(agreement=agreement)
    published = (
        meetings.published().annotate(decision_count=Count("decisions")).order_by("-starts_at")
    )
    return render(
        request,
        "steering/composition.html",
        {
            "agreement": agreement,
            "rules": agreement.rules_on(timezone.localdate()),
            "sectors": sectors,
            "co_opted": co_opted,
            "published_meetings": list(published),
            "upcoming_meetings": list(meetings.upcoming()),
        },
    )


@require_safe
def earlier_members(request: HttpRequest) -> HttpResponse:
    agreement = _current_agreement_or_404()
    seats = sorted(
        # A seat ended on the day it was to begin was never held: not an earlier member.
        Seat.objects.public()
        .for_agreement(agreement)
        .earlier()
        .exclude(ended_on=F("mandate_start")),
        key=lambda seat: (seat.last_day, seat.mandate_start, seat.person_name.lower()),
        reverse=True,
    )
    return render(request, "steering/earlier.html", {"agreement": agreement, "seats": seats})


@require_safe
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("agreement"), pk=pk)
    held_under = meeting.agreement.version_on(timezone.localdate(meeting.starts_at))
    current = Agreement.objects.current()
    context: dict = {
        "meeting": meeting,
        "held_under": held_under,
        "is_current_agreement": meeting.agreement_id == getattr(current, "pk", None)
        and (held_under is None or held_under == meeting.agreement.in_force),
        "is_upcoming": meeting.starts_at >= timezone.now(),
    }
    if meeting.minutes_are_public:
        attendance = sorted(
            meeting.attendance.select_related("seat__organisation", "stands_in_for").only(
                "meeting_id",
                "seat__person_name",
                "seat__title",
                "seat__role",
                "seat__affiliation",
                "seat__organisation__name",
                "seat__organisation__slug",
                "seat__organisation__status",
                "stands_in_for__person_name",
            ),
            key=lambda row: seat_order(row.seat),
        )
        context.update(
            attendance=attendance,
            quorum=rules.quorum(meeting) if attendance else None,
            minutes=render_minutes(meeting.minutes),
            decisions=list(meeting.decisions.order_by("number")),
            per_capsulam=list(services.per_capsulam_to_report(meeting)),
        )
    return render(request, "steering/meeting.html", context)


# ---- iCalendar ----------------------------------------------------------------------------


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "samverkan.invalid"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _event(meeting: Meeting, stamp: datetime.datetime) -> Event:
    zone = ZoneInfo(MEETING_TZID)
    start = timezone.localtime(meeting.starts_at, zone)
    end = timezone.localtime(meeting.ends_at, zone) if meeting.ends_at else start + DEFAULT_DURATION
    address = _absolute(meeting.get_absolute_url())
    description = _("Agenda, attendance and minutes: %(url)s") % {"url": address}
    if meeting.agenda.strip():
        description = _("Agenda:") + "\n" + meeting.agenda.strip() + "\n\n" + description
    return Event.new(
        uid=f"meeting-{meeting.pk}@{_site_host()}",
        stamp=stamp,
        start=start,
        end=end,
        summary=_("Steering group meeting"),
        location=meeting.where or None,
        url=address,
        description=description,
    )


def _calendar(meetings: list[Meeting], *, uid: str) -> Calendar:
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = Calendar.new(
        prodid=PRODID,
        name=_("Steering group meetings"),
        uid=uid,
    )
    calendar.add("X-WR-TIMEZONE", MEETING_TZID)
    years = [timezone.localtime(m.starts_at).year for m in meetings] or [stamp.year]
    # Always one VTIMEZONE: it keeps even an empty feed a valid calendar (RFC 5545 asks
    # for at least one component), covering every meeting's year.
    calendar.add_component(
        Timezone.from_tzid(
            MEETING_TZID,
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
    )
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp))
    return calendar


def _ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    calendar = _calendar([meeting], uid=f"meeting-{meeting.pk}-calendar@{_site_host()}")
    return _ics_response(calendar, f"styrgrupp-mote-{meeting.date.isoformat()}.ics")


@require_safe
def meetings_ics(request: HttpRequest) -> HttpResponse:
    agreement = Agreement.objects.current()
    meetings: list[Meeting] = []
    if agreement is not None:
        since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
        meetings = list(
            Meeting.objects.filter(agreement=agreement, starts_at__gte=since).order_by("starts_at")
        )
    uid = f"steering-meetings-{agreement.pk if agreement else 0}@{_site_host()}"
    return _ics_response(_calendar(meetings, uid=uid), "styrgrupp-moten.ics")
