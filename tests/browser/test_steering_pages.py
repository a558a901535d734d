"""A visitor reads the steering group's page and a meeting's minutes in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.steering.test_public_pages import build_board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board(agreement, make_party):
    return build_board(make_party)


def test_it_shows_the_steering_group_and_a_meetings_minutes(page, board, assert_accessible):
    page.goto("/")
    # In English: the msgids are English until the lead's translations land.
    page.get_by_role("link", name="English", exact=True).click()
    nav = page.get_by_role("navigation", name="Main menu")
    nav.get_by_role("link", name="Steering group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The steering group")

    civil = page.get_by_role(
        "table", name="Members from Civil society, with their roles and mandates"
    )
    # Each row header is the name, then the member's title (if any) on a line of its own
    # once the stylesheet has loaded; the expectation retries until the page is complete.
    expect(civil.locator("tbody th")).to_have_text(
        [
            re.compile(r"^Anna Ordförande\s*Ordförande i styrelsen$"),
            re.compile(r"^Cecilia Civil"),
            re.compile(r"^Erik Ersättare"),
        ]
    )
    expect(civil.get_by_role("row", name="Erik Ersättare")).to_contain_text(
        "Deputy for Cecilia Civil"
    )
    expect(civil.get_by_role("link", name="Föreningen Ängen")).to_be_visible()
    expect(page.get_by_role("heading", name="Co-opted members")).to_be_visible()
    expect(page.get_by_text("Ulla Universitet")).to_be_visible()
    expect(page.get_by_text("Fredrik Förre")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Add the meetings to your calendar (iCalendar)")
    ).to_be_visible()
    assert_accessible(page, "/styrgrupp/")

    page.get_by_role("link", name="Earlier members of the steering group").click()
    expect(page.get_by_role("row", name="Fredrik Förre")).to_contain_text(
        "Lämnade sitt uppdrag i regionen"
    )
    assert_accessible(page, "/styrgrupp/tidigare/")
    page.go_back()

    minutes = page.get_by_role("table", name="Meetings with published minutes, newest first")
    expect(minutes.get_by_role("row")).to_have_count(2)
    expect(minutes).to_contain_text("2 decisions")
    minutes.get_by_role("link").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Steering group meeting on")
    expect(page.get_by_text("The meeting was quorate.")).to_be_visible()
    expect(page.get_by_role("row", name="Erik Ersättare")).to_contain_text(
        "Deputy, standing in for Cecilia Civil"
    )
    expect(page.get_by_role("heading", name="Ansökningar", level=3)).to_be_visible()
    decisions = page.get_by_role("table", name="Decisions of the meeting, by paragraph")
    expect(decisions.get_by_role("row", name="§ 1")).to_contain_text(
        "Ansökan från Föreningen Ängen godkänns."
    )
    expect(page.get_by_text("Ansökan från Studieförbundet Ljus godkänns.")).to_be_visible()
    assert_accessible(page, "a meeting with published minutes")


def test_it_says_the_minutes_are_not_yet_published(page, board, assert_accessible):
    page.goto(f"/styrgrupp/moten/{board.upcoming.pk}/")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.get_by_text("Budget för nästa år")).to_be_visible()
    expect(page.get_by_text("The minutes are not yet published.")).to_be_visible()
    expect(page.get_by_role("heading", name="Attendance")).to_have_count(0)
    assert_accessible(page, "an upcoming meeting")


def test_it_fits_the_steering_group_on_a_phone_screen(phone_page, board, assert_accessible):
    phone_page.goto("/styrgrupp/")
    expect(phone_page.get_by_text("Anna Ordförande")).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"/styrgrupp/ is {overflow} px too wide for a 360 px screen"
    assert_accessible(phone_page, "/styrgrupp/ on a phone")
