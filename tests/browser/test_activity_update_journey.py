"""A contact person records the progress of their party's activity on a phone.

Sign in → our activities → the form → a number out of range is refused next to the
field → the right number is saved and shows in the list.
"""

import re

import pytest
from playwright.sync_api import expect

from actionplan.models import Status
from tests.actionplan import mine_builders
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

action_plan = mine_builders.action_plan
annual_plan = mine_builders.annual_plan
objective = mine_builders.objective
make_activity = mine_builders.make_activity


def test_it_lets_a_contact_update_an_activitys_progress_on_a_phone(
    phone_page, live_server, contact, make_activity, assert_accessible
):
    phone_page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    activity = make_activity(
        "Dialogmöte i Ängen", lead=contact.party, status=Status.ONGOING, progress=20
    )

    phone_page.goto("/min-organisation/aktiviteter/")
    expect(phone_page).to_have_url(re.compile(r"/konto/login/"))
    phone_page.fill("input[name=login]", contact.email)
    phone_page.fill("input[name=password]", DEMO_PASSWORD)
    phone_page.locator("main form button[type=submit]").first.click()

    expect(phone_page.locator("h1")).to_have_text("Our activities in the action plan")
    expect(phone_page.locator("main")).to_contain_text("Dialogmöte i Ängen")
    assert_accessible(phone_page, "our activities on a phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    phone_page.get_by_role("link", name="Update the progress of Dialogmöte i Ängen").click()
    expect(phone_page.locator("h1")).to_have_text("Dialogmöte i Ängen")
    assert_accessible(phone_page, "progress form on a phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    phone_page.fill("#id_progress", "150")
    phone_page.get_by_role("button", name="Save the progress").click()
    expect(phone_page.locator("#id_progress_error")).to_contain_text("from 0 to 100")
    assert_accessible(phone_page, "progress form with an error")

    phone_page.get_by_label("Ongoing", exact=True).check()
    phone_page.fill("#id_progress", "65")
    phone_page.fill("#id_text", "Två av tre möten hållna.")
    phone_page.get_by_role("button", name="Save the progress").click()

    expect(phone_page.locator("main")).to_contain_text("has been saved")
    expect(phone_page.locator("main")).to_contain_text("65 %")
    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (Status.ONGOING, 65)
    assert activity.updates.get().text == "Två av tre möten hållna."
