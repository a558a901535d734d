"""allauth's emails name the agreement and the portal's address, never example.com."""

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command

from config.sites import update_site

pytestmark = pytest.mark.django_db


def test_it_names_the_site_after_the_agreement(agreement, settings):
    site = Site.objects.get_current()
    assert site.name == agreement.name
    assert site.domain == "127.0.0.1:8000" or site.domain in settings.SITE_URL


def test_it_takes_the_domain_from_site_url(agreement, settings):
    settings.SITE_URL = "https://samverkan.example"
    update_site()
    assert Site.objects.get_current().domain == "samverkan.example"


def test_a_renamed_agreement_renames_the_site(agreement):
    agreement.name = "Överenskommelsen i Fjällbygden"
    agreement.save()
    assert Site.objects.get_current().name == "Överenskommelsen i Fjällbygden"


def test_a_long_title_is_cut_at_a_word(agreement):
    agreement.name = "Överenskommelse om samverkan mellan idéburen och offentlig sektor i länet"
    agreement.save()
    name = Site.objects.get_current().name
    assert len(name) <= 50
    assert name == "Överenskommelse om samverkan mellan idéburen och…"


def test_a_migrate_sets_the_site_too(agreement, settings):
    Site.objects.filter(pk=settings.SITE_ID).update(name="example.com", domain="example.com")
    call_command("migrate", verbosity=0)
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.name, site.domain) == (agreement.name, "127.0.0.1:8000")


def test_the_password_reset_email_greets_from_the_agreement(client, contact, agreement):
    client.cookies["django_language"] = "sv"
    response = client.post("/konto/password/reset/", {"email": contact.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "example.com" not in message.body
    assert f"Hej från {agreement.name}!" in message.body
