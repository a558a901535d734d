"""The section "Our activities in the action plan" on the contact person's page
/min-organisation/, registered on the ``mine_sections`` hook in `actionplan/hooks.py`."""

from django.template.loader import render_to_string

from actionplan.participation import current_activities


def activities_section(request, organisation) -> str:
    """The current annual plan's activities the party leads or is responsible for."""
    if not organisation.is_active:  # a party to the agreement of the request
        return ""
    annual_plan, activities = current_activities([organisation.pk])
    if annual_plan is None:
        return ""
    return render_to_string(
        "actionplan/mine/section.html",
        {"annual_plan": annual_plan, "activities": activities, "organisation": organisation},
        request=request,
    )
