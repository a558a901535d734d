"""Two-step sign-in in the browser.

A contact person turns it on from their page on a phone: confirm the password, scan (here:
read) the key, type the app's code, keep the recovery codes; the next sign-in asks for a
code. A staff member without an app is sent to set one up before the admin opens.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.browser.conftest import give_second_factor
from tests.conftest import DEMO_PASSWORD, _make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _password(page, email: str):
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def _activate(page, assert_accessible, label: str) -> str:
    """From the setup page (after confirming the password if asked): the key, then a code."""
    if "/reauthenticate/" in page.url:
        assert_accessible(page, f"{label}: confirm password")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))
    assert_accessible(page, f"{label}: set up the authenticator app")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    return secret


def test_a_contact_person_turns_on_two_step_sign_in_on_a_phone(
    phone_page, live_server, contact, assert_accessible
):
    page = phone_page
    _english(page, live_server)
    page.goto("/min-organisation/")
    _password(page, contact.email)
    expect(page.locator("#sign-in-security-title")).to_be_visible()
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/$"))
    assert_accessible(page, "two-step sign-in overview")
    page.locator("main a[href*='/konto/2fa/totp/activate/']").first.click()
    secret = _activate(page, assert_accessible, "contact person")

    assert Authenticator.objects.filter(user=contact, type="totp").exists()
    # The recovery codes come next; keep them somewhere safe.
    page.goto("/konto/2fa/recovery-codes/")
    if "/reauthenticate/" in page.url:
        give_second_factor(page, secret)
    assert_accessible(page, "recovery codes")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Sign out and in again: now the code is asked for too, and a wrong one is refused.
    # On a phone the menu is folded behind its button.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/min-organisation/")
    _password(page, contact.email)
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
    assert_accessible(page, "code at sign-in")
    page.fill("input[name=code]", "000000" if totp_code(secret) != "000000" else "111111")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Incorrect code")
    give_second_factor(page, secret)
    expect(page).to_have_url(re.compile(r"/min-organisation/"))


def test_staff_without_an_app_is_sent_to_set_one_up_before_the_admin(
    page, live_server, reference_data, assert_accessible
):
    from common.roles import PROCESS_LEADER

    _english(page, live_server)
    newcomer = _make_user("ny-processledare@region.test", group=PROCESS_LEADER, staff=True)
    Authenticator.objects.filter(user=newcomer).delete()
    page.goto("/admin/")
    _password(page, newcomer.email)
    # Not the admin: the setup comes first, and the password just typed is not asked again.
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/\?next="))
    _activate(page, assert_accessible, "staff")
    page.goto("/admin/")
    expect(page.locator("#user-tools")).to_be_visible()
