"""Passwords a person chooses: at least 12 characters, no common ones (#15.25)."""

import pytest
from django.contrib.auth.password_validation import validate_password

from tests.conftest import DEMO_PASSWORD

CHANGE = "/konto/password/change/"


def _choose_password(user, password: str):
    """A newcomer's way in (sign-up is closed): the emailed link, then a password of one's own."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.test import Client
    from django.urls import reverse

    client = Client()
    link = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    form = client.get(link, follow=True)
    assert form.status_code == 200
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": password, "password2": password},
    )


@pytest.mark.django_db
def test_it_refuses_a_password_of_eight_characters_from_the_emailed_link(contact):
    response = _choose_password(contact, "Kaffe123")

    assert response.status_code == 200
    assert "Det måste innehålla minst 12 tecken." in response.content.decode()
    contact.refresh_from_db()
    assert contact.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_it_refuses_a_common_password_even_when_long_enough(contact):
    response = _choose_password(contact, "password1234")

    assert response.status_code == 200
    assert "Detta lösenord är alldeles för vanligt." in response.content.decode()
    contact.refresh_from_db()
    assert contact.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_it_accepts_a_long_uncommon_password_from_the_emailed_link(contact):
    response = _choose_password(contact, "Blåbärssoppa-vid-Vasaloppet")

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.check_password("Blåbärssoppa-vid-Vasaloppet")


@pytest.mark.django_db
def test_it_refuses_a_short_new_password_when_a_contact_changes_theirs(contact):
    from django.test import Client

    client = Client()
    client.force_login(contact)
    response = client.post(
        CHANGE,
        {"oldpassword": DEMO_PASSWORD, "password1": "Kort-ord1", "password2": "Kort-ord1"},
    )

    assert response.status_code == 200
    assert "Det måste innehålla minst 12 tecken." in response.content.decode()
    contact.refresh_from_db()
    assert contact.check_password(DEMO_PASSWORD)


def test_it_keeps_the_demo_and_test_passwords_within_the_rules():
    from followup.management.commands.seed_demo import DEMO_PASSWORD as SEED_PASSWORD
    from tests.browser.test_joining_journey import PASSWORD as JOURNEY_PASSWORD

    for password in (DEMO_PASSWORD, SEED_PASSWORD, JOURNEY_PASSWORD, "Ett-bra-losenord-2026"):
        validate_password(password)
