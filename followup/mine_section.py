"""The follow-up's section on the contact person's page /min-organisation/, registered on
the ``mine_sections`` hook in `followup/hooks.py`."""

from django.template.loader import render_to_string
from django.utils import timezone

from agreements.models import Agreement
from followup import services
from followup.models import Response


def followup_section(request, organisation) -> str:
    """The latest round for the party: its status, when it opens or closes, the form."""
    if organisation.status != "active":
        return ""
    agreement = Agreement.objects.current()
    if agreement is None:
        return ""
    round = services.latest_round(agreement)
    # Read only: the response is made when the party is invited or opens the form.
    response = (
        Response.objects.filter(round=round, organisation=organisation)
        .select_related("saved_by", "submitted_by")
        .first()
        if round is not None
        else None
    )
    return render_to_string(
        "followup/mine/section.html",
        {
            "round": round,
            "status": round.status_on(timezone.localdate()) if round else "",
            "response": response,
            "organisation": organisation,
        },
        request=request,
    )
