"""The demo follow-up of the fictional Region Norrådalen. Every answer and text is invented.

`seed_followup` is idempotent: rounds are found by year, responses by round and party,
the conference by year and proposals by their wording, so a second run adds nothing. The
rounds' years are the story's (common/demo_clock.py), moved with the day the demo is
loaded; their dates are relative to today (last year's round closed months ago, this
year's is open), and a later run keeps this year's round open and the conference ahead.

No email is sent: the invitations are recorded in the outbox as sent when each round
opened, so the invitation job and a contact person saved later find them there.
"""

import datetime
import logging
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from agreements.models import Agreement, Sector
from audit.models import AuditEntry, SentNotification
from common import demo_clock
from followup import invitations, reports, revisions, services
from followup.models import (
    AnnualReport,
    Conference,
    FollowUpRound,
    ProposalPart,
    QuestionKind,
    Response,
    RevisionProposal,
)
from followup.services import AnswerData
from parties import demo as party_demo
from parties.models import ContactPerson, Organisation

log = logging.getLogger(__name__)

CONTACT_LOGIN = "kontakt@exempel.se"
PROCESS_LEADER_LOGIN = "processledare@exempel.se"
# The story's dates and years (common/demo_clock.py), moved to the demo's when used.
DECIDING_MEETING = datetime.date(2026, 10, 22)  # steering demo: "Mötesplan för 2027 …"

# (year, opens days from today, closes days from today)
CLOSED_ROUND = (2026, -300, -240)
OPEN_ROUND = (2027, -10, 40)
CONFERENCE_IN_DAYS = 120

INTRODUCTIONS = {
    2026: (
        "Det här är den första årliga uppföljningen av överenskommelsen, och den gäller "
        "2026. Svaren visar hur "
        "principerna fungerar i praktiken och redovisas i årsrapporten på "
        "samverkanskonferensen. Det tar ungefär en kvart att svara."
    ),
    2027: (
        "Uppföljningen gäller 2027. Tack till alla som svarade på uppföljningen av 2026! "
        "Frågorna är i stort sett desamma, så att vi "
        "kan se hur samverkan utvecklas över tid. Svaren redovisas på samverkanskonferensen."
    ),
}

# What each principle's comments say, per sector; a principle not listed gets the general ones.
COMMENTS = {
    Sector.CIVIL_SOCIETY: {
        "sjalvstandighet-och-oberoende": [
            "Vi har kunnat kritisera kommunens beslut om lokalhyror utan att det påverkat "
            "vårt bidrag.",
            "Villkoren i det nya föreningsbidraget styr vad vi ska göra mer än vi skulle vilja.",
        ],
        "dialog": [
            "Dialogmötena med förvaltningen fungerar bra, men politikerna är svåra att nå.",
            "Vi blir ofta inbjudna för sent, när besluten i praktiken redan är fattade.",
        ],
        "kvalitet": [
            "Vi har fått bättre återkoppling på våra verksamhetsberättelser i år.",
        ],
        "langsiktighet": [
            "Ettåriga projektbidrag gör det svårt att behålla anställda och planera framåt.",
            "Det treåriga avtalet om verksamhetsstöd har gjort stor skillnad för oss.",
        ],
        "oppenhet-och-insyn": [
            "Det är svårt att förstå hur kommunen fördelar bidragen mellan föreningarna.",
        ],
        "mangfald": [
            "Små föreningar utan anställda hinner sällan delta i samverkan på dagtid.",
            "Bra att nya föreningar som bildats av nyanlända har bjudits in.",
        ],
        "": [
            "Det har blivit bättre under året.",
            "Vi vet för lite om hur det fungerar i andra kommuner för att kunna bedöma.",
        ],
    },
    Sector.PUBLIC: {
        "sjalvstandighet-och-oberoende": [
            "Vi har sett över bidragsvillkoren så att de inte styr föreningarnas åsikter.",
        ],
        "dialog": [
            "Det kvartalsvisa föreningsrådet fungerar bra som mötesplats.",
            "Dialogen sker mest med de stora föreningarna; de små når vi sämre.",
        ],
        "kvalitet": [
            "Vi behöver bli bättre på att följa upp överenskommelser om idéburet offentligt "
            "partnerskap.",
        ],
        "langsiktighet": [
            "Budgetläget gör att vi inte kan lova fleråriga bidrag just nu.",
            "Två nya idéburna offentliga partnerskap har tecknats på fyra år.",
        ],
        "oppenhet-och-insyn": [
            "Alla beslut om föreningsbidrag publiceras nu på kommunens webbplats.",
        ],
        "mangfald": [
            "Vi har tagit fram en lättläst version av bidragsreglerna.",
        ],
        "": [
            "Överenskommelsen är känd i förvaltningen men mindre känd bland politikerna.",
            "Svårt att bedöma efter bara ett år.",
        ],
    },
}

GOOD_EXAMPLES = {
    Sector.CIVIL_SOCIETY: [
        "Läxhjälp på biblioteket tillsammans med kommunens skolor.",
        "Sommarlovsaktiviteter för barn som annars inte kommer iväg.",
        "Gemensam utbildning i krisberedskap med kommunen och tre andra föreningar.",
        "Träffpunkt för äldre i samarbete med hemtjänsten.",
        "Föreningsmässa där kommunen och föreningarna visade upp sig tillsammans.",
    ],
    Sector.PUBLIC: [
        "Idéburet offentligt partnerskap om stödboende med stadsmissionen.",
        "Föreningsrådet har varit med och tagit fram den nya kulturplanen.",
        "Samverkan med studieförbunden om digital delaktighet för äldre.",
        "Gemensamma sommarlovsaktiviteter med idrottsföreningarna.",
    ],
}

SUGGESTIONS = {
    Sector.CIVIL_SOCIETY: [
        "Ordna dialogmötena på kvällstid så att ideellt aktiva kan delta.",
        "Överenskommelsen borde säga mer om hur bidrag och upphandling påverkar "
        "föreningarnas självständighet.",
        "Gör uppföljningen kortare för små föreningar utan anställda.",
    ],
    Sector.PUBLIC: [
        "Tydligare koppling mellan handlingsplanen och kommunernas egna mål.",
        "Fler gemensamma utbildningar för tjänstepersoner och föreningar om överenskommelsen.",
        "Styrgruppen borde redovisa sina beslut oftare för kommunstyrelserna.",
    ],
}

# (party name, part, principle slug, section, proposed wording, rationale, what happens)
PROPOSALS = [
    (
        "Ekmora Kvinnojour",
        ProposalPart.PRINCIPLE,
        "dialog",
        "",
        "Parterna bjuder in varandra till dialog innan beslut fattas som påverkar den andra "
        "sektorn, i så god tid att synpunkterna kan påverka beslutet.",
        "I dag bjuds föreningarna ofta in först när förslaget redan är klart. Principen "
        "säger inte när dialogen ska ske.",
        "received",
    ),
    (
        "Region Norrådalen",
        ProposalPart.PURPOSE,
        None,
        "",
        "Överenskommelsen ska stärka demokratin, bidra till ett gott samhälle för alla som "
        "bor i länet och göra det enklare för idéburna organisationer och det offentliga att "
        "samverka.",
        "Syftet bör nämna att samverkan ska bli enklare i praktiken, inte bara bättre.",
        "checked",
    ),
    (
        "Björkviks kommun",
        ProposalPart.VISION,
        None,
        "",
        "Ett Norrådalen där alla kan vara med och forma det gemensamma.",
        "Visionen är lång och svår att komma ihåg. En kortare vision blir lättare att "
        "använda i kommunikationen.",
        "to_conference",
    ),
    (
        "Funktionsrätt Norrådalen",
        ProposalPart.PRINCIPLE,
        "mangfald",
        "",
        "Parterna ser till att mötesplatser, information och ansökningar är tillgängliga för "
        "personer med funktionsnedsättning.",
        "Mångfald kräver tillgänglighet. Flera av årets dialogmöten hölls i lokaler utan hiss.",
        "adopted",
    ),
    (
        "Norråstads Idrottsallians",
        ProposalPart.SECTION,
        None,
        "Anslutning",
        "Även företag med social inriktning ska kunna ansluta sig till överenskommelsen.",
        "Flera av våra samarbetspartner är företag som arbetar med samma frågor som vi.",
        "rejected",
    ),
]
DECISION_TEXTS = {
    "adopted": "Förslaget antas. Principen om mångfald kompletteras med den föreslagna "
    "meningen om tillgänglighet från och med nästa version av överenskommelsen.",
    "rejected": "Förslaget avslås. Överenskommelsen gäller samverkan mellan idéburen och "
    "offentlig sektor; styrgruppen välkomnar samarbete med företag inom ramen för "
    "handlingsplanen.",
}

CONFERENCE_PROGRAMME = """## Program

- **09.30** Kaffe och registrering
- **10.00** Välkommen – styrgruppens ordförande och vice ordförande
- **10.20** Så gick det: resultatet av den årliga uppföljningen
- **11.00** Samtal i grupper: principerna i vardagen
- **12.00** Lunch
- **13.00** Förslag till ändringar i överenskommelsen
- **14.15** Handlingsplanen för det kommande året
- **15.15** Avslutning

Konferensen hålls på en lördag så att ideellt aktiva kan delta. Lokalen är tillgänglig
med rullstol, och det finns hörslinga i stora salen.

Läs mer om [överenskommelsen](/overenskommelsen/) och
[förslagen till ändringar](/overenskommelsen/forslag/)."""


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _backdate(obj, at: datetime.datetime) -> None:
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).update(at=at)


def _demo_parties(agreement: Agreement) -> list[Organisation]:
    """The demo parties in the order parties.demo lists them, the withdrawn one last, each
    with its `membership_status` in `agreement`."""
    names = [row[0] for row in party_demo.CIVIL] + [row[0] for row in party_demo.PUBLIC]
    names.append(party_demo.WITHDRAWN[0])
    by_slug = {
        o.slug: o
        for o in Organisation.objects.in_agreement(agreement).filter(slug__in=map(slugify, names))
    }
    return [by_slug[slugify(name)] for name in names if slugify(name) in by_slug]


def _contacts(parties) -> dict[int, ContactPerson]:
    """Each party's contact person: the current one, or the last one of a party that left."""
    contacts: dict[int, ContactPerson] = {}
    for contact in ContactPerson.objects.filter(organisation__in=parties).order_by(
        "is_current", "started_at"
    ):
        contacts[contact.organisation_id] = contact
    return contacts


def _demo_contact_party() -> int | None:
    contact = ContactPerson.objects.current().filter(user__username=CONTACT_LOGIN).first()
    return contact.organisation_id if contact else None


# ---- rounds --------------------------------------------------------------------------------


def _round(
    agreement: Agreement, story_year: int, opens: int, closes: int, introduction: str = ""
) -> FollowUpRound:
    today = timezone.localdate()
    year = demo_clock.year(story_year)
    round = FollowUpRound.objects.filter(agreement=agreement, year=year).first()
    if round is None:
        round = services.new_round(
            agreement,
            year=year,
            opens=today + datetime.timedelta(days=opens),
            closes=today + datetime.timedelta(days=closes),
            introduction=demo_clock.text(introduction or INTRODUCTIONS[story_year]),
        )
        _backdate(round, _at(round.opens - datetime.timedelta(days=21)))
    elif closes >= 0 and not round.is_open:
        # A later run: keep the demo's open round open, as its dates were meant.
        round.opens = today + datetime.timedelta(days=opens)
        round.closes = today + datetime.timedelta(days=closes)
        round.save(update_fields=["opens", "closes"])
    invited = _at(round.opens, 8)
    FollowUpRound.objects.filter(pk=round.pk, opened_at__isnull=True).update(opened_at=invited)
    if round.closes < today:
        reported = _at(round.closes + datetime.timedelta(days=1), 7, 50)
        FollowUpRound.objects.filter(pk=round.pk, closed_at__isnull=True).update(closed_at=reported)
    round.refresh_from_db()
    return round


def _state(year: int, index: int, party: Organisation, contact_party: int | None) -> str:
    if year == demo_clock.year(CLOSED_ROUND[0]):
        if party.membership_status != "active":
            return Response.Status.SUBMITTED  # it answered, then left the agreement
        return {5: Response.Status.NOT_STARTED, 3: Response.Status.DRAFT}.get(
            index % 8, Response.Status.SUBMITTED
        )
    if party.pk == contact_party:
        return Response.Status.NOT_STARTED  # the demo contact person has this one to answer
    return {0: Response.Status.SUBMITTED, 2: Response.Status.DRAFT}.get(
        index % 5, Response.Status.NOT_STARTED
    )


def _answers(round, party: Organisation, rng: random.Random, draft: bool) -> dict:
    sector = party.sector if party.sector in COMMENTS else Sector.CIVIL_SOCIETY
    questions = services.questions_for(round, party)
    if draft:  # a draft stops somewhere in the middle
        questions = questions[: max(2, len(questions) // 2 - rng.randint(0, 2))]
    answers = {}
    for question in questions:
        data = AnswerData()
        if question.kind == QuestionKind.SCALE:
            if rng.random() < 0.07:
                data.cannot_judge = True
            else:
                data.scale = rng.choice([2, 3, 3, 4, 4, 4, 5, 5])
            if rng.random() < 0.3:
                slug = question.principle.slug if question.principle else ""
                pool = COMMENTS[sector].get(slug) or COMMENTS[sector][""]
                data.comment = rng.choice(pool)
        elif question.kind == QuestionKind.YES_NO:
            data.yes_no = rng.random() < 0.75
        elif question.kind == QuestionKind.NUMBER:
            data.number = rng.choice([0, 1, 2, 2, 3, 4, 5, 8, 12])
        elif question.kind == QuestionKind.SHORT_TEXT:
            if rng.random() < 0.7:
                data.text = rng.choice(GOOD_EXAMPLES[sector])
        elif question.kind == QuestionKind.LONG_TEXT:
            if rng.random() < 0.5:
                data.text = rng.choice(SUGGESTIONS[sector])
        answers[question.pk] = data
    return answers


def _invitation_subject(round: FollowUpRound) -> str:
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("followup/email/invitation_subject.txt", {"round": round})
    return " ".join(subject.split())[:255]


def _responses(round: FollowUpRound, parties, contacts, contact_party) -> None:
    today = timezone.localdate()
    invited = round.opened_at
    last_day = min(round.closes, today)
    response_type = ContentType.objects.get_for_model(Response)
    subject = _invitation_subject(round)
    for index, party in enumerate(parties):
        if round.year != demo_clock.year(CLOSED_ROUND[0]) and party.membership_status != "active":
            continue
        contact = contacts.get(party.pk)
        response, created = Response.objects.get_or_create(
            round=round, organisation=party, defaults={"invited_at": invited}
        )
        if contact is not None and contact.email:
            sent, new = SentNotification.objects.get_or_create(
                kind=invitations.INVITATION,
                content_type=response_type,
                object_id=response.pk,
                recipient=contact.email.lower(),
                occasion="",
                defaults={"subject": subject},
            )
            if new:
                SentNotification.objects.filter(pk=sent.pk).update(sent_at=invited)
        if not created:
            continue
        state = _state(round.year, index, party, contact_party)
        if state == Response.Status.NOT_STARTED:
            continue
        # Seeded by the story's year: the same answers whichever year the demo is loaded in.
        rng = random.Random(f"{party.slug}-{round.year - demo_clock.years_moved()}")
        span = max((last_day - round.opens).days, 1)
        day = round.opens + datetime.timedelta(days=rng.randint(1, span))
        when = _at(min(day, last_day), rng.randint(8, 20), rng.choice([0, 15, 30, 45]))
        when = min(when, timezone.now())
        user = contact.user if contact is not None else None
        draft = state == Response.Status.DRAFT
        services.save_answers(
            response,
            _answers(round, party, rng, draft),
            by=user,
            submit=not draft,
            now=when,
            receipt=False,  # answered months ago: nobody is sent a receipt today
        )
        _backdate(response, when)


# ---- the conference and the proposals ---------------------------------------------------------


def _next_saturday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(5 - day.weekday()) % 7)


def seed_conference(agreement: Agreement) -> Conference:
    upcoming = Conference.objects.filter(agreement=agreement).upcoming().order_by("starts_at")
    if upcoming.exists():
        return upcoming.first()
    day = _next_saturday(timezone.localdate() + datetime.timedelta(days=CONFERENCE_IN_DAYS))
    conference, _created = Conference.objects.update_or_create(
        agreement=agreement,
        year=day.year,
        defaults={
            "title": f"Samverkanskonferensen {day.year}",
            "starts_at": _at(day, 9, 30),
            "ends_at": _at(day, 15, 45),
            "place": "Storsjöhamns stadshus, Storsjöhamn",
            "programme": CONFERENCE_PROGRAMME,
            "registration_url": "https://norradalen.exempel.se/samverkanskonferensen/anmalan",
            "registration_note": (
                "Anmäl dig senast tre veckor före konferensen. Konferensen är avgiftsfri och "
                "lunch ingår; skriv i anmälan om du behöver specialkost eller tolk."
            ),
        },
    )
    return conference


def _deciding_meeting(agreement: Agreement):
    from steering.models import Meeting

    meetings = Meeting.objects.filter(agreement=agreement, starts_at__lt=timezone.now())
    return (
        meetings.filter(starts_at__date=demo_clock.meeting_day(DECIDING_MEETING)).first()
        or meetings.order_by("-starts_at").first()
    )


def seed_proposals(agreement: Agreement, conference: Conference) -> list[RevisionProposal]:
    leader = get_user_model().objects.filter(username=PROCESS_LEADER_LOGIN).first()
    meeting = _deciding_meeting(agreement)
    principles = {p.slug: p for p in agreement.in_force.principles.all()}
    parties = {o.name: o for o in Organisation.objects.filter(name__in=[p[0] for p in PROPOSALS])}
    contacts = _contacts(list(parties.values()))
    proposals = []
    for number, (party_name, part, slug, section, wording, rationale, goal) in enumerate(PROPOSALS):
        existing = RevisionProposal.objects.filter(
            agreement=agreement, proposed_wording=wording
        ).first()
        if existing is not None:
            proposals.append(existing)
            continue
        party = parties.get(party_name)
        contact = contacts.get(party.pk) if party else None
        principle = principles.get(slug) if slug else None
        if party is None or contact is None or (part == ProposalPart.PRINCIPLE and not principle):
            continue
        if goal in ("adopted", "rejected") and meeting is None:
            continue
        proposal = revisions.propose(
            agreement,
            part=part,
            proposed_wording=wording,
            rationale=rationale,
            by=contact.user,
            organisation=party,
            principle=principle,
            section=section,
        )
        decided = goal in ("adopted", "rejected")
        received = (
            _at(demo_clock.meeting_day(DECIDING_MEETING) - datetime.timedelta(days=60 - 9 * number))
            if decided
            else timezone.now() - datetime.timedelta(days=20 - 4 * number)
        )
        RevisionProposal.objects.filter(pk=proposal.pk).update(created_at=received)
        if goal != "received":
            revisions.check_proposal(proposal, by=leader)
            RevisionProposal.objects.filter(pk=proposal.pk).update(
                checked_at=received + datetime.timedelta(days=2)
            )
        if goal in ("to_conference", "adopted", "rejected"):
            revisions.to_conference(proposal, by=leader, conference=None if decided else conference)
        if decided:
            revisions.decide_proposal(
                proposal,
                adopted=goal == "adopted",
                meeting=meeting,
                text=DECISION_TEXTS[goal],
                by=leader,
            )
        _backdate(proposal, received)
        proposal.refresh_from_db()
        proposals.append(proposal)
    return proposals


def seed_report(agreement: Agreement) -> AnnualReport | None:
    """The closed round's annual report, generated here and published, unless published.

    Generated in this process (whatever the broker): `generate` claims the version, so the
    task that `request_report` queues finds it finished and does nothing. A report that
    fails to render is logged, not published; the rest of the demo stands.
    """
    year = demo_clock.year(CLOSED_ROUND[0])
    published = AnnualReport.objects.published().filter(agreement=agreement, year=year).first()
    if published is not None or year > timezone.localdate().year:
        return published
    leader = get_user_model().objects.filter(username=PROCESS_LEADER_LOGIN).first()
    started = time.perf_counter()
    report, _created = reports.request_report(agreement, year, by=leader)
    reports.generate(report.pk)
    report.refresh_from_db()
    seconds = time.perf_counter() - started
    if report.status != AnnualReport.Status.READY:
        log.warning("The demo report for %s was not generated: %s", year, report.error)
        return None
    report = reports.publish(report, by=leader)
    log.info(
        "Demo annual report %s generated and published in %.1f s (%s pages, %s bytes)",
        year,
        seconds,
        report.pages,
        report.size,
    )
    return report


def seed_followup(agreement: Agreement) -> None:
    """Last year's closed round, this year's open one, the conference, the proposals and
    the published report of the closed round's year."""
    parties = _demo_parties(agreement)
    contacts = _contacts(parties)
    contact_party = _demo_contact_party()
    for year, opens, closes in (CLOSED_ROUND, OPEN_ROUND):
        round = _round(agreement, year, opens, closes)
        _responses(round, parties, contacts, contact_party)
    conference = seed_conference(agreement)
    seed_proposals(agreement, conference)
    seed_report(agreement)
