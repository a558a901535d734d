"""Demo content for a fictional region. Written for this project; not from any real agreement."""

import datetime

from agreements.models import Agreement, Goal, Principle, Sector, Version
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


def loaded_first_year() -> int | None:
    """The first year in force of a demo loaded before, if any (seed_demo anchors to it)."""
    loaded = (
        Version.objects.filter(agreement__slug=SLUG)
        .exclude(status=Version.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    return loaded.valid_from.year if loaded is not None else None


def seed_agreement() -> Agreement:
    """The demo's lasting agreement with its version in force (number 1)."""
    agreement, _created = Agreement.objects.update_or_create(
        slug=SLUG,
        defaults={"name": "Överenskommelse om samverkan i Norrådalen", "region_name": REGION},
    )
    version, _created = Version.objects.update_or_create(
        agreement=agreement,
        number=1,
        defaults={
            "title": "Överenskommelse om samverkan i Norrådalen",
            "introduction": INTRODUCTION,
            "vision": VISION,
            "purpose": PURPOSE,
            "status": Version.Status.ACTIVE,
            # In force from the demo's first year for four years (common/demo_clock.py).
            "adopted_on": demo_clock.day(datetime.date(2025, 11, 20)),
            "valid_from": demo_clock.day(datetime.date(2026, 1, 1)),
            "valid_until": demo_clock.day(datetime.date(2029, 12, 31)),
            "review_due": demo_clock.day(datetime.date(2029, 6, 30)),
            "signing_sectors": [Sector.CIVIL_SOCIETY.value, Sector.PUBLIC.value],
        },
    )
    for order, (title, description) in enumerate(GOALS, start=1):
        Goal.objects.update_or_create(
            version=version, order=order, defaults={"title": title, "description": description}
        )
    for order, (slug, name, summary, description) in enumerate(PRINCIPLES, start=1):
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
    return agreement
