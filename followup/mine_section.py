"""The follow-up's section on the contact person's page /min-organisation/, registered on
the ``mine_sections`` hook in `followup/hooks.py`: one part per agreement the organisation
is a party to, each with that agreement's latest round."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from common.scoping import unscoped
from followup import services
from followup.models import Response
from parties.models import Membership
from parties.requests import path_in, request_agreement


def followup_section(request, organisation) -> str:
    """The latest round of each agreement the party is in: status, dates, the form."""
    with unscoped():
        memberships = list(
            Membership.objects.active()
            .filter(organisation=organisation)
            .select_related("agreement")
            .order_by("agreement__pk")
        )
        here = request_agreement(request) if memberships else None
        parts = [_part(here, organisation, m.agreement) for m in memberships]
    if not parts:
        return ""
    return render_to_string(
        "followup/mine/section.html",
        {"parts": parts, "several": len(parts) > 1, "organisation": organisation},
        request=request,
    )


def _part(here, organisation, agreement) -> dict:
    round = services.latest_round(agreement)
    # Read only: the response is made when the party is invited or opens the form.
    response = (
        Response.objects.filter(round=round, organisation=organisation)
        .select_related("saved_by", "submitted_by")
        .first()
        if round is not None
        else None
    )
    return {
        "agreement": agreement,
        "round": round,
        "status": round.status_on(timezone.localdate()) if round else "",
        "response": response,
        "form_url": path_in(agreement, round.get_absolute_url(), here) if round else "",
        "propose_url": path_in(agreement, reverse("followup:propose"), here),
    }
