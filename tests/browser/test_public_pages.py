import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_visitor_read_a_principle_and_switch_language(page, agreement, assert_accessible):
    page.goto("/")
    # Swedish first, even though the browser asks for English.
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(agreement.in_force.title)
    assert_accessible(page, "start page")

    page.get_by_role("link", name="Dialog", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/principer')[0]}/principer/dialog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialog")
    assert_accessible(page, "principle page")

    page.get_by_role("link", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{page.url.split('/principer')[0]}/principer/dialog/")
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("link", name="Principles", exact=True)).to_be_visible()
    assert_accessible(page, "principle page in English")

    page.get_by_role("link", name="Svenska", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav.get_by_role("link", name="Principer", exact=True)).to_be_visible()


def test_it_has_a_working_skip_link(page, agreement):
    page.goto("/overenskommelsen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize(
    "url",
    [
        "/overenskommelsen/",
        "/overenskommelsen/versioner/",
        "/principer/",
        "/tillganglighet/",
        "/personuppgifter/",
        "/undertecknare/",
        "/konto/login/",
        "/sidan-finns-inte/",
    ],
)
def test_it_has_no_accessibility_violations(
    page, agreement, municipalities, assert_accessible, url, settings
):
    settings.DEBUG = False  # the real 404 page, not Django's debug page
    page.goto(url)
    assert_accessible(page, url)


@pytest.mark.parametrize(
    "url", ["/", "/overenskommelsen/", "/tillganglighet/", "/undertecknare/", "/anslut/"]
)
def test_it_fits_a_phone_screen(phone_page, agreement, municipalities, assert_accessible, url):
    phone_page.goto(url)
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url} is {overflow} px too wide for a 360 px screen"
    assert_accessible(phone_page, f"{url} on a phone")
