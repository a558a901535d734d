"""Who hears from the steering app: a seat holder's address, the process leaders', the
chair's. Shared by the emails about one record (`steering.notifications`) and the periodic
reminders (`steering.reminders`, and the other apps').

The process leaders are those of one agreement: in the group, and holding the role in that
agreement (agreements.AgreementRole); a process leader of B never hears of A's records.
"""

import datetime

from agreements.models import AgreementRole
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


def process_leaders_by_agreement(agreements=None) -> dict[int, list[str]]:
    """The process leaders' addresses of each agreement (ids or rows; every agreement if
    None), in one query: {agreement id: [address, …]}."""
    roles = AgreementRole.objects.filter(
        kind=AgreementRole.Kind.PROCESS_LEADER,
        user__is_active=True,
        user__groups__name=PROCESS_LEADER,
    ).exclude(user__email="")
    if agreements is not None:
        roles = roles.filter(agreement__in=[getattr(a, "pk", a) for a in agreements])
    found: dict[int, list[str]] = {}
    for agreement_id, email in roles.order_by("user_id").values_list("agreement_id", "user__email"):
        found.setdefault(agreement_id, []).append(email)
    return {agreement_id: unique_addresses(emails) for agreement_id, emails in found.items()}


def process_leader_addresses(agreement) -> list[str]:
    """The process leaders of `agreement` (a row or an id)."""
    pk = getattr(agreement, "pk", agreement)
    return process_leaders_by_agreement([pk]).get(pk, [])


def chair_addresses(agreement, on: datetime.date) -> list[str]:
    chairs = (
        Seat.objects.for_agreement(agreement).on(on).filter(role=Role.CHAIR).select_related("user")
    )
    return unique_addresses(seat_address(seat) for seat in chairs)
