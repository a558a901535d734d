"""The demo's second agreement: Björkviks kommun's own, inside Region Norrådalen.

Fictional and written for this project. Björkvik is one of Norrådalen's seven municipalities;
its agreement is younger and smaller than the region's: one version in force, a steering
group of five, a short action plan and its first follow-up. Several associations in Björkvik
are party to both agreements (the demo contact person's among them), so the demo shows one
organisation with two memberships, two follow-ups and one account.

`seed_bjorkvik` plays it through the same helpers and services as the region's demo, after it
(seed_demo), and is idempotent like the rest: rows are found by natural keys. Dates are the
story's (common/demo_clock.py), moved with the day the demo is loaded; the upcoming meeting
and the open follow-up round are counted from today.
"""

import datetime
from dataclasses import replace

from django.utils import timezone
from django.utils.text import slugify

from actionplan.models import (
    ActionPlan,
    Activity,
    ActivityArea,
    ActivityUpdate,
    AnnualPlan,
    DevelopmentArea,
    Objective,
    Status,
)
from agreements import demo as agreement_demo
from agreements.models import Agreement, Sector, Version
from audit import trail
from audit.models import AuditEntry
from common import demo_clock
from followup import demo as followup_demo
from followup.models import FollowUpRound
from parties import demo as party_demo
from parties.models import ActivityArea as PartyArea
from parties.models import Application, LegalForm, Membership, Municipality, Organisation
from steering import demo as steering_demo
from steering.models import DecisionKind, Seat

SLUG = "bjorkvik"
NAME = "Överenskommelse om samverkan i Björkvik"
HOST = "Björkviks kommun"

SETTINGS = {
    "level": "municipal",
    "email_name": "Samverkan Björkvik",
    "steering_email": "styrgrupp@bjorkvik.exempel.se",
    "controller_name": "Björkviks kommun, kommunstyrelsen",
    "controller_org_number": "212000-0001",
    "controller_address": "Box 20, 891 30 Björkvik",
    "controller_email": "kommun@bjorkvik.exempel.se",
    "controller_phone": "0660-00 00 00",
    "dpo_email": "dataskyddsombud@bjorkvik.exempel.se",
    "accessibility_email": "webb@bjorkvik.exempel.se",
}

TEXT = {
    "title": NAME,
    "introduction": (
        "Björkvik är en kommun med många små föreningar och ett starkt engagemang i byarna. "
        "Kommunen och de idéburna organisationerna har länge samarbetat i enskilda frågor; med "
        "den här överenskommelsen gör vi samarbetet till något gemensamt och långsiktigt."
    ),
    "vision": (
        "I Björkvik ska det vara enkelt att engagera sig, och föreningarnas kunskap ska tas "
        "till vara när kommunen planerar för framtiden."
    ),
    "purpose": (
        "Överenskommelsen beskriver hur kommunen och de idéburna organisationerna i Björkvik "
        "för dialog, delar kunskap och följer upp samarbetet. Den kompletterar regionens "
        "överenskommelse och gäller det som kommunen ansvarar för: fritid, kultur, skola och "
        "omsorg.\n\nÖverenskommelsen är en avsiktsförklaring och inget bindande avtal."
    ),
}

GOALS = [
    (
        "En väg in till kommunen",
        "Varje förening vet vem på kommunen den kan vända sig till i frågor om lokaler, bidrag "
        "och samarbete.",
    ),
    (
        "Byarnas röst i planeringen",
        "Föreningarna i byarna bjuds in innan kommunen fattar beslut som rör deras närmiljö.",
    ),
]

PRINCIPLES = [
    (
        "dialog",
        "Dialog",
        "Parterna hör varandra tidigt och ofta.",
        "Kommunen bjuder in föreningarna till samtal innan beslut tas, inte efter. "
        "Föreningarna delar med sig av vad de ser i sina verksamheter.",
    ),
    (
        "sjalvstandighet",
        "Självständighet",
        "Föreningarna bestämmer själva över sin verksamhet.",
        "Samarbete med kommunen ändrar inte att en förening styrs av sina medlemmar och har "
        "rätt att granska och kritisera kommunens beslut.",
    ),
    (
        "langsiktighet",
        "Långsiktighet",
        "Villkor som går att planera efter.",
        "Kommunen strävar efter att ge besked om lokaler och stöd i god tid, så att "
        "föreningarna kan planera sitt arbete för mer än ett år i taget.",
    ),
]

# The story's dates: the municipal council adopted the agreement in February, it took effect
# on 1 March and the steering group met for the first time on 17 March.
VERSION_DATES = {
    "adopted_on": datetime.date(2026, 2, 16),
    "valid_from": datetime.date(2026, 3, 1),
    "valid_until": datetime.date(2029, 12, 31),
    "review_due": datetime.date(2029, 6, 30),
}
# Five seats cannot be balanced between the sectors: Björkvik's agreement gives the
# municipality three and the associations two, and does not ask for balance.
RULES = {"steering_balanced": False}

# Logins of Björkvik's staff (password and second-factor key as the region's demo logins).
PROCESS_LEADER_LOGIN = "processledare@bjorkvik.exempel.se"
PROCESS_LEADER_NAME = ("Anders", "Holmgren")
STEERING_LOGIN = "styrgrupp@bjorkvik.exempel.se"
STEERING_NAME = ("Sara", "Nilsson")

# The steering group: (key, name, title, role, represents — an organisation's name, email).
# Fictional people. The demo's steering login holds the seat with its address.
SEATS = [
    ("sjoberg", "Lena Sjöberg", "Kommunalråd", "chair", HOST, "lena.sjoberg@bjorkvik.exempel.se"),
    (
        "eklund",
        "Jonas Eklund",
        "Ordförande",
        "vice_chair",
        "Björkviks Idrottsallians",
        "jonas.eklund@idrottsallians.exempel.se",
    ),
    (
        "yilmaz",
        "Fatima Yilmaz",
        "Verksamhetschef fritid",
        "member",
        HOST,
        "fatima.yilmaz@bjorkvik.exempel.se",
    ),
    (
        "strand",
        "Per-Olof Strand",
        "Sekreterare",
        "member",
        "Byalaget Norrbyn",
        "per-olof.strand@norrbyn.exempel.se",
    ),
    ("nilsson", "Sara Nilsson", "Ledamot", "member", HOST, STEERING_LOGIN),
]
MANDATE = (datetime.date(2026, 3, 1), datetime.date(2027, 12, 31))
MANDATE_YEARS = 2

MEETING_PLACE = "Björkviks kommunhus"
MEETING = steering_demo.MeetingSpec(
    datetime.date(2026, 3, 17),
    MEETING_PLACE,
    False,
    steering_demo.AGENDA.format(middle="Styrgruppens arbetsordning och handlingsplanen"),
    "Styrgruppens första möte sedan överenskommelsen trädde i kraft den 1 mars. Ordföranden "
    "Lena Sjöberg hälsade ledamöterna välkomna.",
    "Processledaren berättar att alla föreningar i kommunens register har fått information om "
    "överenskommelsen. Nästa möte hålls i höst.",
    others=[
        (
            "Arbetsordning",
            "Styrgruppen fastställer sin arbetsordning för mandatperioden 2026–2027.",
        ),
    ],
    checked_by=("strand", "yilmaz"),
)
PLAN_DECISIONS = {
    "plan": "Handlingsplanen för samverkan i Björkvik 2026–2029 fastställs.",
    "year": "Verksamhetsplanen för 2026 fastställs.",
}

PLAN_TITLE = "Handlingsplan för samverkan i Björkvik"
PLAN_YEARS = (2026, 2029)
PLAN_INTRODUCTION = (
    "Handlingsplanen gör överenskommelsen konkret under perioden 2026–2029. Styrgruppen "
    "fastställer varje år vilka aktiviteter som ska genomföras."
)
# One development area per goal: (title, description, [(objective, description)]).
AREAS = [
    (
        "En väg in till kommunen",
        "Föreningarna hittar rätt i kommunen.",
        [("Föreningarna vet vem de vänder sig till", "En namngiven kontakt på kommunen.")],
    ),
    (
        "Byarnas röst i planeringen",
        "Föreningarna i byarna hörs innan kommunen beslutar.",
        [("Kommunen och byarna möts regelbundet", "Minst två träffar om året.")],
    ),
]
# (title, description, status, progress, (area, objective) from 1, activity area, lead,
#  the update that brought it to its status: (story date, text), None for a planned one)
ACTIVITIES = [
    (
        "Föreningsträffar i byarna",
        "Kommunen och föreningarna träffas två gånger om året i en av byarnas bygdegårdar.",
        "ongoing",
        50,
        (2, 1),
        "dialog-och-motesplatser",
        "Byalaget Norrbyn",
        (datetime.date(2026, 9, 22), "Vårens träff hölls i Norrbyns bygdegård med 30 deltagare."),
    ),
    (
        "En kontaktperson för föreningslivet",
        "Kommunen utser en tjänsteperson som föreningarna kan vända sig till med alla frågor.",
        "done",
        100,
        (1, 1),
        "struktur-och-arbetsformer",
        HOST,
        (datetime.date(2026, 6, 10), "Fatima Yilmaz på fritidsförvaltningen är kontaktperson."),
    ),
    (
        "Lokalguide för föreningar",
        "En gemensam förteckning över kommunens lokaler som föreningar kan låna eller hyra.",
        "planned",
        0,
        (1, 1),
        "information-och-kommunikation",
        "Föreningen Grannskap Björkvik",
        None,
    ),
]

# Parties to both agreements: organisations of the region's demo (parties/demo.py) that work in
# Björkvik or across the county. The demo contact person's association is the first.
ALSO_REGIONAL = [
    "Föreningen Grannskap Björkvik",
    "Björkviks kommun",
    "Björkviks Scoutkår",
    "Studieförbundet Norrsken",
    "Funktionsrätt Norrådalen",
    "Stiftelsen Ljusglimten",
]
# Parties to Björkvik's agreement only: (name, legal form, description, areas); the last
# one's application waits for the steering group.
OWN_PARTIES = [
    (
        "Björkviks Idrottsallians",
        LegalForm.NON_PROFIT_ASSOCIATION,
        "Samarbetsorgan för kommunens elva idrottsföreningar.",
        ["idrott", "barn-och-unga"],
    ),
    (
        "Byalaget Norrbyn",
        LegalForm.NON_PROFIT_ASSOCIATION,
        "Byalaget driver bygdegården i Norrbyn och ordnar byns midsommar och skördefest.",
        ["landsbygdsutveckling", "kultur"],
    ),
    (
        "Björkviks Hembygdsförening",
        LegalForm.NON_PROFIT_ASSOCIATION,
        "Föreningen vårdar Kvarnbacken och berättar Björkviks historia för skolklasser.",
        ["kultur"],
    ),
]

# The first follow-up of Björkvik's agreement, open beside the region's (the same year).
ROUND = followup_demo.OPEN_ROUND
ROUND_INTRODUCTION = (
    "Det här är den första uppföljningen av överenskommelsen i Björkvik. Svaren tas upp på "
    "styrgruppens möte och i föreningsträffarna i byarna. Det tar ungefär en kvart att svara."
)


# ---- seeding ----------------------------------------------------------------------------------


def _story_dates(dates: dict) -> dict:
    return {field: demo_clock.day(day) for field, day in dates.items()}


def seed_agreement() -> Agreement:
    """Björkvik's agreement, its settings and its one version in force."""
    agreement, _created = Agreement.objects.update_or_create(
        slug=SLUG, defaults={"name": NAME, "region_name": HOST, **SETTINGS}
    )
    version, _created = Version.objects.update_or_create(
        agreement=agreement,
        number=1,
        defaults={
            **TEXT,
            "status": Version.Status.ACTIVE,
            **_story_dates(VERSION_DATES),
            "signing_sectors": [Sector.CIVIL_SOCIETY.value, Sector.PUBLIC.value],
            **RULES,
        },
    )
    agreement_demo._write_text(version, {}, GOALS, PRINCIPLES)
    for cached in ("in_force", "period"):
        agreement.__dict__.pop(cached, None)
    return agreement


def _decided_at() -> datetime.datetime:
    day = demo_clock.meeting_day(MEETING.day)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def seed_memberships(agreement: Agreement) -> list[Organisation]:
    """The region's parties that are also Björkvik's, and Björkvik's own; each applied and
    was approved at the steering group's first meeting, but the last, which waits."""
    decided_at = _decided_at()
    joined = timezone.localdate(decided_at)
    approved = []
    for name in ALSO_REGIONAL:
        organisation = Organisation.objects.get(slug=slugify(name))
        Membership.objects.get_or_create(
            organisation=organisation,
            agreement=agreement,
            defaults={"status": Membership.Status.ACTIVE, "joined_on": joined},
        )
        approved.append(
            party_demo._application(
                organisation, Application.Status.APPROVED, decided_at, agreement=agreement
            )
        )
    municipality = Municipality.objects.get(slug=slugify("Björkvik"))
    area_rows = {area.slug: area for area in PartyArea.objects.all()}
    for index, (name, form, description, areas) in enumerate(OWN_PARTIES):
        waiting = index == len(OWN_PARTIES) - 1
        existing = (
            Membership.objects.filter(organisation__slug=slugify(name), agreement=agreement)
            .select_related("organisation")
            .first()
        )
        if existing is not None:
            # Loaded before: left as the steering group may have decided since.
            organisation = existing.organisation
        else:
            organisation = party_demo._organisation(
                2000 + 7 * index,
                name,
                form,
                Sector.CIVIL_SOCIETY,
                municipality,
                areas,
                description,
                Membership.Status.PENDING if waiting else Membership.Status.ACTIVE,
                None if waiting else joined,
                area_rows,
                agreement=agreement,
            )
        if waiting:
            party_demo._application(organisation, Application.Status.PENDING, agreement=agreement)
        else:
            approved.append(
                party_demo._application(
                    organisation, Application.Status.APPROVED, decided_at, agreement=agreement
                )
            )
    return approved


def _mandates() -> list[tuple[datetime.date, datetime.date]]:
    """The story's mandate period and every one begun since, up to today's."""
    start, end = (demo_clock.day(day) for day in MANDATE)
    periods = [(start, end)]
    while end < timezone.localdate():
        start = end + datetime.timedelta(days=1)
        end = end.replace(year=end.year + MANDATE_YEARS)
        periods.append((start, end))
    return periods


def seed_seats(agreement: Agreement, steering_user=None) -> dict[str, Seat]:
    """The five seats for each mandate period; returns the first period's by key."""
    first: dict[str, Seat] = {}
    for period_index, (start, end) in enumerate(_mandates()):
        for number, (key, name, title, role, represents, email) in enumerate(SEATS, start=1):
            seat, _created = Seat.objects.get_or_create(
                agreement=agreement,
                person_name=name,
                role=role,
                mandate_start=start,
                defaults={
                    "title": title,
                    "email": email,
                    "phone": f"0660-00 00 {number:02d}",
                    "organisation": Organisation.objects.get(slug=slugify(represents)),
                    "mandate_end": end,
                },
            )
            if email == STEERING_LOGIN and steering_user is not None and seat.user_id is None:
                seat.user = steering_user
                seat.save(update_fields=["user"])
            if period_index == 0:
                first[key] = seat
    return first


def seed_meetings(agreement: Agreement, seats: dict[str, Seat], approved) -> None:
    """The first meeting, its decisions (the applications approved, the plan adopted), and
    the next meeting ahead."""
    spec = replace(
        MEETING,
        day=demo_clock.meeting_day(MEETING.day),
        agenda=demo_clock.text(MEETING.agenda),
        opening=demo_clock.text(MEETING.opening),
        closing=demo_clock.text(MEETING.closing),
        others=[(demo_clock.text(h), demo_clock.text(t)) for h, t in MEETING.others],
    )
    Planned = steering_demo.Planned
    plan = [
        Planned(n, DecisionKind.OTHER, text, spec.day, label=heading)
        for n, (heading, text) in enumerate(spec.others, 1)
    ]
    for key, heading in (("plan", "Handlingsplan"), ("year", "Verksamhetsplan")):
        text = demo_clock.text(PLAN_DECISIONS[key])
        plan.append(
            Planned(len(plan) + 1, DecisionKind.ACTION_PLAN_ADOPTED, text, spec.day, label=heading)
        )
    for application in sorted(approved, key=steering_demo._party_name):
        name = steering_demo._party_name(application)
        text = f"Ansökan från {name} om att ansluta sig till överenskommelsen godkänns."
        plan.append(
            Planned(
                len(plan) + 1,
                DecisionKind.APPLICATION_APPROVED,
                text,
                spec.day,
                application,
                name,
            )
        )
    steering_demo._seed_past_meeting(agreement, spec, plan, seats)
    steering_demo.seed_upcoming_meetings(agreement, place=MEETING_PLACE, count=1)


def seed_actionplan(agreement: Agreement) -> ActionPlan:
    from steering.models import Decision

    def decision(key):
        return Decision.objects.filter(
            agreement=agreement,
            kind=DecisionKind.ACTION_PLAN_ADOPTED,
            text=demo_clock.text(PLAN_DECISIONS[key]),
        ).first()

    first_year, last_year = (demo_clock.year(year) for year in PLAN_YEARS)
    plan, _created = ActionPlan.objects.get_or_create(
        agreement=agreement,
        first_year=first_year,
        last_year=last_year,
        defaults={
            "title": PLAN_TITLE,
            "introduction": demo_clock.text(PLAN_INTRODUCTION),
            "adopted_by": decision("plan"),
        },
    )
    objectives = {}
    for area_order, (title, description, rows) in enumerate(AREAS, start=1):
        area, _created = DevelopmentArea.objects.get_or_create(
            plan=plan, order=area_order, defaults={"title": title, "description": description}
        )
        for order, (objective, text) in enumerate(rows, start=1):
            objectives[area_order, order], _created = Objective.objects.get_or_create(
                area=area, order=order, defaults={"title": objective, "description": text}
            )
    annual, _created = AnnualPlan.objects.get_or_create(
        plan=plan, year=first_year, defaults={"adopted_by": decision("year")}
    )
    parties = {org.name: org for org in Organisation.objects.party_to(agreement)}
    starts = demo_clock.day(datetime.date(2026, 4, 1))
    ends = demo_clock.day(datetime.date(2026, 12, 31))
    for title, description, status, progress, objective, area, lead, update in ACTIVITIES:
        activity, created = Activity.objects.get_or_create(
            annual_plan=annual,
            title=title,
            defaults={
                "objective": objectives[objective],
                "area": ActivityArea.objects.get(slug=area),
                "description": description,
                "lead_party": parties.get(lead),
                "starts_on": starts,
                "ends_on": ends,
                "status": status,
                "progress": progress,
            },
        )
        if not created:
            continue  # left as the process leader or its party may have changed it
        if lead in parties:
            activity.responsible.set([parties[lead]])
        if update is not None:
            day, text = demo_clock.day(update[0]), demo_clock.text(update[1])
            ActivityUpdate.objects.create(
                activity=activity,
                date=day,
                text=text,
                status=status,
                progress=progress,
                by_party=parties.get(lead),
            )
            entry = trail.record(
                activity, f"{Status.PLANNED} 0", f"{status} {progress}", reason=text
            )
            AuditEntry.objects.filter(pk=entry.pk).update(
                at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
            )
    return plan


def seed_followup(agreement: Agreement) -> FollowUpRound:
    """Björkvik's first round, open now: some parties have answered, the demo contact
    person's association has not (it has the region's to answer too)."""
    year, opens, closes = ROUND
    round = followup_demo._round(agreement, year, opens, closes, introduction=ROUND_INTRODUCTION)
    names = [slugify(name) for name in ALSO_REGIONAL + [row[0] for row in OWN_PARTIES]]
    by_slug = {o.slug: o for o in Organisation.objects.in_agreement(agreement)}
    parties = [by_slug[slug] for slug in names if slug in by_slug]
    contacts = followup_demo._contacts(parties)
    followup_demo._responses(round, parties, contacts, followup_demo._demo_contact_party())
    return round


def seed_bjorkvik(steering_user=None) -> Agreement:
    """Björkvik's agreement with its parties, steering group, plan and open follow-up."""
    agreement = seed_agreement()
    approved = seed_memberships(agreement)
    seats = seed_seats(agreement, steering_user)
    seed_meetings(agreement, seats, approved)
    seed_actionplan(agreement)
    seed_followup(agreement)
    steering_demo.publish_checked_minutes(agreement)
    return agreement
