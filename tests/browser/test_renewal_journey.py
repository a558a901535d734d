"""A contact person confirms on a phone that the party continues under a new version.

The version with a new period is adopted → the contact person gets the email, signs in on
a 390 px wide phone → /min-organisation/ shows the request with its deadline → one tap on
"Vi fortsätter som part" → the page says thank you and the request is confirmed.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements.models import Version
from parties.models import RenewalRequest
from parties.services import renewal
from tests.agreement_factory import make_version
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    """An iPhone-sized screen (390 × 844), in Swedish as the portal starts."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_it_lets_the_contact_person_confirm_on_a_phone(
    phone, contact, agreement, assert_accessible, mailoutbox
):
    starts = timezone.localdate() + datetime.timedelta(days=60)
    version = make_version(
        agreement,
        2,
        title="Överenskommelse 2.0",
        status=Version.Status.ADOPTED,
        valid_from=starts,
        valid_until=starts + datetime.timedelta(days=1460),
        review_due=starts + datetime.timedelta(days=1000),
        renewal_required=True,
    )
    renewal.ask_for_renewal(version)
    (email,) = mailoutbox
    assert email.to == [contact.email]

    phone.goto("/min-organisation/")
    expect(phone).to_have_url(re.compile(r"/konto/login/"))
    phone.fill("input[name=login]", contact.email)
    phone.fill("input[name=password]", DEMO_PASSWORD)
    phone.locator("main form button[type=submit]").first.click()

    expect(phone).to_have_url(re.compile(r"/min-organisation/$"))
    section = phone.locator("section[aria-labelledby=renewal-title]")
    expect(section.get_by_role("heading")).to_have_text("Fortsätter organisationen som part?")
    expect(section).to_contain_text("Överenskommelse 2.0 (version 2)")
    expect(section.get_by_role("link", name="Anmäl utträde")).to_be_visible()
    button = section.get_by_role("button", name="Vi fortsätter som part")
    expect(button).to_be_visible()
    # Nothing is wider than the phone: no sideways scrolling to reach the button.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["height"] >= 24  # a target a finger can hit (WCAG 2.5.8)
    assert_accessible(phone, "the renewal request on /min-organisation/")

    button.tap()

    expect(phone.get_by_text("Du har bekräftat att Aktiva Föreningen fortsätter som part."))
    expect(phone.locator("section[aria-labelledby=renewal-title]")).to_have_count(0)
    assert RenewalRequest.objects.get().status == RenewalRequest.Status.CONFIRMED
    assert_accessible(phone, "/min-organisation/ after confirming")
