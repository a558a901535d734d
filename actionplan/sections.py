"""The section the action plan adds to a party's public page in the register, plugged
on the ``organisation_sections`` hook in `actionplan/hooks.py`."""

from django.db.models import Q
from django.template.loader import render_to_string

from actionplan import services
from actionplan.models import Activity
from agreements.pages import guarded_agreement_id


def party_activities(organisation) -> str:
    """Provider: the current annual plan's activities the party leads or is responsible for."""
    takes_part = Activity.objects.filter(Q(responsible=organisation) | Q(lead_party=organisation))
    # Most parties take part in no activity: one query tells, before finding the plan.
    if not takes_part.exists():
        return ""
    # Shown on the party's page under an agreement's address: that agreement's plan.
    annual_plan = services.annual_plan_for(services.current_plan(guarded_agreement_id()))
    if annual_plan is None:
        return ""
    activities = list(
        takes_part.filter(annual_plan=annual_plan)
        .distinct()
        .select_related("area")
        .order_by("title", "pk")
    )
    if not activities:
        return ""
    return render_to_string(
        "actionplan/includes/party_activities.html",
        {"annual_plan": annual_plan, "activities": activities, "organisation": organisation},
    )
