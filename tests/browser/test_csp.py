"""The pages people use, public and admin, run under the Content-Security-Policy.

Chromium reports every blocked inline script, style or handler as a
`securitypolicyviolation` event and a console error; both are collected while the pages
are used, and none may appear.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup import services
from tests.browser.conftest import staff_sign_in
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed by the browser itself before any page script, so the policy does not apply to it.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `Content Security Policy violation: ${event.violatedDirective} blocked ` +
    `${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def violations(page):
    """Every CSP violation on `page` from now on, as Chromium reports it."""
    found: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def _settle(page):
    page.wait_for_load_state("load")
    # Violations are reported asynchronously; let the event loop deliver them.
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")


def _sign_in(page, email: str):
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def test_it_runs_the_public_pages_and_the_follow_up_without_violations(
    page, violations, contact, agreement
):
    for url in ("/", "/undertecknare/", "/overenskommelsen/", "/styrgrupp/", "/finns-inte/"):
        page.goto(url)
        _settle(page)

    # The application form, sent with mistakes: the errors are shown.
    page.goto("/anslut/")
    page.fill("#id_name", "Föreningen Bryggan")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    _settle(page)

    # The follow-up form, signed in as a contact person; its draft script runs.
    today = timezone.localdate()
    round_ = services.new_round(
        agreement,
        year=today.year,
        opens=today - datetime.timedelta(days=3),
        closes=today + datetime.timedelta(days=20),
        introduction="Berätta hur samverkan har gått under året.",
    )
    page.goto(f"/uppfoljning/{round_.year}/")
    _sign_in(page, contact.email)
    expect(page.locator("form.followup-form")).to_be_visible()
    _settle(page)
    for url in ("/min-organisation/", "/konto/email/"):
        page.goto(url)
        _settle(page)

    assert not violations, "\n".join(violations)


def test_it_runs_the_admin_without_violations(page, violations, process_leader, contact):
    staff_sign_in(page, process_leader.email, DEMO_PASSWORD)
    expect(page.locator("#user-tools")).to_be_visible()
    _settle(page)

    organisation = contact.party
    for url in (
        "/admin/",
        "/admin/parties/organisation/",
        f"/admin/parties/organisation/{organisation.pk}/change/",
        "/admin/parties/application/",
        "/admin/steering/meeting/add/",
        "/admin/actionplan/activity/",
        "/admin/actionplan/activity/export/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        expect(page.locator("#content")).to_be_visible()
        _settle(page)

    # The date shortcuts of a change form (built by the admin's scripts) work.
    page.goto("/admin/steering/meeting/add/")
    page.locator("#id_starts_at_0 ~ .datetimeshortcuts a").first.click()
    expect(page.locator("#id_starts_at_0")).not_to_have_value("")
    _settle(page)

    # The export page's "select all" box, bound from a static script instead of onchange.
    page.goto("/admin/actionplan/activity/export/")
    toggle = page.locator("#select-all-toggle")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    expect(fields.first).to_be_checked()
    toggle.uncheck()
    assert not any(box.is_checked() for box in fields.all())
    toggle.check()
    assert all(box.is_checked() for box in fields.all())

    assert not violations, "\n".join(violations)
