"""iCalendar files of the portal's events (common.ical)."""

import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from common import ical

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = datetime.UTC


def entry(**fields) -> ical.Entry:
    values = {
        "uid": "meeting-1@samverkan.test",
        "start": datetime.datetime(2027, 3, 10, 12, 0, tzinfo=UTC),
        "end": datetime.datetime(2027, 3, 10, 14, 30, tzinfo=UTC),
        "summary": "Styrgruppens möte",
        "url": "https://samverkan.test/styrgrupp/moten/1/",
        "description": "Dagordning och protokoll",
        "location": "Regionhuset",
    }
    return ical.Entry(**(values | fields))


def parsed(calendar) -> Calendar:
    return Calendar.from_ical(calendar.to_ical())


def written(*entries: ical.Entry, hours: int = 2) -> Calendar:
    return parsed(
        ical.calendar(
            list(entries),
            prodid="-//Test//SV",
            name="Möten",
            uid="meetings@samverkan.test",
            default_duration=datetime.timedelta(hours=hours),
        )
    )


def test_it_writes_each_event_in_swedish_time_with_the_zone_described():
    calendar = written(entry())

    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime(2027, 3, 10, 13, 0, tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTEND") == datetime.datetime(2027, 3, 10, 15, 30, tzinfo=STOCKHOLM)
    assert str(event["UID"]) == "meeting-1@samverkan.test"
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == ("Styrgruppens möte", "Regionhuset")
    assert str(event["URL"]) == "https://samverkan.test/styrgrupp/moten/1/"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Stockholm"


def test_it_gives_an_event_without_an_end_the_default_duration():
    (event,) = written(entry(end=None), hours=6).walk("VEVENT")

    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=6)


def test_it_leaves_out_an_empty_location():
    (event,) = written(entry(location="")).walk("VEVENT")

    assert "LOCATION" not in event


def test_it_keeps_a_calendar_without_events_valid():
    calendar = written()

    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_it_sends_the_calendar_as_a_download():
    calendar = ical.calendar(
        [entry()],
        prodid="-//Test//SV",
        name="Möten",
        uid="meetings@samverkan.test",
        default_duration=datetime.timedelta(hours=2),
    )

    response = ical.ics_response(calendar, "moten.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="moten.ics"'
    assert len(parsed(calendar).walk("VEVENT")) == 1
    assert Calendar.from_ical(response.content).walk("VEVENT")


def test_it_names_the_portals_host_in_every_uid(settings):
    settings.SITE_URL = "https://samverkan.exempel.se"

    assert ical.site_host() == "samverkan.exempel.se"
