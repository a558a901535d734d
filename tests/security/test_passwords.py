"""Passwords a person chooses: at least 12 characters, no common ones (#15.25)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from tests.conftest import DEMO_PASSWORD

SIGNUP = "/konto/signup/"
CHANGE = "/konto/password/change/"


def _sign_up(client, password: str):
    return client.post(
        SIGNUP, {"email": "ny@forening.test", "password1": password, "password2": password}
    )


@pytest.mark.django_db
def test_it_refuses_a_password_of_eight_characters_at_sign_up(public):
    response = _sign_up(public, "Kaffe123")

    assert response.status_code == 200
    assert "Det måste innehålla minst 12 tecken." in response.content.decode()
    assert not get_user_model().objects.filter(email="ny@forening.test").exists()


@pytest.mark.django_db
def test_it_refuses_a_common_password_even_when_long_enough(public):
    response = _sign_up(public, "password1234")

    assert response.status_code == 200
    assert "Detta lösenord är alldeles för vanligt." in response.content.decode()
    assert not get_user_model().objects.filter(email="ny@forening.test").exists()


@pytest.mark.django_db
def test_it_accepts_a_long_uncommon_password_at_sign_up(public):
    response = _sign_up(public, "Blåbärssoppa-vid-Vasaloppet")

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="ny@forening.test").exists()


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
