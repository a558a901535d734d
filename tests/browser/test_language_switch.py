"""Switching language in a browser that runs no JavaScript, on cached pages."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_it_switches_language_with_javascript_off_and_keeps_the_address(
    page_without_javascript, agreement, make_party, live_server
):
    page = page_without_javascript
    make_party("Föreningen Ängen", sector="public")
    # The browser asks for localhost, not the agreement's own host name: its pages are under
    # its prefix there.
    address = f"/{agreement.slug}/undertecknare/?sektor=public"
    # Another visitor has the Swedish page in the cache already.
    other = page.context.browser.new_context(base_url=live_server.url)
    assert other.request.get(address).headers["x-cache"] == "miss"
    other.close()

    response = page.goto(address)
    assert response.headers["x-cache"] == "hit"
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Parties")

    page.get_by_role("link", name="English", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}{address}")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    expect(page.get_by_text("Föreningen Ängen")).to_be_visible()

    page.get_by_role("link", name="Svenska", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page).to_have_url(f"{live_server.url}{address}")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
