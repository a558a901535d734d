"""The conference's public page /konferens/<year>/ and its calendar entry /konferens/<year>.ics."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from icalendar import Calendar

from followup import revisions
from followup.models import Conference, ProposalPart
from tests.conftest import _make_user

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SITE = "https://samverkan.example.se"
SUBMITTER_EMAIL = "hemlig.inskickare@privat.test"

PROGRAMME = """# Förmiddag

- 09.30 Välkommen
- 10.00 [Årets uppföljning](https://samverkan.example.se/rapporter/)

<script>alert("x")</script>

## Eftermiddag

Samtal om **principerna**.
"""


def sv(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def conference(agreement):
    return Conference.objects.create(
        agreement=agreement,
        year=2027,
        title="Samverkanskonferensen 2027",
        starts_at=datetime.datetime(2027, 11, 12, 9, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2027, 11, 12, 16, 0, tzinfo=STOCKHOLM),
        place="Folkets hus, Ängeby",
        programme=PROGRAMME,
        registration_url="https://anmalan.example.se/konferens",
        registration_note="Sista dag för anmälan är 1 november.",
    )


@pytest.fixture
def submitter(db):
    return _make_user(SUBMITTER_EMAIL)


@pytest.fixture
def proposals(agreement, conference, contact, submitter, process_leader):
    """One checked proposal for the conference, one unchecked, one checked but elsewhere."""

    def propose(wording: str, *, checked: bool, to_conference: bool):
        proposal = revisions.propose(
            agreement,
            part=ProposalPart.VISION,
            proposed_wording=wording,
            rationale="Visionen bör säga mer om barnens rättigheter.",
            organisation=contact.party,
            by=submitter,
        )
        if checked:
            revisions.check_proposal(proposal, by=process_leader)
        if to_conference:
            revisions.to_conference(proposal, by=process_leader, conference=conference)
        return proposal

    return {
        "public": propose("En vision för alla barn.", checked=True, to_conference=True),
        "unchecked": propose("Ej granskad text.", checked=False, to_conference=True),
        "not_at_it": propose(
            "Granskad men inte till konferensen.", checked=True, to_conference=False
        ),
    }


# ---- the page -------------------------------------------------------------------------------


def test_it_shows_the_conference_to_everyone(public, conference):
    response = public.get("/konferens/2027/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Samverkanskonferensen 2027</h1>" in html
    assert "12 november 2027, 09:30" in html
    assert "16:00" in html
    assert "Folkets hus, Ängeby" in html
    assert 'href="https://anmalan.example.se/konferens"' in html
    assert "Sista dag för anmälan är 1 november." in html
    assert 'href="/konferens/2027.ics"' in html


def test_it_renders_the_programme_from_markdown_without_its_scripts(public, conference):
    html = public.get("/konferens/2027/").content.decode()

    # The programme sits under the page's h2: its headings start at h3.
    assert "<h3>Förmiddag</h3>" in html
    assert "<h4>Eftermiddag</h4>" in html
    assert "<strong>principerna</strong>" in html
    assert '<a href="https://samverkan.example.se/rapporter/"' in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_lists_only_the_checked_proposals_considered_at_it(public, proposals):
    html = public.get("/konferens/2027/").content.decode()

    assert "En vision för alla barn." in html
    assert "Aktiva Föreningen" in html
    assert "Ej granskad text." not in html
    assert "Granskad men inte till konferensen." not in html


def test_it_never_shows_who_submitted_a_proposal(public, proposals, contact):
    html = public.get("/konferens/2027/").content.decode()

    assert SUBMITTER_EMAIL not in html
    assert "hemlig.inskickare" not in html
    assert contact.email not in html


def test_it_is_a_404_for_a_year_without_a_conference(public, conference):
    assert public.get("/konferens/2031/").status_code == 404
    assert public.get("/konferens/2031.ics").status_code == 404


def test_it_is_a_404_for_another_agreements_conference(public, agreement):
    from agreements.models import Version
    from tests.agreement_factory import make_agreement

    other = make_agreement(
        "kommunens",
        "Kommunens överenskommelse",
        region_name="Norrådalen",
        vision="v",
        purpose="p",
        status=Version.Status.DRAFT,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2029, 12, 31),
        review_due=datetime.date(2029, 6, 30),
    )
    Conference.objects.create(
        agreement=other,
        year=2028,
        title="Kommunens konferens",
        starts_at=datetime.datetime(2028, 5, 1, 9, tzinfo=STOCKHOLM),
        place="Kommunhuset",
    )

    assert public.get("/konferens/2028/").status_code == 404


def test_it_shows_the_page_in_a_constant_number_of_queries(
    public, agreement, conference, contact, process_leader, django_assert_max_num_queries
):
    def add(count: int):
        for number in range(count):
            proposal = revisions.propose(
                agreement,
                part=ProposalPart.SECTION,
                section=f"Avsnitt {number}",
                proposed_wording="Ny text.",
                rationale="Skäl.",
                organisation=contact.party,
                by=contact,
            )
            revisions.check_proposal(proposal, by=process_leader)
            revisions.to_conference(proposal, by=process_leader, conference=conference)

    add(2)
    with django_assert_max_num_queries(6) as two:
        assert public.get("/konferens/2027/").status_code == 200
    add(8)
    with django_assert_max_num_queries(len(two.captured_queries)):
        html = public.get("/konferens/2027/").content.decode()
    assert html.count('class="card proposal"') == 10


# ---- the calendar entry ---------------------------------------------------------------------


def the_event(response):
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return event


def test_it_serves_the_conference_as_a_calendar_file(public, conference):
    response = public.get("/konferens/2027.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="konferens-2027.ics"'
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_it_describes_the_conference_in_the_event(public, conference):
    event = the_event(public.get("/konferens/2027.ics"))

    assert str(event["SUMMARY"]) == "Samverkanskonferensen 2027"
    assert str(event["LOCATION"]) == "Folkets hus, Ängeby"
    assert str(event["URL"]) == f"{SITE}/konferens/2027/"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime(2027, 11, 12, 9, 30, tzinfo=STOCKHOLM)
    assert end == datetime.datetime(2027, 11, 12, 16, 0, tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    description = str(event["DESCRIPTION"])
    assert "- 09.30 Välkommen" in description
    assert "Årets uppföljning (https://samverkan.example.se/rapporter/)" in description
    assert "Samtal om principerna." in description
    assert "**" not in description and "# " not in description
    assert "https://anmalan.example.se/konferens" in description
    assert "Sista dag för anmälan är 1 november." in description
    assert f"{SITE}/konferens/2027/" in description


def test_it_keeps_the_events_uid_from_one_download_to_the_next(public, conference):
    first = the_event(public.get("/konferens/2027.ics"))
    second = the_event(public.get("/konferens/2027.ics"))

    assert (
        str(first["UID"])
        == str(second["UID"])
        == f"conference-{conference.pk}@samverkan.example.se"
    )


def test_it_gives_a_conference_without_an_end_time_one(public, conference):
    conference.ends_at = None
    conference.save()

    event = the_event(public.get("/konferens/2027.ics"))

    assert event.decoded("DTEND") > event.decoded("DTSTART")


def test_it_puts_no_personal_data_in_the_calendar(public, proposals, contact):
    content = public.get("/konferens/2027.ics").content.decode()

    assert SUBMITTER_EMAIL not in content
    assert contact.email not in content
    assert "ORGANIZER" not in content and "ATTENDEE" not in content


def test_it_says_when_the_conference_has_taken_place(public, conference):
    assert (
        sv("The conference has taken place.") not in public.get("/konferens/2027/").content.decode()
    )

    conference.starts_at = datetime.datetime(2026, 11, 12, 9, 30, tzinfo=STOCKHOLM)
    conference.ends_at = conference.starts_at + datetime.timedelta(hours=6)
    conference.year = 2026
    conference.save()

    assert sv("The conference has taken place.") in public.get("/konferens/2026/").content.decode()
