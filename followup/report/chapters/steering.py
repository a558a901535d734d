"""Chapter: the steering group in the year — who sat in it on 31 December (or on the day
the report is made, while the year runs), the meetings it held and the decisions it made,
at meetings and between them (per capsulam).

Only what /styrgrupp/ shows: members' names, titles, roles and whom they represent, never
an email or a phone (the seats are loaded without them). Every decision of the year is
counted; those listed are the ones the public may read: of meetings whose minutes are
published, and every decision per capsulam. The rest await checked minutes, and the
chapter says how many they are.
"""

import datetime

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from followup.report.chapter import Chapter, Sheet, as_of
from steering.composition import group_by_sector
from steering.models import Decision, Meeting, Role, Seat


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def role_label(seat: Seat) -> str:
    if seat.role == Role.DEPUTY and seat.deputy_for_id:
        return _("Deputy for %(name)s") % {"name": seat.deputy_for.person_name}
    return str(seat.get_role_display())


def represents(seat: Seat) -> str:
    return seat.organisation.name if seat.organisation_id else seat.affiliation


def collect(agreement, year: int, today: datetime.date | None = None) -> dict:
    end = as_of(year, today)
    seats = list(Seat.objects.public().for_agreement(agreement).on(end))
    sectors, co_opted = group_by_sector(seats)
    for seat in seats:
        seat.role_label = role_label(seat)
        seat.represents_label = represents(seat)

    start, stop = _year_bounds(year)
    stop = min(stop, timezone.now())
    meetings = list(
        Meeting.objects.filter(agreement=agreement, starts_at__gte=start, starts_at__lt=stop)
        .annotate(decision_count=Count("decisions"))
        .order_by("starts_at", "pk")
    )
    of_the_year = Decision.objects.filter(
        agreement=agreement,
        decided_on__gte=datetime.date(year, 1, 1),
        decided_on__lte=datetime.date(year, 12, 31),
    )
    counted = of_the_year.aggregate(
        total=Count("pk"), per_capsulam=Count("pk", filter=Q(meeting__isnull=True))
    )
    decisions = list(
        of_the_year.public()
        .select_related("meeting")
        .order_by("decided_on", "series", "number", "pk")
    )
    by_meeting: dict[int, dict] = {}
    per_capsulam = []
    for decision in decisions:
        if decision.meeting_id is None:
            per_capsulam.append(decision)
        else:
            by_meeting.setdefault(
                decision.meeting_id, {"meeting": decision.meeting, "decisions": []}
            )["decisions"].append(decision)
    decided_at = sorted(
        by_meeting.values(), key=lambda group: (group["meeting"].starts_at, group["meeting"].pk)
    )
    for group in decided_at:
        group["decisions"].sort(key=lambda decision: decision.number)
    per_capsulam.sort(key=lambda decision: (decision.year, decision.number))
    listed_at_meetings = len(decisions) - len(per_capsulam)
    groups = [
        {
            "heading": _("Meeting on %(date)s") % {"date": _long_date(group["meeting"].date)},
            "caption": _("Decisions at the meeting on %(date)s")
            % {"date": _long_date(group["meeting"].date)},
            "decisions": group["decisions"],
        }
        for group in decided_at
    ]
    if per_capsulam:
        groups.append(
            {
                "heading": _("Between meetings (per capsulam)"),
                "caption": _("Decisions between meetings (per capsulam) in %(year)s")
                % {"year": year},
                "decisions": per_capsulam,
            }
        )
    return {
        "as_of": end,
        "sectors": sectors,
        "co_opted": co_opted,
        "members": len(seats),
        "ordinary": sum(1 for seat in seats if seat.is_ordinary),
        "deputies": sum(1 for seat in seats if seat.role == Role.DEPUTY),
        "co_opted_count": len(co_opted),
        "meetings": meetings,
        "unpublished_minutes": any(not m.minutes_are_public for m in meetings),
        "decisions": decisions,
        "decided_at_meetings": decided_at,
        "decision_groups": groups,
        "decided_per_capsulam": per_capsulam,
        "decisions_total": counted["total"],
        "decisions_at_meetings": counted["total"] - counted["per_capsulam"],
        "decisions_per_capsulam": counted["per_capsulam"],
        # Made at a meeting whose minutes are not checked and published yet: counted
        # above, listed once the minutes are.
        "decisions_awaiting_minutes": counted["total"] - len(decisions),
        "decisions_listed_at_meetings": listed_at_meetings,
    }


def _long_date(day) -> str:
    return formats.date_format(day, "j F Y")


def _date(day) -> str:
    # The spreadsheet's dates sort as text.
    return formats.date_format(day, "Y-m-d")


def sheets(context: dict) -> list[Sheet]:
    if not context:
        return []
    composition = [
        [seat.person_name, seat.title, seat.role_label, seat.represents_label, group.label]
        for group in context["sectors"]
        for seat in group.seats
    ] + [
        [seat.person_name, seat.title, seat.role_label, seat.represents_label, ""]
        for seat in context["co_opted"]
    ]
    return [
        Sheet(
            _("The steering group in figures"),
            [_("Figure"), pgettext("a count", "Number")],
            [
                [_("Ordinary members"), context["ordinary"]],
                [_("Deputies"), context["deputies"]],
                [_("Co-opted members"), context["co_opted_count"]],
                [_("Meetings held"), len(context["meetings"])],
                [_("Decisions at meetings"), context["decisions_at_meetings"]],
                [_("Decisions per capsulam"), context["decisions_per_capsulam"]],
            ],
        ),
        Sheet(
            _("Steering group members"),
            [_("Name"), _("Title"), _("Role"), _("Represents"), _("Sector")],
            composition,
        ),
        Sheet(
            _("Steering group meetings"),
            [_("Date"), _("Place"), _("Decisions")],
            [
                [
                    _date(meeting.date),
                    meeting.where,
                    meeting.decision_count if meeting.minutes_are_public else None,
                ]
                for meeting in context["meetings"]
            ],
        ),
        Sheet(
            _("Steering group decisions"),
            [_("Meeting"), _("Paragraph"), _("Date"), _("Kind"), _("Decision")],
            [
                [
                    _date(decision.meeting.date) if decision.meeting_id else "",
                    str(decision.paragraph),
                    _date(decision.decided_on),
                    str(decision.get_kind_display()),
                    decision.text,
                ]
                for decision in [
                    *(d for group in context["decided_at_meetings"] for d in group["decisions"]),
                    *context["decided_per_capsulam"],
                ]
            ],
        ),
    ]


CHAPTER = Chapter(
    "steering",
    gettext_lazy("The steering group"),
    "followup/report/steering.html",
    collect,
    sheets,
)
