"""Public pages and open data never show a contact person's name, email or phone."""

import re

import pytest
from django.contrib.auth import get_user_model

from parties.models import ContactPerson, Organisation

pytestmark = pytest.mark.django_db


def public_pages(client) -> dict[str, str]:
    """Every public page and file of the register, unfiltered, by address."""
    urls = ["/", "/undertecknare/", "/undertecknare.csv", "/undertecknare.json"]
    urls += ["/undertecknare/flode/", "/undertecknare/?sektor=civil_society&page=1"]
    urls += [
        organisation.get_absolute_url()
        for organisation in Organisation.objects.filter(
            memberships__status__in=["active", "withdrawn"]
        ).distinct()
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = body.decode()
    return pages


def secrets_of(contacts) -> set[str]:
    """What identifies the contact persons: names, emails, phones (also digits only)."""
    found = set()
    for contact in contacts:
        found |= {contact.name, contact.email, contact.phone, re.sub(r"\D", "", contact.phone)}
        found |= {contact.user.get_full_name(), contact.user.email}
    return {value for value in found if value}


def assert_nothing_leaks(pages: dict[str, str], secrets: set[str]) -> None:
    leaks = [(url, secret) for url, page in pages.items() for secret in secrets if secret in page]
    assert leaks == []


def test_it_never_shows_contact_persons_of_made_parties(public, make_party, agreement):
    User = get_user_model()
    statuses = ["active", "active", "public", "pending", "withdrawn", "rejected"]
    for number, status in enumerate(statuses):
        user = User.objects.create_user(
            username=f"hemlig{number}@kontakt.test",
            email=f"hemlig{number}@kontakt.test",
            first_name="Hemliga",
            last_name=f"Kontaktsson{number}",
        )
        make_party(
            f"Förening nummer {number}",
            sector="public" if status == "public" else "civil_society",
            status="active" if status == "public" else status,
            user=user,
            contact_phone=f"070-999 88 7{number}",
        )
    contacts = list(ContactPerson.objects.select_related("user"))
    assert len(contacts) == len(statuses)

    pages = public_pages(public)
    # The check has teeth: the parties themselves are on the pages.
    assert "Förening nummer 0" in pages["/undertecknare.csv"]
    assert "Förening nummer 4" in "".join(pages.values())  # the withdrawn notice
    assert_nothing_leaks(pages, secrets_of(contacts) | {"070-999 88 77"})


def test_it_never_shows_the_contact_persons_of_the_demo_parties(public, agreement):
    from parties.demo import seed_parties

    seed_parties(agreement)
    contacts = list(ContactPerson.objects.select_related("user"))
    assert len(contacts) > 30
    pages = public_pages(public)
    assert len(pages) > 35
    assert_nothing_leaks(pages, secrets_of(contacts))


def test_it_does_not_offer_contact_fields_in_the_open_data(public, make_party):
    make_party("Öppen Förening", contact_phone="070-999 88 77")
    response = public.get("/undertecknare.json")
    fields = set(response.json()["fields"])
    assert not fields & {"contact", "contact_name", "email", "phone", "contact_email"}
    assert all(set(row) == fields for row in response.json()["results"])
