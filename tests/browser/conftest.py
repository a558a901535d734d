"""Headless Chromium (Debian's package) driven by Playwright, with axe-core."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser(chromium_path_session):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path_session, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def chromium_path_session():
    import shutil

    from tests.conftest import _missing

    path = shutil.which("chromium")
    if not path:
        _missing("Chromium")
    return path


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now; fail with the rules and nodes it names."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label: str = ""):
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        details = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in violations
        ]
        assert not violations, f"axe-core on {label or page.url}:\n" + "\n".join(details)
        return results

    return check


def give_second_factor(page, secret: str | None = None):
    """On allauth's code page after the password: type the authenticator app's code."""
    import re

    from playwright.sync_api import expect

    from tests.conftest import STAFF_TOTP_SECRET, totp_code

    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
    page.fill("input[name=code]", totp_code(secret or STAFF_TOTP_SECRET))
    page.locator("main form button[type=submit]").first.click()


def staff_sign_in(page, email: str, password: str, start: str = "/admin/"):
    """Sign a staff member in the way they do it: password, then the code."""
    import re

    from playwright.sync_api import expect

    page.goto(start)
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    give_second_factor(page)
