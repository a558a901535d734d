"""The report's first page: the year's key figures beside the previous year's, with the
change. Each figure is one or two aggregate queries per year, whatever the data's size.

The year's figures hold on the report's day (`as_of`: its last day, or the day it is
made while it runs); the previous year's on that year's last day. A figure the previous
year did not have (the agreement's first year, a year without a follow-up round) is shown
as “–”, and so is its change.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from actionplan import progress, services
from actionplan.models import AnnualPlan
from followup.models import Answer, FollowUpRound, QuestionKind, Response, RevisionProposal
from followup.report.chapter import as_of
from followup.report.chapters.actionplan import _rows
from followup.report.chapters.parties import COUNTED_STATUSES, parties_on
from followup.response_rate import response_rates
from parties.models import Organisation
from steering.models import Decision, Meeting

NO_VALUE = "–"
MINUS = "−"  # U+2212: a minus sign, not a hyphen, before a falling figure


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: float | None
    previous: float | None
    kind: str = "count"  # count, percent or average

    def _format(self, number: float | None) -> str:
        if number is None:
            return NO_VALUE
        if self.kind == "percent":
            return f"{floatformat(number, -1)} %"
        if self.kind == "average":
            return floatformat(number, 1)
        return floatformat(number, 0)

    @property
    def shown(self) -> str:
        return self._format(self.value)

    @property
    def previous_shown(self) -> str:
        return self._format(self.previous)

    @property
    def change(self) -> str:
        """“+3”, “−1”, “±0”; percentages change by percentage points."""
        if self.value is None or self.previous is None:
            return NO_VALUE
        difference = self.value - self.previous
        if self.kind == "average":
            difference = round(difference, 1)
            number = floatformat(abs(difference), 1)
        elif self.kind == "percent":
            difference = round(difference, 1)
            number = floatformat(abs(difference), -1)
        else:
            number = floatformat(abs(difference), 0)
        if not difference:
            sign, number = "±", "0"
        else:
            sign = "+" if difference > 0 else MINUS
        if self.kind == "percent":
            return _("%(sign)s%(number)s percentage points") % {"sign": sign, "number": number}
        return f"{sign}{number}"


def _joined_and_withdrawn(agreement, year: int, day: datetime.date) -> tuple[int, int]:
    counted = Organisation.objects.in_agreement(agreement, COUNTED_STATUSES)
    start = datetime.date(year, 1, 1)
    joined = counted.filter(joined_on__gte=start, joined_on__lte=day).count()
    withdrawn = counted.filter(withdrawn_on__gte=start, withdrawn_on__lte=day).count()
    return joined, withdrawn


def _round(agreement, year: int) -> FollowUpRound | None:
    return FollowUpRound.objects.filter(agreement=agreement, year=year).first()


def _response_rate(round: FollowUpRound | None) -> float | None:
    return response_rates(round).overall.percent if round else None


def _principles_average(round: FollowUpRound | None) -> float | None:
    if round is None:
        return None
    return Answer.objects.filter(
        response__round=round,
        response__status=Response.Status.SUBMITTED,
        question__kind=QuestionKind.SCALE,
        question__principle__isnull=False,
        cannot_judge=False,
        scale__isnull=False,
    ).aggregate(average=Avg("scale"))["average"]


def _plan_progress(agreement, year: int) -> float | None:
    plan = services.current_plan(agreement)
    annual_plan = AnnualPlan.objects.filter(plan=plan, year=year).first() if plan else None
    if annual_plan is None:
        return None
    return progress.tree(_rows(annual_plan)).plan.value


def _steering(agreement, year: int, day: datetime.date) -> tuple[int, int]:
    start = datetime.date(year, 1, 1)
    meetings = Meeting.objects.filter(
        agreement=agreement, starts_at__year=year, starts_at__date__lte=day
    ).count()
    decisions = Decision.objects.filter(
        agreement=agreement, decided_on__gte=start, decided_on__lte=day
    ).count()
    return meetings, decisions


def _proposals(agreement, year: int, day: datetime.date) -> int:
    return (
        RevisionProposal.objects.public()
        .filter(agreement=agreement, created_at__year=year, created_at__date__lte=day)
        .count()
    )


def _year(agreement, year: int, day: datetime.date) -> dict:
    round = _round(agreement, year)
    joined, withdrawn = _joined_and_withdrawn(agreement, year, day)
    meetings, decisions = _steering(agreement, year, day)
    return {
        "parties": parties_on(day, agreement).count(),
        "joined": joined,
        "withdrawn": withdrawn,
        "response_rate": _response_rate(round),
        "principles": _principles_average(round),
        "plan": _plan_progress(agreement, year),
        "meetings": meetings,
        "decisions": decisions,
        "proposals": _proposals(agreement, year, day),
    }


def collect(agreement, year: int, today: datetime.date | None = None) -> dict:
    day = as_of(year, today)
    now = _year(agreement, year, day)
    earlier_year = year - 1
    has_previous = bool(agreement.period) and earlier_year >= agreement.period[0].year
    before = (
        _year(agreement, earlier_year, datetime.date(earlier_year, 12, 31))
        if has_previous
        else dict.fromkeys(now)
    )
    labels = [
        ("parties", _("Parties to the agreement"), "count"),
        ("joined", _("New parties"), "count"),
        ("withdrawn", _("Withdrawals"), "count"),
        ("response_rate", _("Response rate of the follow-up"), "percent"),
        ("principles", _("The principles' average rating (1–5)"), "average"),
        ("plan", _("Progress of the annual plan"), "percent"),
        ("meetings", _("Steering group meetings"), "count"),
        ("decisions", _("Steering group decisions"), "count"),
        ("proposals", _("Revision proposals received"), "count"),
    ]
    return {
        "as_of": day,
        "year_over": day == datetime.date(year, 12, 31),
        "previous_year": earlier_year,
        "previous_end": datetime.date(earlier_year, 12, 31),
        "has_previous": has_previous,
        "figures": [KeyFigure(label, now[key], before[key], kind) for key, label, kind in labels],
    }
