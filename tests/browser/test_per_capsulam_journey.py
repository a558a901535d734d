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

    phone_page.get_by_label("Yes", exact=True).check()
    phone_page.fill("#id_comment", "Välkommen!")
    phone_page.get_by_role("button", name="Save my answer").click()

    expect(phone_page.locator("main")).to_contain_text("Your answer has been saved")
    expect(phone_page.locator("main")).to_contain_text("Decided")
    assert_accessible(phone_page, "per capsulam question answered")
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED

    phone_page.goto(application.get_absolute_url())
    expect(phone_page.locator("main")).to_contain_text("per capsulam §")
