"""The steering group's meetings as iCalendar: the feed and one meeting's file."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from steering.models import Meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SITE = "https://samverkan.example.se"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def at(days: int, hour: int = 13) -> datetime.datetime:
    """A whole hour in Stockholm, `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def meetings(agreement):
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
    return {
        "upcoming": Meeting.objects.create(
            agreement=agreement,
            starts_at=at(10),
            ends_at=at(10, hour=16),
            place="Regionens hus, sal A",
            online=True,
            agenda="Budget för nästa år",
        ),
        "recent": Meeting.objects.create(agreement=agreement, starts_at=at(-20), place="Rådhuset"),
        "old": Meeting.objects.create(agreement=agreement, starts_at=at(-120), place="Biblioteket"),
        "other_agreement": Meeting.objects.create(
            agreement=other, starts_at=at(5), place="Kommunhuset"
        ),
    }


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@samverkan.example.se"


def test_it_serves_a_calendar_file_to_download(public, meetings):
    response = public.get("/styrgrupp/moten.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="styrgrupp-moten.ics"'
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["X-WR-CALNAME"]


def test_it_lists_the_upcoming_and_recent_meetings_of_the_current_agreement(public, meetings):
    found = events(public.get("/styrgrupp/moten.ics"))
    assert set(found) == {uid(meetings["upcoming"]), uid(meetings["recent"])}


def test_it_keeps_each_meetings_uid_from_one_request_to_the_next(public, meetings):
    first = events(public.get("/styrgrupp/moten.ics"))
    second = events(public.get("/styrgrupp/moten.ics"))
    assert set(first) == set(second)
    single = events(public.get(f"/styrgrupp/moten/{meetings['upcoming'].pk}.ics"))
    assert set(single) == {uid(meetings["upcoming"])}


def test_it_gives_times_in_stockholm_with_the_time_zone_defined(public, meetings):
    response = public.get("/styrgrupp/moten.ics")
    calendar = Calendar.from_ical(response.content)
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Stockholm"]
    event = events(response)[uid(meetings["upcoming"])]
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    assert event.start == at(10) and event.start.hour == 13
    assert event.end == at(10, hour=16)
    assert b"DTSTART;TZID=Europe/Stockholm:" in response.content


def test_it_gives_a_meeting_without_an_end_two_hours(public, meetings):
    event = events(public.get("/styrgrupp/moten.ics"))[uid(meetings["recent"])]
    assert event.end - event.start == datetime.timedelta(hours=2)


def test_it_stamps_each_event_in_utc(public, meetings):
    before = timezone.now().replace(microsecond=0)
    found = events(public.get("/styrgrupp/moten.ics"))
    for event in found.values():
        stamp = event["DTSTAMP"].dt
        assert stamp.utcoffset() == datetime.timedelta(0)
        assert before <= stamp <= timezone.now()


def test_it_gives_the_meeting_page_as_url_and_in_the_description(public, meetings):
    meeting = meetings["upcoming"]
    event = events(public.get("/styrgrupp/moten.ics"))[uid(meeting)]
    address = f"{SITE}/styrgrupp/moten/{meeting.pk}/"
    assert str(event["URL"]) == address
    assert address in str(event["DESCRIPTION"])
    assert "Budget för nästa år" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]).startswith("Regionens hus, sal A")
    assert str(event["SUMMARY"])


def test_it_serves_one_meetings_file_also_for_a_past_meeting(public, meetings):
    response = public.get(f"/styrgrupp/moten/{meetings['old'].pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "filename=" in response["Content-Disposition"]
    assert set(events(response)) == {uid(meetings["old"])}


def test_it_answers_404_for_an_unknown_meetings_file(public, meetings):
    assert public.get("/styrgrupp/moten/999999.ics").status_code == 404


def test_it_serves_a_valid_empty_feed_when_nothing_is_planned(public, agreement):
    response = public.get("/styrgrupp/moten.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    # RFC 5545 asks for at least one component: the time zone is there even so.
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Stockholm"]


def test_it_refuses_to_change_anything(public, meetings):
    assert public.post("/styrgrupp/moten.ics").status_code == 405
    assert public.post(f"/styrgrupp/moten/{meetings['old'].pk}.ics").status_code == 405
