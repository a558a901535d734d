"""The next conference on the start page (followup.home.next_conference)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from followup.home import next_conference
from followup.models import Conference

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 30, tzinfo=STOCKHOLM)


@pytest.fixture
def make_conference(agreement):
    def make(days: int, **fields) -> Conference:
        starts_at = at(days)
        fields.setdefault("title", f"Samverkanskonferensen {starts_at.year}")
        fields.setdefault("place", "Folkets hus, Ängeby")
        return Conference.objects.create(
            agreement=fields.pop("agreement", agreement),
            year=fields.pop("year", starts_at.year),
            starts_at=starts_at,
            ends_at=fields.pop("ends_at", at(days, hour=16)),
            **fields,
        )

    return make


def test_it_shows_the_soonest_upcoming_conference_on_the_start_page(public, make_conference):
    make_conference(-400, title="Förra konferensen", year=2000)
    later = make_conference(400, title="Konferensen om två år", year=2100)
    make_conference(
        30,
        title="Samverkanskonferensen i höst",
        year=2099,
        place="Kulturhuset, Ängeby",
        registration_url="https://anmalan.example.se/konferens",
    )

    html = public.get("/").content.decode()

    assert 'id="conference-title"' in html
    assert "Samverkanskonferensen i höst" in html
    assert "Kulturhuset, Ängeby" in html
    assert "09:30" in html and "16:30" in html
    assert 'href="https://anmalan.example.se/konferens"' in html
    assert 'href="/konferens/2099/"' in html
    assert 'href="/konferens/2099.ics"' in html
    assert later.title not in html
    assert "Förra konferensen" not in html


def test_it_shows_the_date_in_swedish(public, make_conference):
    conference = make_conference(30, year=2099)
    local = timezone.localtime(conference.starts_at)
    swedish_months = [
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ]  # fmt: skip

    html = public.get("/").content.decode()

    assert f"{local.day} {swedish_months[local.month - 1]} {local.year}" in html


def test_it_shows_the_registration_note_when_there_is_no_link(public, make_conference):
    make_conference(30, registration_note="Anmäl dig till din kontaktperson senast 1 oktober.")

    html = public.get("/").content.decode()

    assert "Anmäl dig till din kontaktperson senast 1 oktober." in html


def test_it_keeps_a_conference_in_progress_on_the_start_page(public, agreement):
    now = timezone.now()
    Conference.objects.create(
        agreement=agreement,
        year=2098,
        title="Konferensen pågår",
        place="Folkets hus",
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now + datetime.timedelta(hours=2),
    )

    assert "Konferensen pågår" in public.get("/").content.decode()


def test_it_shows_no_conference_section_when_none_is_upcoming(public, make_conference):
    make_conference(-10, title="Konferensen som varit")

    html = public.get("/").content.decode()

    assert 'id="conference-title"' not in html
    assert "Konferensen som varit" not in html
    assert "/konferens/" not in html


def test_it_ignores_the_conferences_of_other_agreements(agreement, make_conference):
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
    make_conference(5, agreement=other, title="Kommunens konferens")

    assert next_conference(agreement) == {"next_conference": None}


def test_it_finds_the_next_conference_in_one_query(
    agreement, make_conference, django_assert_num_queries
):
    soon = make_conference(10, year=2099)
    make_conference(50, year=2100)

    with django_assert_num_queries(1):
        found = next_conference(agreement)

    assert found == {"next_conference": soon}


def test_it_shows_nothing_without_an_agreement(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert next_conference(None) == {"next_conference": None}
