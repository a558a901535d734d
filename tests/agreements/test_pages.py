import datetime

import pytest
from django.urls import reverse

from agreements.models import Version
from tests.agreement_factory import make_version

pytestmark = pytest.mark.django_db


def test_it_shows_the_vision_and_principles_on_the_start_page(public, agreement):
    response = public.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert agreement.in_force.vision in page
    assert "Självständighet och oberoende" in page
    assert '<html lang="sv">' in page


def test_it_shows_the_full_agreement_with_validity(public, agreement):
    response = public.get("/overenskommelsen/")
    assert response.status_code == 200
    page = response.content.decode()
    assert agreement.in_force.title in page
    assert "2029" in page
    assert "Långsiktiga former för finansiering" in page  # a goal
    assert "Giltig" in page


def test_it_lists_versions_and_keeps_old_ones_readable(public, agreement):
    old = make_version(
        agreement,
        0,
        title="Den första överenskommelsen",
        vision="Gammal vision",
        purpose="Gammalt syfte",
        status=Version.Status.EXPIRED,
        valid_from=datetime.date(2021, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
        review_due=datetime.date(2025, 6, 30),
        signing_sectors=["civil_society"],
    )
    page = public.get("/overenskommelsen/versioner/").content.decode()
    assert old.title in page and agreement.in_force.title in page
    response = public.get(reverse("agreements:version", args=[0]))
    assert response.status_code == 200
    assert "inte längre gäller" in response.content.decode()


def test_it_lists_the_principles_and_shows_each(public, agreement):
    page = public.get("/principer/").content.decode()
    for principle in agreement.in_force.principles.all():
        assert principle.name in page
        assert principle.get_absolute_url() in page
    response = public.get("/principer/innovation/")
    assert response.status_code == 200
    assert "Innovation" in response.content.decode()
    assert public.get("/principer/finns-inte/").status_code == 404


def test_it_hides_a_draft_agreement(public, agreement):
    agreement.versions.update(status=Version.Status.DRAFT)
    assert public.get("/overenskommelsen/").status_code == 404
    assert public.get("/principer/").status_code == 404
    assert public.get("/principer/dialog/").status_code == 404
    assert public.get(reverse("agreements:version", args=[1])).status_code == 404
    version = agreement.versions.get()
    # The header names the lasting agreement its address belongs to; the draft's text is hidden.
    main = public.get("/overenskommelsen/versioner/").content.decode().split('id="main"')[1]
    assert version.title not in main
    assert version.vision not in public.get("/").content.decode()


def test_it_serves_the_accessibility_statement(public, agreement):
    page = public.get("/tillganglighet/").content.decode()
    assert "Tillgänglighetsredogörelse" in page
    assert "delvis förenlig" in page
    assert "digg.se" in page


def test_it_serves_the_privacy_notice_with_the_controller_from_settings(public, settings):
    settings.DATA_CONTROLLER = {**settings.DATA_CONTROLLER, "name": "Region Testlän"}
    page = public.get("/personuppgifter/").content.decode()
    assert "Region Testlän" in page
    assert "imy.se" in page
    assert "allmän handling" in page


def test_it_links_the_statements_from_every_page(public, agreement):
    for url in ["/", "/overenskommelsen/", "/principer/", "/principer/dialog/"]:
        page = public.get(url).content.decode()
        assert 'href="/tillganglighet/"' in page and 'href="/personuppgifter/"' in page


def test_it_switches_to_english_and_back(public, agreement):
    page = public.get("/principer/").content.decode()
    assert 'href="/sprak/en/?next=/principer/"' in page
    response = public.get("/sprak/en/", {"next": "/principer/"})
    assert response.status_code == 302 and response["Location"] == "/principer/"
    page = public.get("/principer/").content.decode()
    assert '<html lang="en">' in page
    assert "Principles" in page and "Skip to content" in page
    assert 'href="/sprak/sv/?next=/principer/"' in page
    public.get("/sprak/sv/", {"next": "/"})
    page = public.get("/principer/").content.decode()
    assert '<html lang="sv">' in page and "Principer" in page


def test_it_shows_swedish_even_when_the_browser_prefers_english(public, agreement):
    page = public.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in page


def test_it_explains_a_missing_page_in_swedish(public, agreement):
    response = public.get("/sidan-finns-inte/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Sidan finns inte" in page and 'href="/"' in page
