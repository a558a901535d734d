"""The demo steering group of the fictional Region Norrådalen. Every person is invented.

`seed_steering` is idempotent: seats, meetings and decisions are found by natural keys
(name, role and mandate start; meeting start; the matter decided), so a second run adds
nothing. History is written in the story's dates that match the demo parties' decisions
and moves with the day the demo is loaded (common/demo_clock.py); the upcoming meetings
and the open question's deadline are relative to today, so they stay ahead.

Before the story's period the same members sat for 2024–2025, under version 1 of the
agreement, and adopted its version 2 at their last meeting (`seed_history`).
"""

import bisect
import datetime
from dataclasses import dataclass, field, replace

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from agreements import demo as agreement_demo
from agreements.models import Agreement, Version
from agreements.revision import activate_due_versions
from audit import trail
from audit.models import AuditEntry
from common import demo_clock
from common.roles import STEERING_GROUP
from parties import demo as party_demo
from parties.models import Application, Organisation, Withdrawal
from steering.adoption import adopt_version
from steering.demo_questions import seed_free_question
from steering.models import (
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    PerCapsulamAnswer,
    PerCapsulamQuestion,
    Role,
    Seat,
)
from steering.services import SteeringError, record_decision

# Dates of the story (common/demo_clock.py), moved to the demo's years when saved.
MANDATE = (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
MANDATE_YEARS = 2
# The period before the story's: the same members, seated under the first version of the
# agreement; they adopted its second version at the meeting `ADOPTION_MEETING`.
EARLIER_MANDATE = (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
STEERING_LOGIN = "styrgrupp@exempel.se"


@dataclass(frozen=True)
class SeatSpec:
    key: str
    name: str
    title: str
    role: str
    party: str | None = None  # organisation name; None for a co-opted member from outside
    affiliation: str = ""
    deputy_for: str | None = None
    start: datetime.date = MANDATE[0]
    end: datetime.date | None = MANDATE[1]
    ended_on: datetime.date | None = None
    end_reason: str = ""
    email: str = ""
    account: bool = False  # a voting member who signs in to answer questions

    @property
    def address(self) -> str:
        return self.email or f"{slugify(self.name).replace('-', '.')}@exempel.se"


SEATS = [
    # Chair from civil society, vice chair from the public sector, 4 + 4 ordinary seats.
    SeatSpec("chair", "Birgitta Sandell", "Verksamhetschef", Role.CHAIR,
             "Stiftelsen Ljusglimten", account=True),
    SeatSpec("vice", "Katarina Vinterberg", "Regionråd", Role.VICE_CHAIR,
             "Region Norrådalen", account=True),
    SeatSpec("alund", "Henrik Ålund", "Regionchef", Role.MEMBER,
             "Studieförbundet Norrsken", account=True),
    SeatSpec("sabet", "Amira Sabet", "Ordförande", Role.MEMBER,
             "Funktionsrätt Norrådalen", account=True),
    SeatSpec("fjallstrom", "Jonas Fjällström", "Kanslichef", Role.MEMBER,
             "Norråstads Idrottsallians", account=True),
    # The demo's steering login: linked to the user passed to seed_steering.
    SeatSpec("haddad", "Omar Haddad", "Kommunalråd", Role.MEMBER,
             "Norråstads kommun", email=STEERING_LOGIN),
    SeatSpec("engstrom", "Lotta Engström", "Kommunstyrelsens ordförande", Role.MEMBER,
             "Björkviks kommun", start=datetime.date(2026, 4, 1), account=True),
    SeatSpec("rehn", "Gustav Rehn", "Kultur- och fritidschef", Role.MEMBER,
             "Ekmora kommun", account=True),
    SeatSpec("akerlund", "Jenny Åkerlund", "Ledamot i regionstyrelsen", Role.DEPUTY,
             "Region Norrådalen", deputy_for="vice"),
    SeatSpec("thoren", "Rasmus Thorén", "Verksamhetsutvecklare", Role.DEPUTY,
             "Studieförbundet Norrsken", deputy_for="alund"),
    SeatSpec("granqvist", "Eva Granqvist", "Utvecklingsstrateg", Role.CO_OPTED,
             affiliation="Länsstyrelsen i Norrådalens län"),
    SeatSpec("moberg", "Daniel Moberg", "Docent i socialt arbete", Role.CO_OPTED,
             affiliation="Norrådalens högskola"),
    # Earlier members: a member who left her seat, and the deputy of a party that left the
    # agreement. (The members of the period before, 2024–2025: `EARLIER_MANDATE`.)
    SeatSpec("ekdahl", "Gunnel Ekdahl", "Kommunalråd", Role.MEMBER, "Björkviks kommun",
             ended_on=datetime.date(2026, 4, 1),
             end_reason="Lämnade sina politiska uppdrag i Björkviks kommun."),
    SeatSpec("lind", "Tobias Lind", "Ordförande", Role.DEPUTY, "Lilleå Kanotklubb",
             deputy_for="fjallstrom", start=datetime.date(2026, 3, 10),
             ended_on=datetime.date(2026, 9, 20),
             end_reason="Lilleå Kanotklubb lämnade överenskommelsen."),
]  # fmt: skip


@dataclass
class MeetingSpec:
    day: datetime.date
    place: str
    online: bool
    agenda: str
    opening: str  # the minutes before the decisions
    closing: str  # the minutes after them
    # Decisions of kind "other": (heading in the minutes, text of the decision).
    others: list[tuple[str, str]] = field(default_factory=list)
    absent: tuple[str, ...] = ()
    stand_ins: dict[str, str] = field(default_factory=dict)  # deputy key: member key
    co_opted: tuple[str, ...] = ()
    checked_by: tuple[str, ...] = ()  # empty: minutes not yet checked nor published


AGENDA = """1. Mötet öppnas och dagordningen fastställs
2. Val av justerare
3. {middle}
4. Ansökningar och utträden
5. Rapport från processledaren
6. Övriga frågor
7. Mötet avslutas"""

MEETINGS = [
    MeetingSpec(
        datetime.date(2026, 1, 15),
        "Regionens hus, Norråstad",
        False,
        AGENDA.format(middle="Styrgruppens arbetsordning och mötesplan för 2026"),
        "Styrgruppens första möte sedan version 2 av överenskommelsen trädde i kraft den 1 "
        "januari. Ordföranden Birgitta Sandell hälsade ledamöterna välkomna och påminde om att "
        "styrgruppen har lika många ledamöter från den idéburna sektorn som från den "
        "offentliga.",
        "Processledaren berättade att informationsmaterial om överenskommelsen har skickats "
        "till alla föreningsråd i länet. Nästa möte hålls i mars.",
        others=[
            (
                "Arbetsordning",
                "Styrgruppen fastställer sin arbetsordning för mandatperioden 2026–2027.",
            ),
            ("Mötesplan 2026", "Styrgruppen fastställer mötesplanen för 2026 med fem möten."),
        ],
        co_opted=("granqvist",),
        checked_by=("sabet", "rehn"),
    ),
    MeetingSpec(
        datetime.date(2026, 3, 10),
        "Studieförbundet Norrskens lokaler, Norråstad",
        True,
        AGENDA.format(middle="Planering av den första samverkanskonferensen"),
        "Ett möte med deltagare både på plats och på distans. Styrgruppen diskuterade "
        "upplägget för samverkanskonferensen och var överens om att den ska hållas på en "
        "lördag så att ideellt aktiva kan delta.",
        "Länsstyrelsens representant informerade om kommande utlysningar för lokalt "
        "utvecklingsarbete på landsbygden.",
        absent=("rehn",),
        co_opted=("granqvist", "moberg"),
        checked_by=("alund", "vice"),
    ),
    MeetingSpec(
        datetime.date(2026, 5, 12),
        "Ekmora kulturhus",
        False,
        AGENDA.format(middle="Frågor till den årliga uppföljningen"),
        "Rasmus Thorén deltog som ersättare för Henrik Ålund. Lotta Engström, ny ledamot för "
        "Björkviks kommun, hälsades välkommen.",
        "Högskolans representant erbjöd sig att ta fram en enkel kunskapsöversikt om "
        "idéburet offentligt partnerskap inför hösten.",
        others=[
            (
                "Årlig uppföljning",
                "Processledaren får i uppdrag att ta fram förslag till frågor för den årliga "
                "uppföljningen till mötet i augusti.",
            ),
        ],
        absent=("alund",),
        stand_ins={"thoren": "alund"},
        co_opted=("moberg",),
        checked_by=("fjallstrom", "engstrom"),
    ),
    MeetingSpec(
        datetime.date(2026, 8, 19),
        "",
        True,
        AGENDA.format(middle="Förslag till frågor för den årliga uppföljningen"),
        "Ett digitalt möte. Styrgruppen gick igenom förslaget till frågor för den årliga "
        "uppföljningen och gjorde några förenklingar, så att även små föreningar orkar svara.",
        "Processledaren påminde om att kontaktpersonerna ska hållas uppdaterade i portalen.",
        others=[
            (
                "Frågor för den årliga uppföljningen",
                "Frågorna för den årliga uppföljningen 2026 fastställs med gjorda ändringar.",
            ),
        ],
        absent=("sabet",),
        co_opted=("granqvist",),
        checked_by=("haddad", "chair"),
    ),
    MeetingSpec(
        datetime.date(2026, 10, 22),
        "Storsjöhamns stadshus",
        False,
        AGENDA.format(middle="Mötesplan för 2027 och samverkanskonferensen"),
        "Styrgruppen diskuterade erfarenheterna från årets första uppföljning och hur "
        "samverkanskonferensen 2027 kan locka fler deltagare från mindre orter.",
        "Protokollet är ännu inte justerat.",
        others=[
            (
                "Mötesplan 2027",
                "Mötesplanen för 2027 fastställs: styrgruppen möts andra tisdagen varannan månad.",
            ),
            (
                "Samverkanskonferensen 2027",
                "Samverkanskonferensen 2027 hålls i Storsjöhamn i april.",
            ),
        ],
        absent=("engstrom",),
        co_opted=("granqvist", "moberg"),
    ),
]

# The meeting of the period before that adopted version 2 of the agreement (§ 2), after the
# review of version 1 (common/demo_clock.py moves it with the demo; agreements/demo.py).
ADOPTION_MEETING = MeetingSpec(
    datetime.date(2025, 11, 20),
    "Regionens hus, Norråstad",
    False,
    AGENDA.format(middle="Den reviderade överenskommelsen, version 2"),
    "Styrgruppens sista möte under mandatperioden 2024–2025. Processledaren redovisade "
    "översynen av överenskommelsen: remissvaren från ett sextiotal organisationer, och hur "
    "förslaget till version 2 har tagit hand om dem.",
    "### § 2 Version 2 av överenskommelsen\n\n"
    "Förslaget till version 2 har en kortare vision och ett tydligare syfte, fyra mål i "
    "stället för tre, en ny princip om innovation och, som version 1 saknade, en årlig "
    "uppföljning som redovisas på en samverkanskonferens. Styrgruppen beslutade att anta "
    "version 2 av överenskommelsen, att gälla från den 1 januari 2026 till den 31 december "
    "2029.\n\n"
    "Ordföranden tackade ledamöterna för mandatperioden. Nästa möte hålls i januari, när den "
    "nya versionen har trätt i kraft.",
    others=[
        (
            "Översynen av överenskommelsen",
            "Styrgruppen lägger redovisningen av översynen av överenskommelsen till handlingarna "
            "och tackar alla som har lämnat remissvar.",
        ),
    ],
    absent=("fjallstrom",),
    co_opted=("granqvist", "moberg"),
    checked_by=("chair", "haddad"),
)
ADOPTION_PARAGRAPH = 2

UPCOMING_AGENDA = """1. Mötet öppnas och dagordningen fastställs
2. Val av justerare
3. Ansökningar som väntar på beslut
4. Beslut fattade per capsulam sedan förra mötet
5. Rapport från processledaren
6. Övriga frågor
7. Mötet avslutas"""
UPCOMING = 2  # how many meetings the demo keeps ahead of today
MEETING_TIME = (datetime.time(13, 0), datetime.time(15, 30))


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _story_day(day: datetime.date | None) -> datetime.date | None:
    """The demo's date for a date of the story; a meeting's date keeps its weekday."""
    if day is None:
        return None
    if day in {spec.day for spec in MEETINGS}:
        return demo_clock.meeting_day(day)
    return demo_clock.day(day)


def meetings() -> list[MeetingSpec]:
    """The past meetings, on the demo's dates, with the years in their texts moved too."""
    return [
        replace(
            spec,
            day=_story_day(spec.day),
            agenda=demo_clock.text(spec.agenda),
            opening=demo_clock.text(spec.opening),
            closing=demo_clock.text(spec.closing),
            others=[(demo_clock.text(h), demo_clock.text(t)) for h, t in spec.others],
        )
        for spec in MEETINGS
    ]


def _backdate(obj, at: datetime.datetime) -> None:
    """Date the audit records of a seeded row as they would have been written."""
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).update(at=at)


# ---- seats --------------------------------------------------------------------------------


def _member_account(spec: SeatSpec):
    """An account for a voting member, so their answers count; nobody can sign in with it."""
    first, last = spec.name.split(" ", 1)
    user, created = get_user_model().objects.get_or_create(
        username=spec.address,
        defaults={"email": spec.address, "first_name": first, "last_name": last, "is_staff": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=STEERING_GROUP))
    EmailAddress.objects.get_or_create(
        user=user, email=spec.address, defaults={"verified": True, "primary": True}
    )
    return user


def _seat(agreement, spec: SeatSpec, number: int, steering_user, deputy_for, period) -> Seat:
    """`spec`'s seat for `period` (mandate start, mandate end, early end)."""
    mandate_start, mandate_end, ended_on = period
    organisation = Organisation.objects.get(slug=slugify(spec.party)) if spec.party else None
    seat, created = Seat.objects.get_or_create(
        agreement=agreement,
        person_name=spec.name,
        role=spec.role,
        mandate_start=mandate_start,
        defaults={
            "title": spec.title,
            "email": spec.address,
            "phone": f"070-000 00 {number:02d}",
            "organisation": organisation,
            "affiliation": spec.affiliation,
            "deputy_for": deputy_for,
            "mandate_end": mandate_end,
            "ended_on": ended_on,
            "end_reason": spec.end_reason if ended_on else "",
        },
    )
    user = steering_user if spec.email == STEERING_LOGIN else None
    if spec.account:
        user = _member_account(spec)
    if user is not None and seat.user_id is None:
        seat.user = user
        seat.save(update_fields=["user"])
    if created and ended_on:
        trail.record(seat, "held", "ended", reason=spec.end_reason)
        _backdate(seat, _aware(ended_on, datetime.time(9)))
    return seat


def seed_seats(agreement: Agreement, steering_user=None) -> dict[str, Seat]:
    """The seats of the story's mandate period and of the earlier members, by key."""
    seats: dict[str, Seat] = {}
    for number, spec in enumerate(SEATS, start=1):
        period = (_story_day(spec.start), _story_day(spec.end), _story_day(spec.ended_on))
        seats[spec.key] = _seat(
            agreement, spec, number, steering_user, seats.get(spec.deputy_for), period
        )
    return seats


def seed_earlier_period(
    agreement: Agreement, seats: dict[str, Seat], steering_user=None
) -> dict[str, Seat]:
    """The members of the story's period who held their seats from its start, seated for
    the period before (`EARLIER_MANDATE`), by key. Ended by their mandate's end: earlier
    members today."""
    start, end = (demo_clock.day(day) for day in EARLIER_MANDATE)
    earlier: dict[str, Seat] = {}
    for number, spec in enumerate(SEATS, start=1):
        if spec.start == MANDATE[0] and spec.key in seats:
            deputy_for = earlier.get(spec.deputy_for) if spec.deputy_for else None
            earlier[spec.key] = _seat(
                agreement, spec, number, steering_user, deputy_for, (start, end, None)
            )
    return earlier


def seed_later_periods(
    agreement: Agreement, seats: dict[str, Seat], steering_user=None
) -> dict[str, Seat]:
    """Seat the members again for every mandate period begun since the story's, so that a
    demo loaded long ago still has a steering group on a later run. Returns the seats held
    today by key (the story's, where no later period has begun)."""
    held = dict(seats)
    end = _story_day(MANDATE[1])
    while end < timezone.localdate():
        start = end + datetime.timedelta(days=1)
        end = end.replace(year=end.year + MANDATE_YEARS)
        for number, spec in enumerate(SEATS, start=1):
            if spec.end == MANDATE[1] and spec.ended_on is None:
                deputy_for = held.get(spec.deputy_for) if spec.deputy_for else None
                held[spec.key] = _seat(
                    agreement, spec, number, steering_user, deputy_for, (start, end, None)
                )
    return held


# ---- meetings and decisions ---------------------------------------------------------------


@dataclass
class Planned:
    number: int
    kind: str
    text: str
    decided_on: datetime.date
    matter: object = None
    label: str = ""  # the party's name or the heading, for the minutes


def _party_name(record) -> str:
    if isinstance(record, Application):
        return record.submitted_data.get("name") or record.organisation.name
    return record.organisation.name


def _demo_matters(agreement: Agreement) -> list[tuple[datetime.date, object]]:
    """The demo parties' approved applications and registered withdrawals in `agreement`
    (not those of another agreement they are party to), by date."""
    names = [row[0] for row in party_demo.CIVIL]
    names += [row[0] for row in party_demo.PUBLIC] + [party_demo.WITHDRAWN[0]]
    slugs = [slugify(name) for name in names]
    matters: list[tuple[datetime.date, object]] = []
    for application in Application.objects.filter(
        membership__agreement=agreement,
        membership__organisation__slug__in=slugs,
        status=Application.Status.APPROVED,
        decided_at__isnull=False,
    ).select_related("membership__organisation"):
        matters.append((timezone.localdate(application.decided_at), application))
    for withdrawal in Withdrawal.objects.filter(
        membership__agreement=agreement,
        membership__organisation__slug__in=slugs,
        registered_at__isnull=False,
    ).select_related("membership__organisation"):
        matters.append((timezone.localdate(withdrawal.registered_at), withdrawal))
    # Applications, then withdrawals (as the minutes list them), each by date and party.
    matters.sort(key=lambda m: (isinstance(m[1], Withdrawal), m[0], _party_name(m[1])))
    return matters


def plan_decisions(agreement: Agreement) -> list[list[Planned]]:
    """The paragraphs of each past meeting: its own decisions first, then the matters
    registered from that meeting's date until the next meeting (decided at the meeting,
    registered as the signed forms came in)."""
    specs = meetings()
    days = [spec.day for spec in specs]
    plans: list[list[Planned]] = [
        [
            Planned(n, DecisionKind.OTHER, text, spec.day, label=heading)
            for n, (heading, text) in enumerate(spec.others, 1)
        ]
        for spec in specs
    ]
    for day, matter in _demo_matters(agreement):
        index = bisect.bisect_right(days, day) - 1
        if index < 0:
            continue
        name = _party_name(matter)
        if isinstance(matter, Withdrawal):
            kind = DecisionKind.WITHDRAWAL_REGISTERED
            text = f"Utträdet för {name} ur överenskommelsen registreras."
        else:
            kind = DecisionKind.APPLICATION_APPROVED
            text = f"Ansökan från {name} om att ansluta sig till överenskommelsen godkänns."
        plan = plans[index]
        plan.append(Planned(len(plan) + 1, kind, text, day, matter, name))
    return plans


def _minutes(spec: MeetingSpec, plan: list[Planned], names: dict[str, str]) -> str:
    parts = [spec.opening]
    if spec.checked_by:
        parts.append(
            "Till justerare valdes " + " och ".join(names[key] for key in spec.checked_by) + "."
        )
    matters = (DecisionKind.APPLICATION_APPROVED, DecisionKind.WITHDRAWAL_REGISTERED)
    for planned in plan:
        if planned.kind not in matters:
            parts.append(f"### § {planned.number} {planned.label}\n\n{planned.text}")
    approved = [p for p in plan if p.kind == DecisionKind.APPLICATION_APPROVED]
    if approved:
        lines = "\n".join(f"- § {p.number} {p.label}" for p in approved)
        parts.append(
            "### Ansökningar om anslutning\n\n"
            "Processledaren föredrog de inkomna ansökningarna; alla uppfyller villkoren i "
            "överenskommelsen. Styrgruppen beslutade att godkänna ansökningarna från:\n\n"
            f"{lines}\n\n"
            "Varje anslutning registreras när den undertecknade blanketten har kommit in."
        )
    for planned in plan:
        if planned.kind == DecisionKind.WITHDRAWAL_REGISTERED:
            parts.append(
                f"### § {planned.number} Utträde\n\n"
                f"{planned.label} har meddelat att föreningen avser att lämna "
                "överenskommelsen. Styrgruppen beslutade att registrera utträdet när den "
                "skriftliga anmälan har kommit in."
            )
    parts.append(spec.closing)
    return "\n\n".join(parts)


def _seed_past_meeting(agreement, spec: MeetingSpec, plan, seats: dict[str, Seat]) -> Meeting:
    names = {key: seat.person_name for key, seat in seats.items()}
    checked_on = spec.day + datetime.timedelta(days=7) if spec.checked_by else None
    meeting, _created = Meeting.objects.get_or_create(
        agreement=agreement,
        starts_at=_aware(spec.day, MEETING_TIME[0]),
        defaults={
            "ends_at": _aware(spec.day, MEETING_TIME[1]),
            "place": spec.place,
            "online": spec.online,
            "agenda": spec.agenda,
            "minutes": _minutes(spec, plan, names),
            "minutes_checked_by": " och ".join(names[key] for key in spec.checked_by),
            "minutes_checked_on": checked_on,
        },
    )
    present = {
        key: seat
        for key, seat in seats.items()
        if seat.is_ordinary and seat.is_held_on(spec.day) and key not in spec.absent
    }
    present.update({key: seats[key] for key in spec.co_opted})
    for seat in present.values():
        Attendance.objects.get_or_create(meeting=meeting, seat=seat)
    for deputy, member in spec.stand_ins.items():
        Attendance.objects.get_or_create(
            meeting=meeting, seat=seats[deputy], defaults={"stands_in_for": seats[member]}
        )
    for planned in plan:
        _seed_decision(meeting, planned)
    return meeting


def _backdate_versions(agreement: Agreement, since: datetime.datetime, at: datetime.datetime):
    """Date the audit records of the agreement's versions written since `since` at `at`."""
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Version),
        object_id__in=agreement.versions.values("pk"),
        at__gte=since,
    ).update(at=at)


def seed_history(agreement: Agreement, seats: dict[str, Seat], steering_user=None) -> None:
    """The period before the story's: its members, and their meeting that adopted version 2
    (the draft `agreements.demo.seed_agreement` started) by § 2; then version 2 comes into
    force on its start date and version 1 expires. Only for an agreement with a version in
    force on that meeting's day (the demo's, not a test's single version)."""
    spec = replace(
        ADOPTION_MEETING,
        day=demo_clock.meeting_day(ADOPTION_MEETING.day),
        agenda=demo_clock.text(ADOPTION_MEETING.agenda),
        opening=demo_clock.text(ADOPTION_MEETING.opening),
        closing=demo_clock.text(ADOPTION_MEETING.closing),
        others=[(demo_clock.text(h), demo_clock.text(t)) for h, t in ADOPTION_MEETING.others],
    )
    if agreement.version_on(spec.day) is None:
        return
    earlier = seed_earlier_period(agreement, seats, steering_user)
    plan = [
        Planned(n, DecisionKind.OTHER, text, spec.day, label=heading)
        for n, (heading, text) in enumerate(spec.others, 1)
    ]
    meeting = _seed_past_meeting(agreement, spec, plan, earlier)
    draft = agreement.versions.filter(number=2, status=Version.Status.DRAFT).first()
    if draft is not None and meeting.minutes_published_at is None:
        leader = (
            get_user_model().objects.filter(username=agreement_demo.PROCESS_LEADER_LOGIN).first()
        )
        since = timezone.now()
        decision = adopt_version(
            draft, meeting=meeting, number=ADOPTION_PARAGRAPH, by=leader, on=spec.day
        )
        _backdate(decision, meeting.ends_at)
        _backdate_versions(agreement, since, meeting.ends_at)
    since = timezone.now()
    for version in activate_due_versions():
        _backdate_versions(agreement, since, _aware(version.valid_from, datetime.time(0, 5)))
    # The version in force has changed under the caller's object.
    for cached in ("in_force", "period"):
        agreement.__dict__.pop(cached, None)


def publish_checked_minutes(agreement: Agreement) -> int:
    """Publish the checked minutes of the demo's past meetings, dated the morning they were
    checked; returns how many were published now.

    Called once every app's demo has recorded its paragraphs (the action plan's adoption,
    the revision proposals): published minutes take no more decisions.
    """
    published = 0
    meetings = Meeting.objects.filter(
        agreement=agreement, minutes_published_at__isnull=True, minutes_checked_on__isnull=False
    ).held()
    for meeting in meetings.exclude(minutes_checked_by=""):
        meeting.minutes_published_at = _aware(meeting.minutes_checked_on, datetime.time(9))
        meeting.save(update_fields=["minutes_published_at"])
        published += 1
    return published


def _seed_decision(meeting: Meeting, planned: Planned) -> None:
    if planned.matter is not None:
        if Decision.objects.about(planned.matter).exists():
            return
    elif meeting.decisions.filter(kind=planned.kind, text=planned.text).exists():
        return
    try:
        decision = record_decision(
            kind=planned.kind,
            text=planned.text,
            meeting=meeting,
            number=planned.number,
            matter=planned.matter,
            decided_on=planned.decided_on,
        )
    except SteeringError:
        # Someone used the number in the admin since; the demo leaves their paragraph be.
        return
    at = getattr(planned.matter, "decided_at", None) or getattr(
        planned.matter, "registered_at", None
    )
    _backdate(decision, at or meeting.ends_at or meeting.starts_at)


def second_tuesday_after(day: datetime.date) -> datetime.date:
    """The second Tuesday of the month after `day`'s month: the demo's meeting slot."""
    first = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first_tuesday = first + datetime.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + datetime.timedelta(days=7)


def seed_upcoming_meetings(
    agreement: Agreement, *, place: str = "Regionens hus, Norråstad", count: int = UPCOMING
) -> list[Meeting]:
    """Keep `count` meetings ahead of today, every other month in the second-Tuesday slot.

    Counted, not dated: a run on a later day adds a meeting only when one has passed.
    """
    upcoming = list(Meeting.objects.filter(agreement=agreement).upcoming())
    last = upcoming[-1].date if upcoming else timezone.localdate()
    while len(upcoming) < count:
        day = second_tuesday_after(last)
        if upcoming:
            day = second_tuesday_after(day)  # every other month
        online_only = len(upcoming) % 2 == 1
        meeting, _created = Meeting.objects.get_or_create(
            agreement=agreement,
            starts_at=_aware(day, MEETING_TIME[0]),
            defaults={
                "ends_at": _aware(day, MEETING_TIME[1]),
                "place": "" if online_only else place,
                "online": True,
                "agenda": UPCOMING_AGENDA,
            },
        )
        upcoming.append(meeting)
        last = day
    return upcoming


# ---- a question between meetings ----------------------------------------------------------

ANSWERS = [
    ("chair", PerCapsulamAnswer.Answer.YES, ""),
    ("vice", PerCapsulamAnswer.Answer.YES, ""),
    ("alund", PerCapsulamAnswer.Answer.YES, "Föreningen har samarbetat med oss i flera år."),
    ("rehn", PerCapsulamAnswer.Answer.ABSTAIN, "Jag känner inte till föreningen."),
]
DEADLINE_DAYS = 5


def seed_open_question(agreement: Agreement, seats: dict[str, Seat]):
    """One open question about a waiting demo application, answered by some members.

    Made with the models rather than `put_question`, so that seeding sends no email.
    """
    pending_slugs = [slugify(row[0]) for row in party_demo.PENDING]
    applications = {
        application.organisation.slug: application
        for application in Application.objects.filter(
            membership__agreement=agreement,
            membership__organisation__slug__in=pending_slugs,
            status=Application.Status.PENDING,
        ).select_related("membership__organisation")
    }
    application = next((applications[s] for s in pending_slugs if s in applications), None)
    if application is None:
        return None
    now = timezone.now()
    deadline = _aware(
        timezone.localdate() + datetime.timedelta(days=DEADLINE_DAYS), datetime.time(16)
    )
    content_type = ContentType.objects.get_for_model(application)
    question = (
        PerCapsulamQuestion.objects.open()
        .filter(content_type=content_type, object_id=application.pk)
        .first()
    )
    chair_user = seats["chair"].user
    name = _party_name(application)
    if question is None:
        question = PerCapsulamQuestion.objects.create(
            agreement=agreement,
            title=f"Ansökan från {name} om anslutning",
            proposal=f"Ansökan från {name} om att ansluta sig till överenskommelsen godkänns.",
            kind=DecisionKind.APPLICATION_APPROVED,
            content_type=content_type,
            object_id=application.pk,
            deadline=deadline,
            put_by=chair_user,
        )
        trail.record(question, "", question.status, actor=chair_user, reason=question.proposal)
    elif question.deadline < now + datetime.timedelta(days=1):
        # A later run: keep the question open a few more days rather than let it lapse.
        question.deadline = deadline
        question.save(update_fields=["deadline"])
    for key, answer, comment in ANSWERS:
        seat = seats[key]
        if question.answers.filter(seat__person_name=seat.person_name).exclude(seat=seat).exists():
            continue  # answered from the seat of an earlier mandate period
        given, created = PerCapsulamAnswer.objects.get_or_create(
            question=question,
            seat=seat,
            defaults={"answer": answer, "comment": comment, "answered_by": seat.user},
        )
        if created:
            trail.record(given, "", answer, owner=question, actor=seat.user, reason=comment)
    return question


def seed_steering(agreement: Agreement, steering_user=None) -> None:
    """The demo's steering group, a year of meetings, their decisions and an open question.

    `steering_user` (the demo's steering login) gets an ordinary, voting seat.
    """
    seats = seed_seats(agreement, steering_user)
    seed_history(agreement, seats, steering_user)
    for spec, plan in zip(meetings(), plan_decisions(agreement), strict=True):
        _seed_past_meeting(agreement, spec, plan, seats)
    seed_upcoming_meetings(agreement)
    held = seed_later_periods(agreement, seats, steering_user)
    seed_open_question(agreement, held)
    seed_free_question(agreement, held)
