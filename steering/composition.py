"""The steering group's composition as the pages and the annual report show it: the seats
per sector, chair and vice chair first, each deputy right after the member they stand in for.
"""

from dataclasses import dataclass, field

from agreements.models import Sector
from steering.models import Role, Seat


def seat_order(seat: Seat) -> tuple:
    """Chair, vice chair, members, deputies, co-opted (the order `Role` lists them), by name."""
    return (list(Role).index(seat.role), seat.person_name.lower(), seat.pk)


@dataclass
class SectorGroup:
    sector: str
    label: str
    seats: list[Seat] = field(default_factory=list)


def group_by_sector(seats: list[Seat]) -> tuple[list[SectorGroup], list[Seat]]:
    """The seats per sector, chair and vice chair first, each deputy right after the member
    they stand in for; and the co-opted members apart."""
    co_opted = sorted((s for s in seats if s.role == Role.CO_OPTED), key=seat_order)
    deputies: dict[int | None, list[Seat]] = {}
    for seat in sorted((s for s in seats if s.role == Role.DEPUTY), key=seat_order):
        deputies.setdefault(seat.deputy_for_id, []).append(seat)
    ordinary = sorted(
        (s for s in seats if s.role not in (Role.CO_OPTED, Role.DEPUTY)), key=seat_order
    )

    ordered: list[Seat] = []
    for seat in ordinary:
        ordered.append(seat)
        ordered.extend(deputies.pop(seat.pk, []))
    # Deputies whose member is not in the group today still belong to their sector.
    for orphans in deputies.values():
        ordered.extend(orphans)

    groups = {code: SectorGroup(code, str(label)) for code, label in Sector.choices}
    for seat in ordered:
        groups[seat.organisation.sector].seats.append(seat)
    return [group for group in groups.values() if group.seats], co_opted
