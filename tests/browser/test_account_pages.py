"""allauth's pages, the site menu and the error summary on a 390×844 phone (issue 15: 3, 8–10, 14).

Every sign-in page passes axe, keeps its targets at 44 px or more, fits the screen and
does not break its heading inside a word; the menu folds away behind a button; a form with
errors brings its summary into view and focus; and a new steering-group member goes in one
straight path from the password email to the question they were sent.
"""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import give_second_factor
from tests.conftest import DEMO_PASSWORD, _make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844

# Offenders, as "tag text height", among what a person taps in <main>.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main button, ' +
    'main select, main textarea, main a.button')]
  .filter(el => el.offsetParent !== null)
  .map(el => [el, el.getBoundingClientRect().height])
  .filter(([el, h]) => h < 44)
  .map(([el, h]) => `${el.tagName} ${(el.name || el.textContent).trim().slice(0, 30)} ${h}`)"""
# Words of the first heading that the browser laid out on more than one line.
BROKEN_HEADING_WORDS = """() => {
  const h1 = document.querySelector('main h1');
  const broken = [];
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    // A break after a hyphen ("e-/postadress") is a proper break, not a broken word.
    for (const match of node.data.matchAll(/[^\\s-]+-?/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": WIDTH, "height": HEIGHT},
        is_mobile=True,
        has_touch=True,
        locale="sv-SE",
    )
    context.add_cookies([{"name": "django_language", "value": "sv", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def looks_finished(assert_accessible):
    def check(page, label: str):
        assert_accessible(page, label)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, label
        assert page.evaluate(SMALL_TARGETS) == [], label
        assert page.evaluate(BROKEN_HEADING_WORDS) == [], label
        # Swedish as we write it.
        text = page.locator("body").inner_text()
        assert "Epost" not in text and "epost" not in text, label

    return check


def _sign_in(page, email: str, password: str = DEMO_PASSWORD):
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()


def _summary_has_focus_and_is_in_view(page) -> bool:
    """Wait (up to the page's timeout) for the focus to land on the summary, in view."""
    page.wait_for_function(
        """() => {
          const summary = document.querySelector('.error-summary');
          if (!summary) return false;
          const box = summary.getBoundingClientRect();
          return document.activeElement === summary && box.top > -2 && box.top < innerHeight;
        }"""
    )
    return True


def test_the_pages_before_signing_in_look_finished_on_a_phone(phone, contact, looks_finished):
    page = phone
    page.goto("/konto/login/")
    looks_finished(page, "sign in")
    expect(page.locator("main")).not_to_contain_text("Har du redan ett konto")
    expect(page.locator("main a[href$='/anslut/']")).to_be_visible()

    _sign_in(page, contact.email, "fel lösenord")
    expect(page.locator(".error-summary")).to_contain_text("stämmer inte")
    assert _summary_has_focus_and_is_in_view(page)
    looks_finished(page, "sign in with a wrong password")

    page.goto("/konto/signup/")
    looks_finished(page, "no sign-up")

    page.goto("/konto/password/reset/")
    looks_finished(page, "password reset")
    page.fill("input[name=email]", contact.email)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/password/reset/done/"))
    looks_finished(page, "password reset sent")


def test_the_pages_after_signing_in_look_finished_on_a_phone(
    phone, contact, steering_member, reference_data, looks_finished
):
    page = phone
    unverified = _make_user("overifierad@exempel.test")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    page.goto("/konto/login/")
    _sign_in(page, unverified.email)
    expect(page.locator("h1")).to_contain_text("Bekräfta din e-postadress")
    looks_finished(page, "email verification sent")
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified)).key
    page.goto(f"/konto/confirm-email/{key}/")
    looks_finished(page, "confirm the email address")
    page.locator("main form button[type=submit]").click()
    assert EmailAddress.objects.get(user=unverified).verified
    page.goto("/konto/password/reset/key/1-not-a-key/")
    expect(page.locator("h1")).to_contain_text("Länken fungerar inte")
    looks_finished(page, "a used password link")

    page.goto("/konto/login/")
    _sign_in(page, steering_member.email)
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
    looks_finished(page, "code at sign-in")
    code = page.locator("input[name=code]")
    assert code.get_attribute("inputmode") == "numeric"
    assert code.get_attribute("autocomplete") == "one-time-code"
    code.fill("000000" if totp_code() != "000000" else "111111")
    page.locator("main form button[type=submit]").first.click()
    assert _summary_has_focus_and_is_in_view(page)
    looks_finished(page, "wrong code at sign-in")
    give_second_factor(page)

    page.goto("/konto/2fa/")
    looks_finished(page, "two-step sign-in overview")
    page.goto("/konto/reauthenticate/")
    looks_finished(page, "confirm the password")
    page.goto("/konto/logout/")
    looks_finished(page, "sign out")


def test_the_menu_folds_behind_a_button_on_a_phone(phone, agreement, assert_accessible):
    page = phone
    page.goto("/")
    toggle = page.get_by_role("button", name="Meny", exact=True)
    menu_link = page.locator("#site-menu a[href$='/undertecknare/']")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()
    # The header takes one row, not 330 px.
    header_height = page.locator("header.site-header").bounding_box()["height"]
    print(f"header and folded menu on a {WIDTH}x{HEIGHT} phone: {header_height} px")
    assert header_height <= 80

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    assert_accessible(page, "menu open on a phone")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_the_menu_stays_open_without_javascript_and_on_a_wide_screen(
    browser, live_server, agreement
):
    for options in (
        {"viewport": {"width": WIDTH, "height": HEIGHT}, "java_script_enabled": False},
        {"viewport": {"width": 1280, "height": 900}},
    ):
        context = browser.new_context(base_url=live_server.url, **options)
        page = context.new_page()
        page.goto("/")
        expect(page.locator("#site-menu a[href$='/undertecknare/']")).to_be_visible()
        expect(page.locator("button.menu-toggle")).to_be_hidden()
        context.close()


def test_a_portal_form_brings_its_errors_into_view(phone, agreement):
    page = phone
    page.goto("/anslut/")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert _summary_has_focus_and_is_in_view(page)
    # A link in the summary takes focus to its field.
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.tagName") in {"INPUT", "SELECT", "TEXTAREA"}


def test_a_new_member_goes_straight_from_the_password_email_to_the_question(
    phone, live_server, apply, voters, process_leader, agreement, looks_finished, settings
):
    """The member was sent a question's link; they have no password and no app yet."""
    from steering import services

    settings.SITE_URL = live_server.url
    page = phone
    question = services.put_question(
        agreement,
        matter=apply("Föreningen Första Gången"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=4),
        by=process_leader,
    )
    member = voters["civil"]
    member.set_unusable_password()
    member.save()
    Authenticator.objects.filter(user=member).delete()
    mail.outbox.clear()

    page.goto(f"/styrgrupp/per-capsulam/{question.pk}/")
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    page.get_by_role("link", name="Glömt lösenordet, eller loggar du in för första gången?").click()
    page.fill("input[name=email]", member.email)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/password/reset/done/"))

    (email,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "example.com" not in email.body
    assert agreement.name in email.body
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+", email.body).group(0)
    page.goto(link)
    looks_finished(page, "choose a password")
    password = "ett eget och långt lösenord 2026"
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.locator("main form button[name=action]").click()

    # Signed in; the authenticator app comes first, without asking for the password again.
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/\?next="))
    looks_finished(page, "set up the authenticator app")
    secret_box = page.locator("#authenticator_secret")
    secret = secret_box.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    box = secret_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/konto/2fa/recovery-codes/\?next="))
    looks_finished(page, "recovery codes")
    page.get_by_role("link", name="Fortsätt").click()

    expect(page).to_have_url(re.compile(rf"/styrgrupp/per-capsulam/{question.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Föreningen Första Gången")
