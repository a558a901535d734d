"""The language switch (config.language): a link that sets the language cookie and goes back."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SWITCH = "/sprak/en/"


def test_it_sets_the_same_cookie_as_djangos_switch_and_goes_back(public):
    response = public.get(SWITCH, {"next": "/undertecknare/?sida=2&sektor=public"})

    assert response.status_code == 302
    assert response["Location"] == "/undertecknare/?sida=2&sektor=public"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["path"] == settings.LANGUAGE_COOKIE_PATH
    assert int(cookie["max-age"] or 0) == (settings.LANGUAGE_COOKIE_AGE or 0)
    assert cookie["samesite"] == (settings.LANGUAGE_COOKIE_SAMESITE or "")
    assert "no-store" in response["Cache-Control"]


def test_it_links_every_page_to_the_other_language_with_the_way_back(public, agreement):
    page = public.get("/undertecknare/?sida=1&sektor=public").content.decode()

    back = "/undertecknare/%3Fsida%3D1%26sektor%3Dpublic"
    assert (
        f'<a class="language-switch" href="/sprak/en/?next={back}"'
        ' lang="en" hreflang="en" rel="nofollow">English</a>'
    ) in page
    assert "csrfmiddlewaretoken" not in page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_it_goes_to_the_start_page_instead_of_another_site(public, target):
    response = public.get(SWITCH, {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_goes_back_to_the_referring_page_without_next(public):
    response = public.get(SWITCH, HTTP_REFERER="http://testserver/principer/")
    assert response["Location"] == "http://testserver/principer/"
    response = public.get(SWITCH, HTTP_REFERER="https://evil.example/")
    assert response["Location"] == "/"


def test_it_knows_only_our_languages(public):
    response = public.get("/sprak/de/", {"next": "/"})
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_it_takes_no_post(public):
    assert public.post(SWITCH, {"next": "/"}).status_code == 405
