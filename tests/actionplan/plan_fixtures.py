"""Building an action plan for the tests: plain functions, called by each module's fixtures."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from actionplan.models import (
    ActionPlan,
    Activity,
    ActivityArea,
    ActivityUpdate,
    AnnualPlan,
    DevelopmentArea,
    Objective,
    Perspective,
    Status,
)


@dataclass
class Plan:
    plan: ActionPlan
    this_year: AnnualPlan
    last_year: AnnualPlan
    areas: list[DevelopmentArea]
    objectives: list[Objective]
    activities: dict[str, Activity] = field(default_factory=dict)


def build_plan(agreement) -> Plan:
    """The period plan with two development areas of two objectives each, and the annual
    plans for last year and this year (no activities yet)."""
    year = timezone.localdate().year
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan för överenskommelsen",
        introduction="Så genomför vi överenskommelsen.",
        first_year=year - 1,
        last_year=year + 2,
    )
    areas = [
        DevelopmentArea.objects.create(plan=plan, order=1, title="Dialog och delaktighet"),
        DevelopmentArea.objects.create(plan=plan, order=2, title="Kunskap och lärande"),
    ]
    objectives = [
        Objective.objects.create(area=areas[0], order=1, title="Fler mötesplatser"),
        Objective.objects.create(area=areas[0], order=2, title="Tidig dialog i beslut"),
        Objective.objects.create(area=areas[1], order=1, title="Gemensam kunskapsbas"),
        Objective.objects.create(area=areas[1], order=2, title="Utbildning för parterna"),
    ]
    return Plan(
        plan=plan,
        last_year=AnnualPlan.objects.create(plan=plan, year=year - 1),
        this_year=AnnualPlan.objects.create(plan=plan, year=year),
        areas=areas,
        objectives=objectives,
    )


def add_activity(
    annual_plan: AnnualPlan,
    objective: Objective,
    title: str,
    *,
    area: str = "kunskap",
    status: str = Status.ONGOING,
    progress: int = 0,
    weight: int = 1,
    responsible=(),
    lead=None,
    perspectives=(),
    carried_from=None,
) -> Activity:
    activity = Activity.objects.create(
        annual_plan=annual_plan,
        objective=objective,
        area=ActivityArea.objects.get(slug=area),
        title=title,
        description=f"Beskrivning av {title}",
        status=status,
        progress=progress,
        weight=weight,
        lead_party=lead,
        starts_on=datetime.date(annual_plan.year, 2, 1),
        ends_on=datetime.date(annual_plan.year, 11, 30),
        carried_from=carried_from,
    )
    activity.responsible.set(responsible)
    activity.perspectives.set(Perspective.objects.filter(slug__in=perspectives))
    return activity


def add_update(
    activity: Activity, *, status: str, progress: int, text: str, by=None, party=None, month=3
):
    return ActivityUpdate.objects.create(
        activity=activity,
        date=datetime.date(activity.annual_plan.year, month, 15),
        status=status,
        progress=progress,
        text=text,
        by=by,
        by_party=party,
    )


def bulk_activities(plan: Plan, count: int, parties) -> None:
    """`count` more activities in this year's plan, spread over objectives, areas, statuses
    and the given parties, each with two responsible parties and a perspective."""
    areas = list(ActivityArea.objects.order_by("pk"))
    statuses = [Status.PLANNED, Status.ONGOING, Status.DONE, Status.POSTPONED, Status.CANCELLED]
    activities = Activity.objects.bulk_create(
        Activity(
            annual_plan=plan.this_year,
            objective=plan.objectives[i % len(plan.objectives)],
            area=areas[i % len(areas)],
            title=f"Aktivitet {i:04d}",
            status=statuses[i % len(statuses)],
            progress=100 if statuses[i % len(statuses)] == Status.DONE else (i * 7) % 100,
            lead_party=parties[i % len(parties)],
        )
        for i in range(count)
    )
    Through = Activity.responsible.through
    Through.objects.bulk_create(
        Through(activity_id=activity.pk, organisation_id=parties[(i + k) % len(parties)].pk)
        for i, activity in enumerate(activities)
        for k in range(2)
    )
    perspective = Perspective.objects.order_by("pk").first()
    Perspectives = Activity.perspectives.through
    Perspectives.objects.bulk_create(
        Perspectives(activity_id=activity.pk, perspective_id=perspective.pk)
        for activity in activities
    )
