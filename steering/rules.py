"""The agreement's rules for the steering group, checked in one place.

`composition_problems` is what the admin shows above the seat list, what the seat form
warns about and what the tests drive; `quorum` decides whether a meeting could decide.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Sector
from steering.models import CHAIR_ROLES, ORDINARY_ROLES, Role, Seat


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    seats: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.message


def _sector_label(code: str | None) -> str:
    return str(dict(Sector.choices).get(code, code or "–"))


def seats_on(agreement, on: datetime.date) -> list[Seat]:
    return list(
        Seat.objects.for_agreement(agreement)
        .on(on)
        .select_related("organisation", "deputy_for")
        .order_by("pk")
    )


def composition_problems(agreement, on: datetime.date | None = None) -> list[Problem]:
    """Every rule of `agreement` the steering group breaks on `on` (today by default)."""
    on = on or timezone.localdate()
    seats = seats_on(agreement, on)
    rules = agreement.rules_on(on)
    problems: list[Problem] = []
    ordinary = [seat for seat in seats if seat.role in ORDINARY_ROLES]

    if rules.steering_balanced:
        per_sector = Counter(seat.sector for seat in ordinary)
        civil = per_sector.get(Sector.CIVIL_SOCIETY, 0)
        public = per_sector.get(Sector.PUBLIC, 0)
        if civil != public:
            problems.append(
                Problem(
                    "unbalanced",
                    _(
                        "The ordinary seats are not balanced: civil society has %(civil)d and "
                        "the public sector %(public)d. The agreement asks for equally many."
                    )
                    % {"civil": civil, "public": public},
                )
            )

    chairs = {role: [seat for seat in seats if seat.role == role] for role in CHAIR_ROLES}
    missing = {
        Role.CHAIR: _("The steering group has no chair."),
        Role.VICE_CHAIR: _("The steering group has no vice chair."),
    }
    several = {
        Role.CHAIR: _("More than one person holds the chair: %(names)s."),
        Role.VICE_CHAIR: _("More than one person holds the vice chair: %(names)s."),
    }
    for role, holders in chairs.items():
        if not holders:
            problems.append(Problem(f"no_{role}", str(missing[role])))
        elif len(holders) > 1:
            problems.append(
                Problem(
                    f"several_{role}",
                    several[role] % {"names": ", ".join(s.person_name for s in holders)},
                    tuple(s.pk for s in holders),
                )
            )
    if rules.steering_chairs_from_different_sectors:
        chair_sectors = {seat.sector for seat in chairs[Role.CHAIR]}
        vice_sectors = {seat.sector for seat in chairs[Role.VICE_CHAIR]}
        same = chair_sectors & vice_sectors
        if same:
            problems.append(
                Problem(
                    "chairs_same_sector",
                    _(
                        "The chair and the vice chair both come from %(sector)s. The agreement "
                        "asks for one from each sector."
                    )
                    % {"sector": _sector_label(same.pop()).lower()},
                    tuple(s.pk for s in chairs[Role.CHAIR] + chairs[Role.VICE_CHAIR]),
                )
            )

    months = rules.steering_chair_mandate_months
    for seat in chairs[Role.CHAIR] + chairs[Role.VICE_CHAIR]:
        longest = seat.mandate_start + relativedelta(months=months)
        if seat.mandate_end is None or seat.mandate_end > longest:
            problems.append(
                Problem(
                    "mandate_too_long",
                    _(
                        "%(name)s's mandate as %(role)s runs longer than the %(months)d months "
                        "the agreement allows (at most until %(until)s)."
                    )
                    % {
                        "name": seat.person_name,
                        "role": seat.get_role_display().lower(),
                        "months": months,
                        "until": longest.isoformat(),
                    },
                    (seat.pk,),
                )
            )

    by_person: dict[str, list[Seat]] = defaultdict(list)
    for seat in seats:
        by_person[_person_key(seat)].append(seat)
    for holders in by_person.values():
        if len(holders) > 1:
            problems.append(
                Problem(
                    "overlapping",
                    _("%(name)s holds more than one seat at the same time: %(roles)s.")
                    % {
                        "name": holders[0].person_name,
                        "roles": ", ".join(s.get_role_display().lower() for s in holders),
                    },
                    tuple(s.pk for s in holders),
                )
            )

    parties = _parties_of(seats)
    for seat in seats:
        if seat.organisation_id and (seat.organisation_id, seat.agreement_id) not in parties:
            problems.append(
                Problem(
                    "inactive_party",
                    _("%(name)s represents %(party)s, which is not a party to the agreement.")
                    % {"name": seat.person_name, "party": seat.organisation.name},
                    (seat.pk,),
                )
            )

    limit = rules.steering_max_seats_per_party
    if limit:
        per_party = Counter(seat.organisation_id for seat in ordinary if seat.organisation_id)
        names = {seat.organisation_id: seat.organisation.name for seat in ordinary}
        for party, count in per_party.items():
            if count > limit:
                problems.append(
                    Problem(
                        "too_many_for_party",
                        ngettext(
                            "%(party)s has %(count)d ordinary seats; the agreement allows "
                            "%(limit)d per party.",
                            "%(party)s has %(count)d ordinary seats; the agreement allows "
                            "%(limit)d per party.",
                            limit,
                        )
                        % {"party": names[party], "count": count, "limit": limit},
                    )
                )

    held = {seat.pk for seat in ordinary}
    for seat in seats:
        if seat.role == Role.DEPUTY and (
            seat.deputy_for_id is None or seat.deputy_for_id not in held
        ):
            problems.append(
                Problem(
                    "deputy_without_member",
                    _("%(name)s is a deputy without an ordinary seat to stand in for.")
                    % {"name": seat.person_name},
                    (seat.pk,),
                )
            )
    return problems


def _person_key(seat: Seat) -> str:
    if seat.user_id:
        return f"user:{seat.user_id}"
    return f"name:{' '.join(seat.person_name.lower().split())}"


@dataclass(frozen=True)
class Quorum:
    present: int  # voting members present, deputies standing in included
    voting: int  # voting members on the day
    sectors_present: frozenset
    is_quorate: bool
    explanation: str


def quorum(meeting) -> Quorum:
    """Whether `meeting` could decide, from its attendance and the agreement's rules."""
    agreement = meeting.agreement
    on = meeting.date
    rules = agreement.rules_on(on)
    ordinary = {seat.pk: seat for seat in seats_on(agreement, on) if seat.role in ORDINARY_ROLES}
    present_seats: dict[int, Seat] = {}
    for attendance in meeting.attendance.select_related(
        "seat__organisation", "stands_in_for__organisation"
    ):
        if attendance.seat_id in ordinary:
            present_seats[attendance.seat_id] = ordinary[attendance.seat_id]
        elif attendance.stands_in_for_id in ordinary:
            # A deputy carries the vote of the absent member, and counts for that sector.
            present_seats.setdefault(
                attendance.stands_in_for_id, ordinary[attendance.stands_in_for_id]
            )
    voting = len(ordinary)
    present = len(present_seats)
    sectors = frozenset(seat.sector for seat in present_seats.values())
    share_ok = voting > 0 and present * 100 > voting * rules.quorum_percent
    sectors_ok = not rules.quorum_each_sector or {Sector.CIVIL_SOCIETY, Sector.PUBLIC} <= sectors
    if not voting:
        explanation = _("No voting members held a seat on the day.")
    elif not share_ok:
        explanation = _(
            "%(present)d of %(voting)d voting members were present; more than %(percent)d%% "
            "are needed."
        ) % {"present": present, "voting": voting, "percent": rules.quorum_percent}
    elif not sectors_ok:
        explanation = _("Not both sectors had a voting member present.")
    else:
        explanation = _("%(present)d of %(voting)d voting members were present.") % {
            "present": present,
            "voting": voting,
        }
    return Quorum(present, voting, sectors, share_ok and sectors_ok, explanation)


def per_capsulam_rule_explained(rules) -> str:
    """A version's rule for decisions between meetings, in a sentence for a member."""
    if rules.per_capsulam_rule == "majority":
        return _(
            "More than half of the voting members must answer yes; a single no sends the "
            "question to the next meeting."
        )
    return _(
        "Every voting member must answer, and nobody may say no: a single no sends the "
        "question to the next meeting."
    )


def _parties_of(seats) -> set[tuple[int, int]]:
    """(organisation id, agreement id) of the seats' organisations that are active parties
    to the seats' agreements, in one query."""
    from parties.models import Membership

    seats = list(seats)
    return set(
        Membership._base_manager.filter(
            organisation_id__in={seat.organisation_id for seat in seats if seat.organisation_id},
            agreement_id__in={seat.agreement_id for seat in seats},
            status=Membership.Status.ACTIVE,
        ).values_list("organisation_id", "agreement_id")
    )
