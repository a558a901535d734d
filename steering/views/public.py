"""Public pages of the steering group (composition, meetings, calendar).

Nothing here shows a seat's email or phone: the seats are loaded with only the fields the
pages show (`Seat.objects.public()`), and the calendar names meetings, never people.
"""

import datetime

from django.conf import settings
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agreements.models import Agreement
from agreements.pages import agreement_or_404, published_agreement
from common import ical
from common.markdown import render_markdown
from steering import rules, services
from steering.composition import group_by_sector, seat_order
from steering.models import Meeting, Seat

DEFAULT_DURATION = datetime.timedelta(hours=2)
# The feed shows what is coming and what just happened (for minutes to follow).
FEED_PAST_DAYS = 90
# Names the program that made the file, not shown to anyone: not translated.
PRODID = "-//Samverkan//Styrgruppens moten//SV"


def _current_agreement_or_404(request: HttpRequest) -> Agreement:
    agreement = published_agreement(request)
    if agreement is None:
        raise Http404("No agreement in force")
    return agreement


@require_safe
def composition(request: HttpRequest) -> HttpResponse:
    agreement = _current_agreement_or_404(request)
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
    agreement = _current_agreement_or_404(request)
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
    current = agreement_or_404(request)
    meeting = get_object_or_404(
        Meeting.objects.select_related("agreement"), pk=pk, agreement=current
    )
    held_under = meeting.agreement.version_on(timezone.localdate(meeting.starts_at))
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
                "stands_in_for__person_name",
            ),
            key=lambda row: seat_order(row.seat),
        )
        context.update(
            attendance=attendance,
            quorum=rules.quorum(meeting) if attendance else None,
            minutes=render_markdown(meeting.minutes),
            decisions=list(meeting.decisions.order_by("number")),
            per_capsulam=list(services.per_capsulam_to_report(meeting)),
        )
    return render(request, "steering/meeting.html", context)


# ---- iCalendar ----------------------------------------------------------------------------


def _entry(meeting: Meeting) -> ical.Entry:
    address = settings.SITE_URL + meeting.get_absolute_url()
    description = _("Agenda, attendance and minutes: %(url)s") % {"url": address}
    if meeting.agenda.strip():
        description = _("Agenda:") + "\n" + meeting.agenda.strip() + "\n\n" + description
    return ical.Entry(
        uid=f"meeting-{meeting.pk}@{ical.site_host()}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=_("Steering group meeting"),
        location=meeting.where,
        url=address,
        description=description,
    )


def _calendar(meetings: list[Meeting], *, uid: str):
    return ical.calendar(
        [_entry(meeting) for meeting in meetings],
        prodid=PRODID,
        name=_("Steering group meetings"),
        uid=uid,
        default_duration=DEFAULT_DURATION,
    )


@require_safe
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk, agreement=agreement_or_404(request))
    calendar = _calendar([meeting], uid=f"meeting-{meeting.pk}-calendar@{ical.site_host()}")
    return ical.ics_response(calendar, f"styrgrupp-mote-{meeting.date.isoformat()}.ics")


@require_safe
def meetings_ics(request: HttpRequest) -> HttpResponse:
    agreement = published_agreement(request)
    meetings: list[Meeting] = []
    if agreement is not None:
        since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
        meetings = list(
            Meeting.objects.filter(agreement=agreement, starts_at__gte=since).order_by("starts_at")
        )
    uid = f"steering-meetings-{agreement.pk if agreement else 0}@{ical.site_host()}"
    return ical.ics_response(_calendar(meetings, uid=uid), "styrgrupp-moten.ics")
