"""The demo's calendar: the story written for 2026 moves by whole years with the day the
demo is loaded, meetings keep their weekday, and a loaded demo keeps its year."""

import datetime

import time_machine

from common import demo_clock


def test_it_starts_the_story_in_the_last_year_to_reach_december():
    assert demo_clock.first_year_on(datetime.date(2029, 11, 30)) == 2028
    assert demo_clock.first_year_on(datetime.date(2029, 12, 1)) == 2029
    assert demo_clock.first_year_on(datetime.date(2030, 1, 1)) == 2029


def test_it_moves_dates_and_the_years_in_texts_with_the_day_it_is_loaded():
    with time_machine.travel(datetime.datetime(2029, 12, 7, 12, tzinfo=datetime.UTC)):
        assert demo_clock.first_year() == 2029
        assert demo_clock.day(datetime.date(2025, 11, 20)) == datetime.date(2028, 11, 20)
        assert demo_clock.day(datetime.date(2027, 12, 31)) == datetime.date(2030, 12, 31)
        assert demo_clock.text("Handlingsplanen 2026–2029") == "Handlingsplanen 2029–2032"
        assert demo_clock.text("140 deltagare") == "140 deltagare"


def test_it_keeps_a_meetings_weekday_within_three_days():
    with time_machine.travel(datetime.datetime(2030, 12, 7, 12, tzinfo=datetime.UTC)):
        for story in (datetime.date(2026, 1, 15), datetime.date(2026, 3, 10)):
            moved = demo_clock.meeting_day(story)
            assert moved.weekday() == story.weekday()
            assert abs((moved - demo_clock.day(story)).days) <= 3


def test_it_keeps_the_year_a_demo_was_loaded_in():
    with time_machine.travel(datetime.datetime(2031, 6, 1, 12, tzinfo=datetime.UTC)):
        with demo_clock.anchored(2029) as year:
            assert year == demo_clock.first_year() == 2029
            assert demo_clock.day(datetime.date(2026, 1, 1)) == datetime.date(2029, 1, 1)
        assert demo_clock.first_year() == 2030
