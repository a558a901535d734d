"""Sections the steering app adds to the parties app's public pages."""

from django.template.loader import render_to_string

from agreements.models import Agreement
from steering.models import Role, Seat


def representatives(organisation) -> str:
    """On the ``organisation_sections`` hook: the party's current seats.

    One query: seats of agreements in force only (an old agreement's open-ended seats are
    history), with the member a deputy stands in for.
    """
    seats = sorted(
        Seat.objects.current()
        .filter(organisation=organisation, agreement__in=Agreement.objects.in_force())
        .select_related("deputy_for"),
        key=lambda seat: (list(Role).index(seat.role), seat.person_name.lower(), seat.pk),
    )
    if not seats:
        return ""
    return render_to_string("steering/includes/party_seats.html", {"seats": seats})
