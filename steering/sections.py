"""Sections the steering app adds to the parties app's public pages."""

from django.template.loader import render_to_string

from steering.models import Seat


def representatives(organisation) -> str:
    """Provider for `parties.extensions.ORGANISATION_SECTIONS`: the party's current seats."""
    seats = list(
        Seat.objects.current().filter(organisation=organisation).order_by("role", "person_name")
    )
    if not seats:
        return ""
    return render_to_string("steering/includes/party_seats.html", {"seats": seats})
