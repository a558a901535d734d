"""The section "Our activities in the action plan" on the contact person's page
/min-organisation/, registered on the ``mine_sections`` hook in `actionplan/hooks.py`: one
part per agreement the organisation is a party to, each with the activities of that
agreement's current annual plan, linked at that agreement's address."""

from django.template.loader import render_to_string
from django.urls import reverse

from actionplan.participation import current_activities
from common.scoping import unscoped
from parties.models import Membership
from parties.requests import path_in, request_agreement


def activities_section(request, organisation) -> str:
    """Per active membership: the current annual plan's activities the party leads or is
    responsible for. A read across the organisation's agreements."""
    here = request_agreement(request)
    with unscoped():
        memberships = list(
            Membership.objects.active()
            .filter(organisation=organisation)
            .select_related("agreement")
            .order_by("agreement__pk")
        )
        parts = [_part(here, organisation, m.agreement) for m in memberships]
    parts = [part for part in parts if part["annual_plan"] is not None]
    if not parts:
        return ""
    return render_to_string(
        "actionplan/mine/section.html",
        {"parts": parts, "several": len(parts) > 1, "organisation": organisation},
        request=request,
    )


def _part(here, organisation, agreement) -> dict:
    annual_plan, activities = current_activities([organisation.pk], agreement)
    for activity in activities:
        activity.update_url = path_in(
            agreement, reverse("actionplan:update", args=[activity.pk]), here
        )
    return {
        "agreement": agreement,
        "annual_plan": annual_plan,
        "activities": activities,
        "mine_url": path_in(agreement, reverse("actionplan:mine"), here),
    }
