"""Demo parties for the fictional Region Norrådalen. Every organisation and person is invented."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from agreements.models import Agreement, Sector
from audit import trail
from audit.models import AuditEntry
from common import demo_clock
from parties.models import (
    ActivityArea,
    Application,
    ContactPerson,
    LegalForm,
    Membership,
    Municipality,
    Organisation,
    Withdrawal,
)

MUNICIPALITIES = [
    "Norråstad",
    "Björkvik",
    "Lilleå",
    "Storsjöhamn",
    "Granberga",
    "Ekmora",
    "Västerbrunn",
]
WHOLE_COUNTY = "Hela länet"


def org_number(serial: int, prefix: str = "802") -> str:
    """A checksum-valid organisation number: prefix, serial, Luhn check digit."""
    body = f"{prefix}{serial:06d}"[:9]
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def seed_municipalities() -> list[Municipality]:
    rows = []
    for order, name in enumerate(MUNICIPALITIES, start=1):
        row, _created = Municipality.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "order": order}
        )
        rows.append(row)
    county, _created = Municipality.objects.update_or_create(
        slug="hela-lanet", defaults={"name": WHOLE_COUNTY, "order": 99, "is_whole_county": True}
    )
    rows.append(county)
    return rows


# (name, legal form, municipality index or None for the whole county, areas, description)
CIVIL = [
    (
        "Norråstads Idrottsallians",
        LegalForm.NON_PROFIT_ASSOCIATION,
        0,
        ["idrott", "barn-och-unga"],
        "Paraply för ett tjugotal idrottsföreningar i Norråstad.",
    ),
    (
        "Föreningen Grannskap Björkvik",
        LegalForm.NON_PROFIT_ASSOCIATION,
        1,
        ["integration", "socialt-arbete"],
        "Läxhjälp, språkcafé och grannträffar i Björkvik.",
    ),
    (
        "Lilleå Hembygdsgille",
        LegalForm.NON_PROFIT_ASSOCIATION,
        2,
        ["kultur", "landsbygdsutveckling"],
        "Vårdar bygdens historia och driver hembygdsgården vid ån.",
    ),
    (
        "Stiftelsen Ljusglimten",
        LegalForm.FOUNDATION,
        None,
        ["socialt-arbete", "barn-och-unga"],
        "Stöd till barn och unga i familjer med ekonomisk utsatthet.",
    ),
    (
        "Storsjöhamns Pensionärsförening",
        LegalForm.NON_PROFIT_ASSOCIATION,
        3,
        ["aldre", "folkhalsa"],
        "Friskvård, studiecirklar och resor för seniorer.",
    ),
    (
        "Granberga Byalag",
        LegalForm.NON_PROFIT_ASSOCIATION,
        4,
        ["landsbygdsutveckling", "demokrati"],
        "Byautveckling och service i Granberga med omnejd.",
    ),
    (
        "Ekmora Kvinnojour",
        LegalForm.NON_PROFIT_ASSOCIATION,
        5,
        ["socialt-arbete", "jamstalldhet"],
        "Skydd, stöd och samtal för kvinnor och barn som utsatts för våld.",
    ),
    (
        "Västerbrunns Missionsförsamling",
        LegalForm.FAITH_COMMUNITY,
        6,
        ["socialt-arbete", "aldre"],
        "Församling med öppet kafé och besöksverksamhet.",
    ),
    (
        "Studieförbundet Norrsken",
        LegalForm.STUDY_ASSOCIATION,
        None,
        ["utbildning-och-folkbildning", "kultur"],
        "Cirklar och kulturarrangemang i hela länet.",
    ),
    (
        "Kooperativet Gröna Händer",
        LegalForm.COOPERATIVE,
        0,
        ["arbete-och-sysselsattning", "miljo-och-hallbarhet"],
        "Arbetsintegrerande socialt företag med trädgård och café.",
    ),
    (
        "Funktionsrätt Norrådalen",
        LegalForm.NON_PROFIT_ASSOCIATION,
        None,
        ["funktionsratt", "demokrati"],
        "Samarbetsorgan för funktionsrättsföreningar i länet.",
    ),
    (
        "Ungdomens Hus Lilleå",
        LegalForm.NON_PROFIT_ASSOCIATION,
        2,
        ["barn-och-unga", "kultur"],
        "Mötesplats som drivs av och för unga.",
    ),
    (
        "Björkviks Scoutkår",
        LegalForm.NON_PROFIT_ASSOCIATION,
        1,
        ["barn-och-unga", "miljo-och-hallbarhet"],
        "Friluftsliv och ledarskap för barn från åtta år.",
    ),
    (
        "Röda Tråden Integration",
        LegalForm.NON_PROFIT_ASSOCIATION,
        3,
        ["integration", "arbete-och-sysselsattning"],
        "Mentorskap och praktikplatser för nyanlända.",
    ),
    (
        "Ekmora Folkhälsoråd",
        LegalForm.NON_PROFIT_ASSOCIATION,
        5,
        ["folkhalsa"],
        "Promenadgrupper, rökfria miljöer och föräldraträffar.",
    ),
    (
        "Granberga Kulturförening",
        LegalForm.NON_PROFIT_ASSOCIATION,
        4,
        ["kultur"],
        "Konserter, teater och utställningar i Granberga.",
    ),
    (
        "Stiftelsen Norrådalens Naturarv",
        LegalForm.FOUNDATION,
        None,
        ["miljo-och-hallbarhet"],
        "Förvaltar naturreservat och ordnar guidade turer.",
    ),
    (
        "Västerbrunns Ryttarsällskap",
        LegalForm.NON_PROFIT_ASSOCIATION,
        6,
        ["idrott", "barn-och-unga"],
        "Ridskola med verksamhet för barn med funktionsnedsättning.",
    ),
    (
        "Islamiska Kulturföreningen Norråstad",
        LegalForm.FAITH_COMMUNITY,
        0,
        ["integration", "demokrati"],
        "Trossamfund med läxhjälp och dialogträffar.",
    ),
    (
        "Demensföreningen Storsjöhamn",
        LegalForm.NON_PROFIT_ASSOCIATION,
        3,
        ["aldre", "folkhalsa"],
        "Anhörigstöd och träffpunkter för personer med demens.",
    ),
    (
        "Norrådalens Schackförbund",
        LegalForm.NON_PROFIT_ASSOCIATION,
        None,
        ["idrott", "utbildning-och-folkbildning"],
        "Schack i skolor och på bibliotek i länet.",
    ),
    (
        "Lilleå Sociala Kooperativ",
        LegalForm.COOPERATIVE,
        2,
        ["arbete-och-sysselsattning", "socialt-arbete"],
        "Kooperativ som erbjuder arbetsträning i tvätteri och snickeri.",
    ),
    (
        "Björkviks Musikskola för Alla",
        LegalForm.NON_PROFIT_ASSOCIATION,
        1,
        ["kultur", "barn-och-unga"],
        "Avgiftsfri musikundervisning för barn och unga.",
    ),
    (
        "Ekmora Jaktvårdskrets",
        LegalForm.NON_PROFIT_ASSOCIATION,
        5,
        ["landsbygdsutveckling", "miljo-och-hallbarhet"],
        "Viltvård och utbildning för nya jägare.",
    ),
    (
        "Granberga Bygdeservice ek. för.",
        LegalForm.COOPERATIVE,
        4,
        ["landsbygdsutveckling"],
        "Driver bygdens lanthandel, drivmedel och paketombud.",
    ),
    (
        "Storsjöhamns Segelsällskap",
        LegalForm.NON_PROFIT_ASSOCIATION,
        3,
        ["idrott"],
        "Seglarskola och kappsegling på Storsjön.",
    ),
    (
        "Norråstads Stadsmission",
        LegalForm.FOUNDATION,
        0,
        ["socialt-arbete"],
        "Härbärge, matutdelning och stöd till människor i hemlöshet.",
    ),
    (
        "Västerbrunns Föreningsråd",
        LegalForm.NON_PROFIT_ASSOCIATION,
        6,
        ["demokrati"],
        "Samlar kommunens föreningar i dialog med kommunen.",
    ),
    (
        "Föreningen Läsglädje",
        LegalForm.NON_PROFIT_ASSOCIATION,
        None,
        ["utbildning-och-folkbildning", "barn-och-unga"],
        "Läsfrämjande för barn, med läsombud i alla kommuner.",
    ),
    (
        "Hjärt- och Lungföreningen Lilleå",
        LegalForm.NON_PROFIT_ASSOCIATION,
        2,
        ["folkhalsa", "funktionsratt"],
        "Rehabiliteringsträning och föreläsningar.",
    ),
]
PUBLIC = [
    ("Norråstads kommun", LegalForm.MUNICIPALITY, 0),
    ("Björkviks kommun", LegalForm.MUNICIPALITY, 1),
    ("Lilleå kommun", LegalForm.MUNICIPALITY, 2),
    ("Storsjöhamns kommun", LegalForm.MUNICIPALITY, 3),
    ("Granberga kommun", LegalForm.MUNICIPALITY, 4),
    ("Ekmora kommun", LegalForm.MUNICIPALITY, 5),
    ("Västerbrunns kommun", LegalForm.MUNICIPALITY, 6),
    ("Region Norrådalen", LegalForm.REGION, None),
]
PENDING = [
    (
        "Föreningen Cykelglädje Norråstad",
        LegalForm.NON_PROFIT_ASSOCIATION,
        0,
        ["idrott", "folkhalsa"],
        "Cykelkurser för vuxna och barn.",
    ),
    (
        "Ekmora Matkasse",
        LegalForm.NON_PROFIT_ASSOCIATION,
        5,
        ["socialt-arbete"],
        "Tar vara på överbliven mat och delar ut den.",
    ),
    (
        "Björkviks Bygdegårdsförening",
        LegalForm.NON_PROFIT_ASSOCIATION,
        1,
        ["kultur", "landsbygdsutveckling"],
        "Hyr ut bygdegården och ordnar fester och marknader.",
    ),
]
WITHDRAWN = (
    "Lilleå Kanotklubb",
    LegalForm.NON_PROFIT_ASSOCIATION,
    2,
    ["idrott"],
    "Paddling och kanotuthyrning på Lilleån.",
)

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Fatima",
    "Johan",
    "Karin",
    "Leila",
    "Mats",
    "Noor",
    "Per",
    "Sara",
    "Tove",
    "Yusuf",
    "Ingrid",
    "Ali",
    "Lena",
    "Oskar",
]
LAST_NAMES = [
    "Andersson",
    "Nilsson",
    "Hassan",
    "Lundgren",
    "Ek",
    "Mahmoud",
    "Sjöberg",
    "Holm",
    "Öberg",
    "Karimi",
    "Wallin",
    "Strand",
]


def _contact_user(email: str, first: str, last: str):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _organisation(
    serial,
    name,
    legal_form,
    sector,
    municipality,
    areas,
    description,
    status,
    joined_on,
    area_rows,
    user=None,
    *,
    agreement,
):
    number = org_number(serial, "212" if sector == Sector.PUBLIC else "802")
    organisation, _created = Organisation.objects.update_or_create(
        slug=slugify(name),
        defaults={
            "name": name,
            "org_number": number,
            "sector": sector,
            "legal_form": legal_form,
            "municipality": municipality,
            "website": f"https://{slugify(name)}.exempel.se",
            "description": description,
        },
    )
    Membership.objects.update_or_create(
        organisation=organisation,
        agreement=agreement,
        defaults={"status": status, "joined_on": joined_on, "withdrawn_on": None},
    )
    organisation.areas.set([area_rows[slug] for slug in areas if slug in area_rows])
    rng = random.Random(serial)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"kontakt@{slugify(name)}.exempel.se"
    contact_user = user or _contact_user(email, first, last)
    if not ContactPerson.objects.filter(organisation=organisation).exists():
        ContactPerson.objects.create(
            organisation=organisation,
            user=contact_user,
            # The person who signs in is the contact person: one name wherever it shows
            # ("saved by" on the follow-up, the contact on the party's page).
            name=contact_user.get_full_name() or f"{first} {last}",
            role=rng.choice(["Sekreterare", "Ordförande", "Verksamhetsledare", "Kassör"]),
            email=contact_user.email,
            phone=f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            # An applicant becomes the contact person when the application is approved.
            is_current=status != Membership.Status.PENDING,
        )
    return organisation


def _application(organisation, status, decided_at=None, *, agreement):
    membership = Membership.objects.get(organisation=organisation, agreement=agreement)
    if membership.applications.exists():
        return membership.applications.first()
    contact = organisation.contacts.order_by("-is_current", "-started_at").first()
    application = Application.objects.create(
        membership=membership,
        contact=contact,
        submitted_data={
            "name": organisation.name,
            "org_number": organisation.org_number,
            "sector": organisation.sector,
            "legal_form": organisation.legal_form,
            "municipality": organisation.municipality.name,
            "areas": [area.name for area in organisation.areas.all()],
            "website": organisation.website,
            "description": organisation.description,
            "contact_name": contact.name,
            "contact_role": contact.role,
            "contact_email": contact.email,
            "contact_phone": contact.phone,
            "signatory_name": contact.name,
            "signatory_role": contact.role,
        },
        signatory_name=contact.name,
        signatory_role=contact.role or "Ordförande",
        supports_democratic_values=True,
        endorses_agreement=True,
        decided_by_own_statutes=True,
        consents_to_processing=True,
        status=status,
        decided_at=decided_at,
        decision_reason="" if status != Application.Status.REJECTED else "Demo",
    )
    # Dates as they would have been: submitted two weeks before the decision.
    submitted_at = (decided_at or timezone.now()) - datetime.timedelta(days=14)
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    entries = [("", Application.Status.PENDING, submitted_at, "")]
    if status != Application.Status.PENDING:
        entries.append(
            (Application.Status.PENDING, status, decided_at, "Beslut vid styrgruppens möte")
        )
    for old, new, at, reason in entries:
        entry = trail.record(application, old, new, owner=organisation, reason=reason)
        AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return application


def seed_parties(agreement: Agreement, contact_user=None) -> None:
    municipalities = seed_municipalities()
    county = municipalities[-1]
    area_rows = {area.slug: area for area in ActivityArea.objects.all()}
    # The first parties' applications were decided at the steering group's first meeting.
    start = demo_clock.meeting_day(datetime.date(2026, 1, 15))
    serial = 1000

    def place(index):
        return county if index is None else municipalities[index]

    for i, (name, form, mun, areas, description) in enumerate(CIVIL):
        serial += 7
        joined = start + datetime.timedelta(days=9 * i)
        user = contact_user if i == 1 else None
        org = _organisation(
            serial,
            name,
            form,
            Sector.CIVIL_SOCIETY,
            place(mun),
            areas,
            description,
            Membership.Status.ACTIVE,
            joined,
            area_rows,
            user,
            agreement=agreement,
        )
        _application(
            org,
            Application.Status.APPROVED,
            timezone.make_aware(datetime.datetime.combine(joined, datetime.time(10))),
            agreement=agreement,
        )
    for i, (name, form, mun) in enumerate(PUBLIC):
        serial += 7
        joined = start + datetime.timedelta(days=5 * i)
        description = f"{name} är part i överenskommelsen sedan starten."
        org = _organisation(
            serial,
            name,
            form,
            Sector.PUBLIC,
            place(mun),
            ["demokrati"],
            description,
            Membership.Status.ACTIVE,
            joined,
            area_rows,
            agreement=agreement,
        )
        _application(
            org,
            Application.Status.APPROVED,
            timezone.make_aware(datetime.datetime.combine(joined, datetime.time(10))),
            agreement=agreement,
        )
    for name, form, mun, areas, description in PENDING:
        serial += 7
        org = _organisation(
            serial,
            name,
            form,
            Sector.CIVIL_SOCIETY,
            place(mun),
            areas,
            description,
            Membership.Status.PENDING,
            None,
            area_rows,
            agreement=agreement,
        )
        _application(org, Application.Status.PENDING, agreement=agreement)

    serial += 7
    name, form, mun, areas, description = WITHDRAWN
    org = _organisation(
        serial,
        name,
        form,
        Sector.CIVIL_SOCIETY,
        place(mun),
        areas,
        description,
        Membership.Status.ACTIVE,
        demo_clock.day(datetime.date(2026, 2, 1)),
        area_rows,
        agreement=agreement,
    )
    _application(
        org,
        Application.Status.APPROVED,
        timezone.make_aware(
            datetime.datetime.combine(demo_clock.day(datetime.date(2026, 2, 1)), datetime.time(10))
        ),
        agreement=agreement,
    )
    membership = Membership.objects.get(organisation=org, agreement=agreement)
    if not membership.withdrawals.exists():
        contact = org.contacts.filter(is_current=True).first()
        Withdrawal.objects.create(
            membership=membership,
            notice_date=demo_clock.day(datetime.date(2026, 9, 1)),
            reason="Klubben har slagits samman med en klubb i grannkommunen.",
            given_by=contact.user,
            given_by_name=contact.name,
            registered_at=timezone.make_aware(
                datetime.datetime.combine(
                    demo_clock.day(datetime.date(2026, 9, 20)), datetime.time(14)
                )
            ),
        )
    Membership.objects.filter(pk=membership.pk).update(
        status=Membership.Status.WITHDRAWN,
        withdrawn_on=demo_clock.day(datetime.date(2026, 9, 20)),
    )
