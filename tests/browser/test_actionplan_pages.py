"""A visitor reads the action plan, filters it and opens an activity in headless Chromium."""

import pytest
from playwright.sync_api import expect

from actionplan.models import Status
from tests.actionplan.plan_fixtures import add_activity, add_update, build_plan, bulk_activities

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(agreement, make_party):
    built = build_plan(agreement)
    alfa = make_party("Alfa Föreningen")
    beta = make_party("Beta kommun", sector="public")
    built.activities["earlier"] = add_activity(
        built.last_year, built.objectives[0], "Dialogmöten förra året", progress=20
    )
    built.activities["dialog"] = add_activity(
        built.this_year,
        built.objectives[0],
        "Dialogmöten i länet",
        area="dialog-och-motesplatser",
        progress=40,
        responsible=[alfa, beta],
        lead=alfa,
        perspectives=["barnets-rattigheter"],
        carried_from=built.activities["earlier"],
    )
    add_update(
        built.activities["dialog"],
        status=Status.ONGOING,
        progress=40,
        text="Två dialogmöten hållna.",
        party=alfa,
    )
    add_activity(
        built.this_year,
        built.objectives[2],
        "Kunskapsöversikt",
        status=Status.DONE,
        progress=100,
        responsible=[beta],
    )
    bulk_activities(built, 8, [alfa, beta])
    return built


def test_it_shows_the_plan_and_an_activity(page, plan, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="English", exact=True).click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    whole = page.get_by_role("progressbar", name="Progress of the whole plan")
    expect(whole).to_be_visible()
    expect(page.locator(".plan-total")).to_contain_text("rests on")
    assert_accessible(page, "/handlingsplan/")

    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Filter").click()
    table = page.get_by_role("table", name="Activities, with their status and progress")
    expect(table).to_contain_text("Kunskapsöversikt")
    expect(table).not_to_contain_text("Dialogmöten i länet")
    page.get_by_role("link", name="Clear filters").click()

    page.get_by_role("link", name="Dialogmöten i länet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogmöten i länet")
    expect(
        page.get_by_role("progressbar", name="Progress of Dialogmöten i länet")
    ).to_have_attribute("value", "40")
    expect(page.get_by_text("On behalf of Alfa Föreningen")).to_be_visible()
    expect(page.get_by_role("link", name="Dialogmöten förra året", exact=False)).to_be_visible()
    assert_accessible(page, "an activity")


def test_it_fits_the_plan_on_a_phone_screen(phone_page, plan, assert_accessible):
    for url in ["/handlingsplan/", plan.activities["dialog"].get_absolute_url()]:
        phone_page.goto(url)
        expect(phone_page.get_by_text("Dialogmöten i länet").first).to_be_visible()
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} is {overflow} px too wide for a 360 px screen"
        assert_accessible(phone_page, f"{url} on a phone")
