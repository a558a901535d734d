"""Demo content for a fictional region. Written for this project; not from any real agreement.

The demo agreement has a history: its first version (`FIRST`) was in force 2022–2025 and
is expired; it was reviewed in 2025, the process leader started the draft of version 2 from
it and rewrote it, the steering group adopted it on 20 November 2025 (steering/demo.py) and
it came into force on 1 January 2026. Version 2 is the text below (`VISION`, `GOALS` …).
Dates are the story's (common/demo_clock.py), moved with the day the demo is loaded.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from agreements.models import Agreement, Goal, Principle, Sector, Version
from agreements.revision import start_draft
from audit.models import AuditEntry
from common import demo_clock

REGION = "Region Norrådalen"
SLUG = "norradalen"

VISION = (
    "I Norrådalen ska alla kunna vara med och forma sitt samhälle. Idéburna organisationer "
    "och det offentliga möts som jämlika parter, lär av varandra och löser tillsammans det "
    "som ingen av oss klarar ensam."
)
PURPOSE = (
    "Överenskommelsen ska göra samverkan mellan den idéburna sektorn och regionen och "
    "kommunerna i Norrådalen tydligare, mer förutsägbar och mer jämlik. Den beskriver hur "
    "parterna för dialog, hur nya parter ansluter och hur arbetet följs upp varje år.\n\n"
    "Överenskommelsen är en avsiktsförklaring och inget juridiskt bindande avtal. Den ersätter "
    "inte de överenskommelser om bidrag eller partnerskap som parterna har med varandra."
)
INTRODUCTION = (
    "Föreningar, stiftelser, trossamfund, studieförbund och kooperativ gör varje dag en stor "
    "insats i Norrådalens sju kommuner. Regionen och kommunerna ansvarar för välfärd, "
    "kollektivtrafik, kultur och hälso- och sjukvård. När parterna känner varandras villkor "
    "blir både den idéburna verksamheten och den offentliga servicen bättre.\n\n"
    "Den här versionen antogs av styrgruppen efter en remissrunda där ett sextiotal "
    "organisationer lämnade synpunkter."
)

GOALS = [
    (
        "Fler mötesplatser för dialog",
        "Varje kommun i länet har minst en återkommande dialog med de idéburna parterna per år.",
    ),
    (
        "Tydliga vägar in",
        "Det är lätt för en idéburen organisation att hitta rätt kontakt hos regionen och "
        "kommunerna.",
    ),
    (
        "Kunskap om varandras förutsättningar",
        "Tjänstepersoner och förtroendevalda känner till den idéburna sektorns villkor, och "
        "organisationerna känner till hur offentliga beslut fattas.",
    ),
    (
        "Långsiktiga former för finansiering",
        "Parterna prövar fler långsiktiga former för stöd och partnerskap, till exempel "
        "idéburet offentligt partnerskap (IOP).",
    ),
]

PRINCIPLES = [
    (
        "sjalvstandighet-och-oberoende",
        "Självständighet och oberoende",
        "Idéburna organisationer bestämmer själva över sina mål, sin verksamhet och sina åsikter.",
        "En förening som får stöd från regionen eller en kommun ska kunna granska och "
        "kritisera samma region eller kommun. Stöd får aldrig villkoras med att organisationen "
        "avstår från att driva sina frågor.\n\nDe offentliga parterna respekterar att "
        "organisationerna styrs av sina medlemmar och sina stadgar.",
    ),
    (
        "dialog",
        "Dialog",
        "Parterna talar med varandra tidigt, regelbundet och på lika villkor.",
        "Dialog betyder att den idéburna sektorn bjuds in innan frågor är avgjorda, inte efteråt. "
        "Parterna bestämmer tillsammans hur mötena ska gå till och ser till att även små "
        "organisationer med ideella krafter kan delta, till exempel genom kvällsmöten och "
        "digitala möten.",
    ),
    (
        "kvalitet",
        "Kvalitet",
        "Verksamheten utgår från människors behov, och parterna bedömer kvalitet tillsammans.",
        "Den idéburna sektorn bidrar med engagemang, närhet och erfarenheter som det offentliga "
        "saknar. Vad som är god kvalitet definieras därför gemensamt, och uppföljning ska vara "
        "rimlig i förhållande till uppdragets storlek.",
    ),
    (
        "langsiktighet",
        "Långsiktighet",
        "Samverkan bygger på planering över flera år i stället för kortsiktiga projekt.",
        "Organisationer som tar ansvar för verksamhet behöver kunna planera. Parterna strävar "
        "efter fleråriga överenskommelser och förutsägbara villkor för stöd, och undviker att "
        "starta verksamheter som upphör när ett projekt tar slut.",
    ),
    (
        "oppenhet-och-insyn",
        "Öppenhet och insyn",
        "Parterna är öppna med hur beslut fattas och hur offentliga medel används.",
        "Offentliga medel ska redovisas på ett sätt som ger insyn, och de offentliga parterna "
        "förklarar hur de fördelar stöd. Samtidigt respekteras enskildas integritet och "
        "organisationernas interna angelägenheter.",
    ),
    (
        "mangfald",
        "Mångfald",
        "Olika slags organisationer, stora som små, ska kunna delta.",
        "Den idéburna sektorn är bred: idrottsföreningar, trossamfund, kooperativ, "
        "kvinnojourer och studieförbund arbetar på olika sätt. Parterna ser till att villkoren "
        "för samverkan inte bara passar de största organisationerna, och att organisationer "
        "som inte ansluter sig behandlas likvärdigt.",
    ),
    (
        "innovation",
        "Innovation",
        "Parterna prövar nya arbetssätt tillsammans och delar med sig av det de lär sig.",
        "Norrådalen lägger till en egen princip: nya lösningar på samhällets utmaningar växer "
        "ofta fram i idéburen verksamhet. Parterna ger utrymme för försök, accepterar att allt "
        "inte lyckas och sprider de arbetssätt som fungerar.",
    ),
]


# ---- version 1: in force 2022–2025, now expired ---------------------------------------------

FIRST = {
    "title": "Överenskommelse om samverkan mellan den idéburna sektorn och Region Norrådalen",
    "introduction": (
        "Föreningar, stiftelser, trossamfund, studieförbund och kooperativ gör varje dag en "
        "stor insats i Norrådalens sju kommuner. Regionen och kommunerna ansvarar för välfärd, "
        "kollektivtrafik, kultur och hälso- och sjukvård.\n\n"
        "Överenskommelsen togs fram av en arbetsgrupp med företrädare för regionen, "
        "kommunerna och ett tjugotal idéburna organisationer under 2021."
    ),
    "vision": (
        "Norrådalen ska vara ett län där den idéburna sektorn och det offentliga tillsammans "
        "bidrar till ett gott samhälle för alla invånare. Parterna ska känna förtroende för "
        "varandra, respektera varandras roller och gemensamt ta tillvara de kunskaper och "
        "erfarenheter som finns i länets föreningsliv, så att fler människor får möjlighet "
        "att engagera sig och påverka."
    ),
    "purpose": (
        "Syftet med överenskommelsen är att stärka och utveckla samverkan mellan den idéburna "
        "sektorn och regionen och kommunerna i Norrådalen. Överenskommelsen ska ge "
        "förutsättningar för en långsiktig dialog, öka kunskapen om den idéburna sektorns "
        "villkor och skapa tydliga former för hur parterna arbetar tillsammans.\n\n"
        "Överenskommelsen är en avsiktsförklaring och inget juridiskt bindande avtal. Den "
        "påverkar inte de avtal om bidrag som parterna redan har med varandra."
    ),
}
FIRST_DATES = {  # the story's dates
    "adopted_on": datetime.date(2021, 11, 18),
    "valid_from": datetime.date(2022, 1, 1),
    "valid_until": datetime.date(2025, 12, 31),
    "review_due": datetime.date(2025, 6, 30),
}
FIRST_GOALS = [
    (
        "Regelbunden dialog",
        "Regionen och kommunerna för dialog med de idéburna parterna minst en gång per år.",
    ),
    (
        "Ökad kunskap",
        "Tjänstepersoner och förtroendevalda får ökad kunskap om den idéburna sektorns "
        "villkor och roll i samhället.",
    ),
    (
        "Utvecklade former för stöd",
        "Parterna ser över formerna för bidrag och stöd till den idéburna sektorn.",
    ),
]
FIRST_PRINCIPLES = [
    (
        "sjalvstandighet-och-oberoende",
        "Självständighet och oberoende",
        "Idéburna organisationer bestämmer själva över sin verksamhet.",
        "Den idéburna sektorns självständighet och oberoende ska respekteras. Organisationerna "
        "har rätt att granska och kritisera regionen och kommunerna, även när de får stöd.",
    ),
    (
        "dialog",
        "Dialog",
        "Parterna för en öppen och regelbunden dialog.",
        "Dialogen ska präglas av ömsesidig respekt. Den idéburna sektorn ska ges möjlighet "
        "att lämna synpunkter i frågor som berör den.",
    ),
    (
        "kvalitet",
        "Kvalitet",
        "Verksamheten ska hålla god kvalitet.",
        "Parterna ska verka för att verksamheten håller god kvalitet och följs upp på ett "
        "ändamålsenligt sätt.",
    ),
    (
        "langsiktighet",
        "Långsiktighet",
        "Samverkan ska vara långsiktig.",
        "Parterna strävar efter långsiktiga villkor för samverkan och stöd.",
    ),
    (
        "oppenhet-och-insyn",
        "Öppenhet och insyn",
        "Parterna är öppna med hur beslut fattas.",
        "Offentliga medel ska redovisas öppet, och parterna ska vara öppna med hur de "
        "fattar beslut som berör samverkan.",
    ),
    (
        "mangfald",
        "Mångfald",
        "Olika slags organisationer ska kunna delta.",
        "Parterna värnar den idéburna sektorns mångfald och att organisationer av olika "
        "storlek kan delta i samverkan.",
    ),
]
# The draft of version 2 (story dates): started after the review, adopted by the steering
# group at its meeting of 20 November 2025 (steering/demo.py), in force from 1 January 2026.
DRAFT_STARTED = datetime.date(2025, 9, 8)
SECOND_DATES = {
    "valid_from": datetime.date(2026, 1, 1),
    "valid_until": datetime.date(2029, 12, 31),
    "review_due": datetime.date(2029, 6, 30),
}
PROCESS_LEADER_LOGIN = "processledare@exempel.se"


def loaded_first_year() -> int | None:
    """The first year in force of a demo loaded before, if any (seed_demo anchors to it)."""
    loaded = (
        Version.objects.filter(agreement__slug=SLUG)
        .exclude(status=Version.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    return loaded.valid_from.year if loaded is not None else None


def _write_text(version: Version, text: dict, goals, principles) -> None:
    """Give `version` the text, goals and principles given; drop goals and principles it
    has beyond them."""
    changed = [field for field, value in text.items() if getattr(version, field) != value]
    for field in changed:
        setattr(version, field, text[field])
    if changed:
        version.save(update_fields=[*changed, "updated_at"])
    for order, (title, description) in enumerate(goals, start=1):
        Goal.objects.update_or_create(
            version=version, order=order, defaults={"title": title, "description": description}
        )
    version.goals.filter(order__gt=len(goals)).delete()
    for order, (slug, name, summary, description) in enumerate(principles, start=1):
        Principle.objects.update_or_create(
            version=version,
            slug=slug,
            defaults={
                "order": order,
                "name": name,
                "summary": summary,
                "description": description,
            },
        )
    version.principles.exclude(slug__in=[row[0] for row in principles]).delete()


CURRENT_TEXT = {
    "title": "Överenskommelse om samverkan i Norrådalen",
    "introduction": INTRODUCTION,
    "vision": VISION,
    "purpose": PURPOSE,
}


def _story_dates(dates: dict) -> dict:
    return {field: demo_clock.day(day) for field, day in dates.items()}


def backdate_trail(version: Version, since: datetime.datetime, story_day: datetime.date):
    """Date the version's audit records written since `since` on the story's day."""
    at = timezone.make_aware(datetime.datetime.combine(demo_clock.day(story_day), datetime.time(9)))
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(version),
        object_id=version.pk,
        at__gte=since,
    ).update(at=at)


def seed_agreement(*, history: bool = False) -> Agreement:
    """The demo's lasting agreement with its version in force.

    Without `history`, the version in force is number 1. With it (the loaded demo), number
    1 is the first version (2022–2025) and number 2, with the same text, is started as its
    draft here; the steering group's demo adopts it and it comes into force
    (`steering.demo.seed_history`). A later run finds both and leaves their status be.
    """
    agreement, _created = Agreement.objects.update_or_create(
        slug=SLUG,
        defaults={"name": "Överenskommelse om samverkan i Norrådalen", "region_name": REGION},
    )
    signing = [Sector.CIVIL_SOCIETY.value, Sector.PUBLIC.value]
    first_text = {field: demo_clock.text(value) for field, value in FIRST.items()}
    first = agreement.versions.filter(number=1).first()
    if first is not None and first.valid_from != demo_clock.day(FIRST_DATES["valid_from"]):
        history = False  # a demo loaded before it had a history keeps its single version
    if not history:
        version, _created = Version.objects.update_or_create(
            agreement=agreement,
            number=1,
            defaults={
                **CURRENT_TEXT,
                "status": Version.Status.ACTIVE,
                # In force from the demo's first year for four years (common/demo_clock.py).
                "adopted_on": demo_clock.day(datetime.date(2025, 11, 20)),
                **_story_dates(SECOND_DATES),
                "signing_sectors": signing,
            },
        )
        _write_text(version, {}, GOALS, PRINCIPLES)
        return agreement
    first, _created = Version.objects.get_or_create(
        agreement=agreement,
        number=1,
        defaults={
            **first_text,
            "status": Version.Status.ACTIVE,
            **_story_dates(FIRST_DATES),
            "signing_sectors": signing,
        },
    )
    _write_text(first, first_text, FIRST_GOALS, FIRST_PRINCIPLES)
    second = agreement.versions.filter(number=2).first()
    if second is None:
        leader = get_user_model().objects.filter(username=PROCESS_LEADER_LOGIN).first()
        since = timezone.now()
        second = start_draft(agreement, by=leader)
        for field, value in _story_dates(SECOND_DATES).items():
            setattr(second, field, value)
        second.save()
        backdate_trail(second, since, DRAFT_STARTED)
    _write_text(second, CURRENT_TEXT, GOALS, PRINCIPLES)
    return agreement
