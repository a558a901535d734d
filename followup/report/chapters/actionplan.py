"""Chapter: the action plan. The year's annual plan in the agreement's current action plan:
progress per development area and objective (computed as the public plan page computes
it, by actionplan.progress), the activities by status, and the ones done, postponed and
cancelled. A fixed number of queries, however many activities the plan holds."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplan import progress, services
from actionplan.models import Activity, AnnualPlan, DevelopmentArea, Status
from followup.report.chapter import Chapter, Sheet, as_of
from followup.report.charts import Series, bar_chart

CHART_LABEL_CHARS = 26
LISTED = (Status.DONE, Status.POSTPONED, Status.CANCELLED)
NOTHING = progress.Progress(None, 0)


@dataclass
class Row:
    """A development area or an objective, with its progress and what it rests on."""

    title: str
    progress: progress.Progress
    activities: int = 0  # every activity of the year, cancelled ones too
    done: int = 0
    objectives: list["Row"] = field(default_factory=list)


@dataclass
class Listed:
    status: str
    heading: str
    activities: list[dict]  # title, lead party's name, development area


def _rows(annual_plan: AnnualPlan) -> list[SimpleNamespace]:
    """The year's activities as far as progress needs them, as plain rows (as the public
    plan page loads them): model instances would cost more than the query."""
    return [
        SimpleNamespace(
            objective_id=objective_id,
            objective=SimpleNamespace(area_id=area_id),
            status=status,
            progress=value,
            weight=weight,
        )
        for objective_id, area_id, status, value, weight in Activity.objects.filter(
            annual_plan=annual_plan
        )
        .order_by()
        .values_list("objective_id", "objective__area_id", "status", "progress", "weight")
    ]


def _areas(plan, rows) -> tuple[progress.Progress, list[Row]]:
    computed = progress.tree(rows)
    per_objective = Counter(row.objective_id for row in rows)
    per_area = Counter(row.objective.area_id for row in rows)
    done_objective = Counter(row.objective_id for row in rows if row.status == Status.DONE)
    done_area = Counter(row.objective.area_id for row in rows if row.status == Status.DONE)
    areas = []
    for area in DevelopmentArea.objects.filter(plan=plan).prefetch_related("objectives"):
        areas.append(
            Row(
                title=area.title,
                progress=computed.areas.get(area.pk, NOTHING),
                activities=per_area[area.pk],
                done=done_area[area.pk],
                objectives=[
                    Row(
                        title=objective.title,
                        progress=computed.objectives.get(objective.pk, NOTHING),
                        activities=per_objective[objective.pk],
                        done=done_objective[objective.pk],
                    )
                    for objective in area.objectives.all()
                ],
            )
        )
    return computed.plan, areas


def _chart(areas: list[Row], year: int) -> SafeString | str:
    shown = [area for area in areas if area.progress.known]
    if len(shown) < 2:
        # One bar is a sentence; the table below says it.
        return ""
    findings = "; ".join(f"{area.title} {area.progress.value} %" for area in shown)
    title = _(
        "Progress of the annual plan %(year)s per development area, in per cent: %(findings)s."
    ) % {"year": year, "findings": findings}
    return bar_chart(
        title,
        [Truncator(area.title).chars(CHART_LABEL_CHARS) for area in shown],
        [Series(_("Progress"), [area.progress.value for area in shown])],
        unit=" %",
    )


def _listed(annual_plan: AnnualPlan) -> list[Listed]:
    found = {status: [] for status in LISTED}
    for row in (
        Activity.objects.filter(annual_plan=annual_plan, status__in=LISTED)
        .order_by("objective__area__order", "objective__area__pk", "title", "pk")
        .values("status", "title", "lead_party__name", "objective__area__title")
    ):
        found[row["status"]].append(
            {
                "title": row["title"],
                "lead_party": row["lead_party__name"] or "",
                "area": row["objective__area__title"],
            }
        )
    headings = {
        Status.DONE: _("Activities done"),
        Status.POSTPONED: _("Activities postponed"),
        Status.CANCELLED: _("Activities cancelled"),
    }
    return [Listed(status, headings[status], found[status]) for status in LISTED]


def collect(agreement, year: int, today: datetime.date | None = None) -> dict:
    plan = services.current_plan(agreement)
    annual_plan = AnnualPlan.objects.filter(plan=plan, year=year).first() if plan else None
    if annual_plan is None:
        return {"plan": plan, "annual_plan": None, "as_of": as_of(year, today)}
    rows = _rows(annual_plan)
    overall, areas = _areas(plan, rows)
    statuses = Counter(row.status for row in rows)
    return {
        "plan": plan,
        "annual_plan": annual_plan,
        "as_of": as_of(year, today),
        "overall": overall,
        "total": len(rows),
        "areas": areas,
        "chart": _chart(areas, year),
        "by_status": [(str(label), statuses[code]) for code, label in Status.choices],
        "listed": _listed(annual_plan),
    }


def _percent(value: progress.Progress):
    return value.value if value.known else None


def sheets(context: dict) -> list[Sheet]:
    if not context.get("annual_plan"):
        return []
    areas: list[Row] = context["areas"]
    found = [
        Sheet(
            _("Progress per development area"),
            [_("Development area"), _("Activities"), _("Done"), _("Progress (%)")],
            [[a.title, a.activities, a.done, _percent(a.progress)] for a in areas],
        ),
        Sheet(
            _("Progress per objective"),
            [
                _("Development area"),
                _("Objective"),
                _("Activities"),
                _("Done"),
                _("Progress (%)"),
            ],
            [
                [a.title, o.title, o.activities, o.done, _percent(o.progress)]
                for a in areas
                for o in a.objectives
            ],
        ),
        Sheet(
            _("Activities by status"),
            [_("Status"), _("Activities")],
            [[label, count] for label, count in context["by_status"]],
        ),
    ]
    for listed in context["listed"]:
        if listed.activities:
            found.append(
                Sheet(
                    listed.heading,
                    [_("Activity"), _("Lead party"), _("Development area")],
                    [[a["title"], a["lead_party"], a["area"]] for a in listed.activities],
                )
            )
    return found


CHAPTER = Chapter(
    "actionplan",
    gettext_lazy("The action plan"),
    "followup/report/actionplan.html",
    collect,
    sheets,
)
