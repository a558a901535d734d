"""What a party takes part in: the activities it leads or is responsible for.

Read by the contact person's pages (`actionplan.views.mine`) and by the section on
/min-organisation/ (`actionplan.mine_section`).
"""

from django.db.models import Q, QuerySet

from actionplan import services
from actionplan.models import Activity, AnnualPlan
from agreements.pages import guarded_agreement_id


def party_activities(parties) -> QuerySet[Activity]:
    """Every activity (any year) one of `parties` leads or is responsible for."""
    return (
        Activity.objects.filter(Q(lead_party__in=parties) | Q(responsible__in=parties))
        .distinct()
        .select_related("annual_plan", "area", "objective", "lead_party")
    )


def current_annual_plan(agreement=None) -> AnnualPlan | None:
    """The agreement's (or id's) current annual plan; without one, that of the agreement the
    request's guard holds."""
    agreement = agreement if agreement is not None else guarded_agreement_id()
    return services.annual_plan_for(services.current_plan(agreement))


def current_activities(parties, agreement=None) -> tuple[AnnualPlan | None, list[Activity]]:
    """The current annual plan and the activities in it that one of `parties` takes part in."""
    annual_plan = current_annual_plan(agreement)
    if annual_plan is None or not parties:
        return annual_plan, []
    activities = party_activities(parties).filter(annual_plan=annual_plan)
    return annual_plan, list(activities.order_by("ends_on", "title", "pk"))
