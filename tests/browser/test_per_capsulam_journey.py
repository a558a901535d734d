"""A steering-group member answers a question between meetings on a phone.

The email's link → sign in → the question → yes → the last yes decides the matter: the
application is approved and cited as a per capsulam decision on its receipt.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from parties.models import Application
from steering import services
from tests.browser.conftest import give_second_factor
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_member_answer_on_a_phone_and_the_last_yes_decides(
    phone_page, live_server, apply, voters, process_leader, agreement, assert_accessible
):
    phone_page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    application = apply("Föreningen Telefonen")
    question = services.put_question(
        agreement,
        matter=application,
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=4),
        by=process_leader,
    )
    for key in ("chair", "vice", "public"):
        services.answer_question(question, user=voters[key], answer="yes")
    member = voters["civil"]

    phone_page.goto(f"/styrgrupp/per-capsulam/{question.pk}/")
    expect(phone_page).to_have_url(re.compile(r"/konto/login/"))
    phone_page.fill("input[name=login]", member.email)
    phone_page.fill("input[name=password]", DEMO_PASSWORD)
    phone_page.locator("main form button[type=submit]").first.click()
    # A member of the steering group is staff: the code from the authenticator app next.
    assert_accessible(phone_page, "two-factor code page on a phone")
    give_second_factor(phone_page)

    expect(phone_page.locator("h1")).to_contain_text("Föreningen Telefonen")
    expect(phone_page.locator("main")).to_contain_text("3 of 4")
    assert_accessible(phone_page, "per capsulam question on a phone")
    # Nothing sticks out sideways on a 360 px screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    phone_page.get_by_text("Add a comment (optional)").click()
    phone_page.fill("#id_comment", "Välkommen!")
    phone_page.get_by_role("button", name="Yes", exact=True).click()

    expect(phone_page.locator("main")).to_contain_text("Your answer has been saved")
    expect(phone_page.locator("main")).to_contain_text("Decided")
    # The decided page names the paragraph.
    expect(phone_page.locator("main")).to_contain_text("per capsulam §")
    assert_accessible(phone_page, "per capsulam question answered")
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED

    phone_page.goto(application.get_absolute_url())
    expect(phone_page.locator("main")).to_contain_text("per capsulam §")


def sign_in(page, member) -> None:
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    give_second_factor(page)


def test_it_puts_the_answer_buttons_on_the_first_screen_of_a_390_by_844_phone(
    browser, live_server, apply, voters, process_leader, agreement, assert_accessible
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    application = apply("Föreningen Första Skärmen")
    application.organisation.description = "Vi ordnar läxhjälp. " * 40
    application.organisation.save(update_fields=["description"])
    question = services.put_question(
        agreement,
        matter=application,
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=4),
        by=process_leader,
    )
    try:
        page.goto(f"/styrgrupp/per-capsulam/{question.pk}/")
        sign_in(page, voters["civil"])
        expect(page.locator("h1")).to_contain_text("Föreningen Första Skärmen")
        page.evaluate("window.scrollTo(0, 0)")

        for name in ("Ja", "Nej", "Avstår"):
            button = page.get_by_role("button", name=name, exact=True)
            box = button.bounding_box()
            assert box is not None
            # Wholly on the first screen, and big enough to tap.
            assert box["y"] >= 0 and box["y"] + box["height"] <= 844, (name, box)
            assert box["height"] >= 44 and box["width"] >= 44, (name, box)
        # The details (sector, municipality, description, rule) follow below.
        expect(page.locator("main")).to_contain_text("Ideell förening")
        expect(page.locator("main")).to_contain_text("ett enda nej skickar frågan till nästa möte")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page, "per capsulam question at 390x844")
    finally:
        context.close()
