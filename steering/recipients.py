"""Who hears from the steering app: a seat holder's address, the process leaders', the
chair's. Shared by the emails about one record (`steering.notifications`) and the periodic
reminders (`steering.reminders`)."""

import datetime

from django.contrib.auth import get_user_model

from common.roles import PROCESS_LEADER
from steering.models import Role, Seat


def seat_address(seat) -> str:
    """Where a seat holder is reached: the seat's own address, else the account's."""
    return seat.email or (seat.user.email if seat.user_id else "")


def unique_addresses(addresses) -> list[str]:
    """Addresses without blanks or repeats (case-insensitive), in their first order."""
    seen, unique = set(), []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


def process_leader_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PROCESS_LEADER)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return unique_addresses(users)


def chair_addresses(agreement, on: datetime.date) -> list[str]:
    chairs = (
        Seat.objects.for_agreement(agreement).on(on).filter(role=Role.CHAIR).select_related("user")
    )
    return unique_addresses(seat_address(seat) for seat in chairs)
