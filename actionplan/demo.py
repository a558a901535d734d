"""The demo action plan of the fictional Region Norrådalen. Every text is invented.

`seed_actionplan` is idempotent: the plan is found by agreement and period, areas and
objectives by their order, annual plans by year, activities by annual plan and title and
decisions by their text, so a second run adds nothing. Every date and year below is the
story's (common/demo_clock.py), moved to the demo's years when saved as the steering
group's demo history is; a run on a later day keeps them, so it adds nothing either.
"""

import datetime
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
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
    Perspective,
    Status,
)
from actionplan.services import roll_forward
from agreements.models import Agreement
from audit import trail
from audit.models import AuditEntry
from common import demo_clock
from parties import demo as party_demo
from parties.models import ContactPerson, Organisation
from steering.models import Decision, DecisionKind, Meeting
from steering.services import record_decision

FIRST_YEAR, LAST_YEAR = 2026, 2029
CONTACT_LOGIN = "kontakt@exempel.se"
# Stands for the demo contact person's organisation in the activities below.
CONTACT = "kontaktpersonens organisation"

PLAN_ADOPTED_ON = datetime.date(2026, 1, 15)  # the steering group's first meeting
REVIEWED_ON = datetime.date(2026, 10, 22)  # the meeting that adopted next year's plan

PLAN_TITLE = "Handlingsplan för samverkan i Norrådalen"
PLAN_INTRODUCTION = (
    "Handlingsplanen gör överenskommelsen konkret under hela perioden 2026–2029. Den har "
    "fyra utvecklingsområden med mål för perioden. Varje år fastställer styrgruppen en "
    "verksamhetsplan med aktiviteter, och parterna rapporterar hur arbetet går i portalen."
)
DECISIONS = {
    "plan": (
        PLAN_ADOPTED_ON,
        "Handlingsplanen för överenskommelsen 2026–2029 fastställs med fyra "
        "utvecklingsområden och deras mål.",
    ),
    2026: (PLAN_ADOPTED_ON, "Verksamhetsplanen för 2026 fastställs."),
    2027: (
        REVIEWED_ON,
        "Verksamhetsplanen för 2027 fastställs. Aktiviteter som inte slutförts under 2026 "
        "förs över till 2027.",
    ),
}

# (title, description, [(objective title, description)])
AREAS = [
    (
        "Dialog och mötesplatser",
        "Parterna möts regelbundet, lokalt och i hela länet, och samtalar som jämlikar.",
        [
            (
                "Det finns ett dialogforum mellan föreningar och kommun i varje kommun",
                "Forumen träffas minst två gånger om året och tar upp frågor som parterna "
                "själva väljer.",
            ),
            (
                "En årlig samverkanskonferens samlar parter från hela länet",
                "Konferensen hålls på en lördag så att ideellt aktiva kan delta.",
            ),
            (
                "Unga och nystartade föreningar deltar i dialogen",
                "Mötesplatserna når fler än de föreningar som redan känner kommunen väl.",
            ),
        ],
    ),
    (
        "Kunskap och lärande",
        "Parterna delar kunskap om varandras villkor och om hur samverkan kan se ut.",
        [
            (
                "Parterna känner till idéburet offentligt partnerskap och andra samverkansformer",
                "Tjänstepersoner och förtroendevalda i föreningar och kommuner har samma "
                "grundkunskap.",
            ),
            (
                "Uppföljningen visar vad samverkan leder till",
                "Den årliga uppföljningen är enkel att svara på och resultaten används.",
            ),
        ],
    ),
    (
        "Strukturer och arbetsformer",
        "Det är lätt att hitta rätt person och att samarbeta över sektorsgränsen.",
        [
            (
                "Föreningar hittar rätt väg in i kommunerna och regionen",
                "Varje kommun har en utsedd kontaktperson för det civila samhället.",
            ),
            (
                "Bidrag och partnerskap har enkla och förutsägbara former",
                "Ansökningar och redovisningar är lika i länets kommuner där det går.",
            ),
        ],
    ),
    (
        "Förankring hos parterna",
        "Överenskommelsen är känd och används i parternas styrelser och förvaltningar.",
        [
            (
                "Överenskommelsen är känd i parternas styrelser och förvaltningar",
                "Den tas upp när nya förtroendevalda och anställda introduceras.",
            ),
            (
                "Fler föreningar ansluter sig till överenskommelsen",
                "Information finns på lätt svenska och på de språk som talas i länet.",
            ),
        ],
    ),
]


def _d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


@dataclass(frozen=True)
class Step:
    """One update on an activity's timeline."""

    date: datetime.date
    status: str
    progress: int
    text: str


@dataclass(frozen=True)
class ActivitySpec:
    objective: tuple[int, int]  # (area order, objective order), from 1
    area: str  # activity area slug
    title: str
    description: str
    lead: str  # a party's name, or CONTACT
    responsible: tuple[str, ...]  # besides the lead
    starts_on: datetime.date
    ends_on: datetime.date
    steps: tuple[Step, ...] = ()  # none: not started, planned with 0
    weight: int = 1
    perspectives: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return self.steps[-1].status if self.steps else Status.PLANNED

    @property
    def progress(self) -> int:
        return self.steps[-1].progress if self.steps else 0


ON, DONE, LATER, OFF = Status.ONGOING, Status.DONE, Status.POSTPONED, Status.CANCELLED
REGION = "Region Norrådalen"

ACTIVITIES_2026 = [
    ActivitySpec(
        (1, 1), "dialog-och-motesplatser",
        "Dialogforum i varje kommun",
        "Ett forum per kommun där föreningar och kommunen möts två gånger om året.",
        "Norråstads kommun", ("Västerbrunns Föreningsråd", "Norråstads Idrottsallians"),
        _d(2, 1), _d(12, 15), weight=2, perspectives=("manskliga-rattigheter",),
        steps=(
            Step(_d(3, 20), ON, 15, "Första forumet hölls i Norråstad med ett 40-tal deltagare."),
            Step(_d(6, 10), ON, 40, "Forum har nu hållits i fyra av länets sju kommuner."),
            Step(_d(10, 5), ON, 60, "Granberga och Ekmora har datum i november. Lilleå saknar "
                 "ännu en värd för sitt forum."),
        ),
    ),
    ActivitySpec(
        (1, 1), "dialog-och-motesplatser",
        "Grannsamtal i Björkvik: föreningar och kommun på samma plats",
        "Kvällsträffar i föreningslokaler där kommunens tjänstepersoner lyssnar in vad "
        "föreningarna behöver.",
        CONTACT, ("Björkviks kommun",),
        _d(3, 1), _d(12, 18), perspectives=("tillganglighet",),
        steps=(
            Step(_d(4, 15), ON, 20, "Första grannsamtalet hölls i Folkets hus med språkcafé."),
            Step(_d(9, 2), ON, 50, "Tre av sex planerade samtal är genomförda."),
        ),
    ),
    ActivitySpec(
        (1, 1), "dialog-och-motesplatser",
        "Dialogträffar mellan trossamfund och kommun",
        "Träffar om hur trossamfundens sociala arbete kan samverka med kommunen.",
        "Islamiska Kulturföreningen Norråstad",
        ("Västerbrunns Missionsförsamling", "Norråstads kommun"),
        _d(4, 1), _d(10, 31), perspectives=("manskliga-rattigheter",),
        steps=(
            Step(_d(5, 6), ON, 30, "Första träffen hölls i församlingshemmet i Västerbrunn."),
            Step(_d(8, 26), ON, 70, "Andra träffen handlade om läxhjälp och sommarlov."),
            Step(_d(10, 28), DONE, 100, "Tredje och sista träffen är hållen. Parterna vill "
                 "fortsätta i det lokala dialogforumet."),
        ),
    ),
    ActivitySpec(
        (1, 2), "dialog-och-motesplatser",
        "Samverkanskonferensen 2026",
        "Länets första samverkanskonferens för alla parter i överenskommelsen.",
        REGION, ("Studieförbundet Norrsken",),
        _d(2, 1), _d(6, 30), weight=2, perspectives=("tillganglighet",),
        steps=(
            Step(_d(3, 10), ON, 25, "Lokalen är bokad. Konferensen hålls en lördag i början "
                 "av juni."),
            Step(_d(5, 20), ON, 80, "120 anmälda. Programmet är klart och skickat till parterna."),
            Step(_d(6, 15), DONE, 100, "Konferensen samlade 140 deltagare från alla kommuner."),
        ),
    ),
    ActivitySpec(
        (1, 2), "information-och-kommunikation",
        "Dokumentation från samverkanskonferensen",
        "En kort skrift och filmade samtal från konferensen.",
        "Studieförbundet Norrsken", (),
        _d(6, 10), _d(9, 30),
        steps=(
            Step(_d(7, 1), ON, 40, "Filmerna är redigerade och textade."),
            Step(_d(9, 25), DONE, 100, "Skriften och filmerna är publicerade i portalen."),
        ),
    ),
    ActivitySpec(
        (1, 3), "dialog-och-motesplatser",
        "Ungdomsdialog om överenskommelsen",
        "Unga i Lilleå berättar vad samverkan mellan föreningar och kommun betyder för dem.",
        "Ungdomens Hus Lilleå", ("Lilleå kommun",),
        _d(8, 15), _d(12, 20), perspectives=("barnets-rattigheter",),
        steps=(
            Step(_d(9, 15), ON, 10, "Ett tiotal unga har anmält sig till en referensgrupp."),
            Step(_d(11, 5), ON, 30, "Första dialogkvällen hölls med kommunens fritidsnämnd."),
        ),
    ),
    ActivitySpec(
        (1, 3), "dialog-och-motesplatser",
        "Mötesplats för nystartade föreningar",
        "En kväll om året där nya föreningar träffar kommunen och varandra.",
        "Västerbrunns Föreningsråd", ("Västerbrunns kommun",),
        _d(12, 1), _d(12, 31),
    ),
    ActivitySpec(
        (2, 1), "kunskap",
        "Utbildning om idéburet offentligt partnerskap",
        "En halvdag för tjänstepersoner och föreningsstyrelser om IOP och andra former.",
        REGION, ("Studieförbundet Norrsken",),
        _d(3, 1), _d(11, 30), weight=2,
        steps=(
            Step(_d(4, 22), ON, 30, "Första utbildningen hölls i Ekmora med 35 deltagare."),
            Step(_d(9, 17), ON, 75, "Utbildningar är genomförda i fem kommuner."),
            Step(_d(11, 10), DONE, 100, "Alla sju kommuner har haft sin utbildning."),
        ),
    ),
    ActivitySpec(
        (2, 1), "kunskap",
        "Kunskapsöversikt om idéburet offentligt partnerskap",
        "En enkel översikt över forskning och erfarenheter, tillsammans med länets högskola.",
        REGION, (),
        _d(5, 15), _d(12, 31),
        steps=(
            Step(_d(6, 30), ON, 30, "Högskolan har intervjuat tre regioner."),
            Step(_d(10, 14), ON, 70, "Ett första utkast är skickat till styrgruppen."),
        ),
    ),
    ActivitySpec(
        (2, 1), "kunskap",
        "Studiecirkel för föreningsstyrelser om överenskommelsen",
        "Tre träffar om vad överenskommelsen betyder för en förening och hur man använder den.",
        "Studieförbundet Norrsken", (CONTACT, "Granberga Byalag"),
        _d(9, 1), _d(12, 31),
        steps=(
            Step(_d(9, 24), ON, 15, "Två cirklar har startat, i Björkvik och Granberga."),
            Step(_d(11, 12), ON, 35, "Cirklarna har haft sin andra träff."),
        ),
    ),
    ActivitySpec(
        (2, 2), "overenskommelseprocessen",
        "Frågor för den årliga uppföljningen",
        "Ett kort frågeformulär som även små föreningar orkar svara på.",
        REGION, (),
        _d(4, 1), _d(8, 31),
        steps=(
            Step(_d(5, 12), ON, 30, "Processledaren har ett första förslag till frågor."),
            Step(_d(8, 19), DONE, 100, "Styrgruppen har fastställt frågorna."),
        ),
    ),
    ActivitySpec(
        (2, 2), "overenskommelseprocessen",
        "Sammanställning av den första uppföljningen",
        "Svaren sammanställs och redovisas för styrgruppen och parterna.",
        REGION, (),
        _d(9, 1), _d(12, 31),
        steps=(
            Step(_d(10, 1), ON, 20, "Två tredjedelar av parterna har svarat."),
            Step(_d(11, 18), ON, 45, "Svaren är sammanställda. Analysen pågår."),
        ),
    ),
    ActivitySpec(
        (2, 2), "information-och-kommunikation",
        "Berättelser om samverkan i praktiken",
        "Korta reportage om samarbeten mellan föreningar och kommuner i länet.",
        "Funktionsrätt Norrådalen", ("Föreningen Läsglädje",),
        _d(5, 1), _d(11, 30), perspectives=("tillganglighet",),
        steps=(
            Step(_d(6, 18), ON, 10, "Tre samarbeten är utvalda för de första reportagen."),
            Step(_d(9, 8), LATER, 10, "Skjuts upp till 2027: skribenten har slutat och "
                 "ingen ersättare är klar."),
        ),
    ),
    ActivitySpec(
        (3, 1), "struktur-och-arbetsformer",
        "En kontaktperson för civilsamhället i varje kommun",
        "Kommunerna utser en kontaktperson och presenterar dem i portalen.",
        "Storsjöhamns kommun",
        ("Norråstads kommun", "Björkviks kommun", "Lilleå kommun", "Granberga kommun",
         "Ekmora kommun", "Västerbrunns kommun"),
        _d(2, 1), _d(12, 31),
        steps=(
            Step(_d(3, 31), ON, 30, "Två kommuner har utsett sin kontaktperson."),
            Step(_d(6, 24), ON, 55, "Fyra kommuner har utsett sin kontaktperson."),
            Step(_d(10, 20), ON, 70, "Fem kommuner har utsett sin kontaktperson. Granberga och "
                 "Ekmora beslutar i december."),
        ),
    ),
    ActivitySpec(
        (3, 1), "utveckling",
        "Gemensam kalender för mötesplatser",
        "En kalender där parterna lägger in öppna träffar och dialogforum.",
        REGION, (),
        _d(3, 1), _d(9, 30),
        steps=(
            Step(_d(3, 26), ON, 10, "Ett förslag på hur kalendern kan se ut är framtaget."),
            Step(_d(5, 12), OFF, 10, "Avbryts: kommunernas egna kalendrar räcker och styrgruppen "
                 "vill inte att parterna ska behöva lägga in samma sak två gånger."),
        ),
    ),
    ActivitySpec(
        (3, 2), "struktur-och-arbetsformer",
        "Gemensam mall för föreningsbidrag",
        "En mall för ansökan och redovisning som kommunerna kan använda.",
        "Ekmora kommun", ("Granberga kommun", "Ekmora Folkhälsoråd"),
        _d(3, 15), _d(12, 31), perspectives=("jamstalldhet",),
        steps=(
            Step(_d(5, 27), ON, 10, "Kommunernas nuvarande blanketter är insamlade."),
            Step(_d(10, 7), ON, 20, "Arbetet går långsamt: bidragsreglerna skiljer sig mer än "
                 "väntat."),
        ),
    ),
    ActivitySpec(
        (3, 2), "struktur-och-arbetsformer",
        "Vägledning om partnerskap för kommunernas förvaltningar",
        "En vägledning om när ett partnerskap passar och hur det tas fram.",
        "Norråstads kommun", ("Norråstads Stadsmission",),
        _d(6, 1), _d(12, 31),
        steps=(
            Step(_d(6, 9), LATER, 0, "Skjuts upp tills den nationella vägledningen är klar."),
        ),
    ),
    ActivitySpec(
        (4, 1), "forankring-hos-parterna",
        "Överenskommelsen på kommunstyrelsernas dagordning",
        "Processledaren presenterar överenskommelsen för varje kommunstyrelse.",
        REGION, ("Lilleå kommun", "Granberga kommun"),
        _d(2, 1), _d(6, 30),
        steps=(
            Step(_d(3, 18), ON, 40, "Presentationer är gjorda i tre kommunstyrelser."),
            Step(_d(6, 3), DONE, 100, "Alla sju kommunstyrelser har fått presentationen."),
        ),
    ),
    ActivitySpec(
        (4, 1), "forankring-hos-parterna",
        "Föreningsbesök på landsbygden",
        "Besök hos föreningar i de mindre orterna för att berätta om överenskommelsen.",
        "Granberga Byalag", ("Granberga kommun", "Lilleå Hembygdsgille"),
        _d(5, 1), _d(10, 31), perspectives=("tillganglighet",),
        steps=(
            Step(_d(6, 12), ON, 30, "Sex föreningar i Granberga är besökta."),
            Step(_d(8, 28), ON, 60, "Besöken fortsätter i Lilleå efter sommaruppehållet."),
            Step(_d(10, 16), ON, 80, "De sista besöken i Lilleå flyttas till december."),
        ),
    ),
    ActivitySpec(
        (4, 2), "information-och-kommunikation",
        "Informationsmaterial på lätt svenska och fler språk",
        "En folder och en film om överenskommelsen på lätt svenska, arabiska, somaliska och "
        "tigrinja.",
        "Röda Tråden Integration", ("Funktionsrätt Norrådalen",),
        _d(3, 1), _d(9, 30), perspectives=("tillganglighet", "manskliga-rattigheter"),
        steps=(
            Step(_d(4, 8), ON, 25, "Texten på lätt svenska är klar och granskad."),
            Step(_d(6, 30), ON, 70, "Översättningarna är klara. Filmen spelas in i augusti."),
            Step(_d(9, 22), DONE, 100, "Foldern och filmen finns i portalen och på biblioteken."),
        ),
    ),
    ActivitySpec(
        (4, 2), "forankring-hos-parterna",
        "Inbjudan till föreningar som ännu inte anslutit sig",
        "Ett brev och en öppen informationsträff för föreningar utanför överenskommelsen.",
        "Storsjöhamns Pensionärsförening", ("Storsjöhamns kommun",),
        _d(12, 1), _d(12, 31),
    ),
]  # fmt: skip

ACTIVITIES_2027 = [
    ActivitySpec(
        (1, 2), "dialog-och-motesplatser",
        "Samverkanskonferensen 2027",
        "Årets samverkanskonferens hålls i Storsjöhamn i april.",
        "Storsjöhamns kommun", (REGION,),
        _d(1, 15, 2027), _d(4, 30, 2027), weight=2,
    ),
    ActivitySpec(
        (2, 2), "overenskommelseprocessen",
        "Halvtidsuppföljning av handlingsplanen",
        "Styrgruppen ser över handlingsplanen inför periodens andra halva.",
        REGION, (),
        _d(9, 1, 2027), _d(12, 31, 2027),
    ),
]  # fmt: skip


# ---- helpers --------------------------------------------------------------------------------


def _aware(day: datetime.date, time: datetime.time = datetime.time(12)) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _backdate(model, pks, at: datetime.datetime) -> None:
    """Date the audit records of seeded rows as they would have been written."""
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
    ).update(at=at)


def _moved(spec: ActivitySpec) -> ActivitySpec:
    """An activity of the story on the demo's dates, with the years in its texts moved."""
    return replace(
        spec,
        title=demo_clock.text(spec.title),
        description=demo_clock.text(spec.description),
        starts_on=demo_clock.day(spec.starts_on),
        ends_on=demo_clock.day(spec.ends_on),
        steps=tuple(
            replace(step, date=demo_clock.day(step.date), text=demo_clock.text(step.text))
            for step in spec.steps
        ),
    )


def _decision(agreement: Agreement, key) -> Decision | None:
    """The steering decision that adopted a plan, recorded at the demo meeting that day."""
    story_day, story_text = DECISIONS[key]
    day, text = demo_clock.meeting_day(story_day), demo_clock.text(story_text)
    found = Decision.objects.filter(
        agreement=agreement, kind=DecisionKind.ACTION_PLAN_ADOPTED, text=text
    ).first()
    if found is not None:
        return found
    meeting = Meeting.objects.filter(
        agreement=agreement,
        starts_at__gte=_aware(day, datetime.time(0)),
        starts_at__lt=_aware(day + datetime.timedelta(days=1), datetime.time(0)),
    ).first()
    if meeting is None:
        return None
    decision = record_decision(
        kind=DecisionKind.ACTION_PLAN_ADOPTED, text=text, meeting=meeting, decided_on=day
    )
    _backdate(Decision, [decision.pk], meeting.ends_at or meeting.starts_at)
    return decision


def _contact_party(agreement: Agreement) -> Organisation | None:
    """The active party whose current contact person is the demo contact login."""
    contact = (
        ContactPerson.objects.current()
        .filter(
            user__username=CONTACT_LOGIN,
            organisation__in=Organisation.objects.party_to(agreement).values("pk"),
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if contact is not None:
        return contact.organisation
    # Without the demo logins (DEBUG off) the same party gets a generated contact person.
    return (
        Organisation.objects.party_to(agreement)
        .filter(slug=slugify(party_demo.CIVIL[1][0]))
        .first()
    )


def _parties(agreement: Agreement) -> dict[str, Organisation]:
    parties = {org.name: org for org in Organisation.objects.party_to(agreement)}
    contact = _contact_party(agreement)
    if contact is not None:
        parties[CONTACT] = contact
    return parties


# ---- the plan -------------------------------------------------------------------------------


def seed_plan(agreement: Agreement) -> tuple[ActionPlan, dict[tuple[int, int], Objective]]:
    decision = _decision(agreement, "plan")
    plan, _created = ActionPlan.objects.get_or_create(
        agreement=agreement,
        first_year=demo_clock.year(FIRST_YEAR),
        last_year=demo_clock.year(LAST_YEAR),
        defaults={
            "title": PLAN_TITLE,
            "introduction": demo_clock.text(PLAN_INTRODUCTION),
            "adopted_by": decision,
        },
    )
    if plan.adopted_by_id is None and decision is not None:
        plan.adopted_by = decision
        plan.save(update_fields=["adopted_by"])
    objectives: dict[tuple[int, int], Objective] = {}
    for area_order, (title, description, rows) in enumerate(AREAS, start=1):
        area, _created = DevelopmentArea.objects.get_or_create(
            plan=plan, order=area_order, defaults={"title": title, "description": description}
        )
        for order, (objective_title, objective_description) in enumerate(rows, start=1):
            objectives[area_order, order], _created = Objective.objects.get_or_create(
                area=area,
                order=order,
                defaults={"title": objective_title, "description": objective_description},
            )
    return plan, objectives


def _annual_plan(plan: ActionPlan, story_year: int, **defaults) -> AnnualPlan:
    decision = _decision(plan.agreement, story_year)
    annual, _created = AnnualPlan.objects.get_or_create(
        plan=plan, year=demo_clock.year(story_year), defaults={"adopted_by": decision, **defaults}
    )
    if annual.adopted_by_id is None and decision is not None:
        annual.adopted_by = decision
        annual.save(update_fields=["adopted_by"])
    return annual


def _activity(annual: AnnualPlan, spec: ActivitySpec, objectives, parties) -> Activity:
    spec = _moved(spec)
    lead = parties.get(spec.lead)
    activity, created = Activity.objects.get_or_create(
        annual_plan=annual,
        title=spec.title,
        defaults={
            "objective": objectives[spec.objective],
            "area": ActivityArea.objects.get(slug=spec.area),
            "description": spec.description,
            "lead_party": lead,
            "starts_on": spec.starts_on,
            "ends_on": spec.ends_on,
            "status": spec.status,
            "progress": spec.progress,
            "weight": spec.weight,
        },
    )
    if not created:
        return activity  # left as the process leader may have changed it
    responsible = [parties[name] for name in (spec.lead, *spec.responsible) if name in parties]
    activity.responsible.set(responsible)
    activity.perspectives.set(Perspective.objects.filter(slug__in=spec.perspectives))
    old = f"{Status.PLANNED} 0"
    for step in spec.steps:
        update = ActivityUpdate.objects.create(
            activity=activity,
            date=step.date,
            text=step.text,
            status=step.status,
            progress=step.progress,
            by=None,
            by_party=lead,
        )
        entry = trail.record(activity, old, f"{step.status} {step.progress}", reason=update.text)
        AuditEntry.objects.filter(pk=entry.pk).update(at=_aware(step.date))
        old = f"{step.status} {step.progress}"
    return activity


def seed_actionplan(agreement: Agreement) -> ActionPlan:
    """The period plan 2026–2029, its areas and objectives, and two years of annual plans.

    2026 has a year of activities with their timelines; 2027 is rolled forward from it at
    the autumn review, so its carried activities link to their origin, plus a few new ones.
    """
    plan, objectives = seed_plan(agreement)
    parties = _parties(agreement)
    reviewed_on = demo_clock.meeting_day(REVIEWED_ON)
    first = _annual_plan(plan, FIRST_YEAR, reviewed_on=reviewed_on)
    for spec in ACTIVITIES_2026:
        _activity(first, spec, objectives, parties)
    if not AnnualPlan.objects.filter(plan=plan, year=first.year + 1).exists():
        if first.reviewed_on is None:  # roll_forward would date the review today
            first.reviewed_on = reviewed_on
            first.save(update_fields=["reviewed_on"])
        following, _carried = roll_forward(first)
        _backdate(AnnualPlan, [following.pk], _aware(reviewed_on, datetime.time(15)))
        _backdate(
            Activity,
            following.activities.values_list("pk", flat=True),
            _aware(reviewed_on, datetime.time(15)),
        )
    second = _annual_plan(plan, FIRST_YEAR + 1)
    for spec in ACTIVITIES_2027:
        _activity(second, spec, objectives, parties)
    return plan
