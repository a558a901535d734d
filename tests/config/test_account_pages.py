"""allauth's pages as the portal's: styled, in good Swedish, and a straight way from the link
a newcomer got to the page it named (issue 15, points 8–10)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from tests.conftest import DEMO_PASSWORD, _make_user, totp_code

pytestmark = pytest.mark.django_db

QUESTION = "/styrgrupp/per-capsulam/1/"


@pytest.fixture
def swedish(client):
    client.cookies["django_language"] = "sv"
    return client


@pytest.fixture
def newcomer(reference_data):
    """A new steering-group member: staff, no authenticator app yet."""
    from common.roles import STEERING_GROUP

    user = _make_user("ny-ledamot@region.test", group=STEERING_GROUP, staff=True)
    Authenticator.objects.filter(user=user).delete()
    return user


def _sign_in(client, user, next_url=QUESTION):
    return client.post(
        f"/konto/login/?next={next_url}", {"login": user.email, "password": DEMO_PASSWORD}
    )


def test_the_login_page_speaks_good_swedish_and_sends_nobody_to_sign_up(swedish):
    body = swedish.get("/konto/login/").content.decode()
    assert "Har du redan ett konto" not in body
    assert "Epost" not in body and "epost" not in body
    assert 'placeholder="E-postadress"' in body
    assert 'href="/anslut/"' in body
    assert "/konto/signup/" not in body
    # The portal's form pattern: labels, 44 px inputs and buttons come from .field and .button.
    assert 'class="field' in body and 'class="button"' in body


def test_nobody_can_sign_up_on_their_own(swedish):
    page = swedish.get("/konto/signup/")
    assert "Konton skapas inte här" in page.content.decode()
    swedish.post(
        "/konto/signup/",
        {"email": "ny@exempel.test", "password1": "ett långt lösenord 42", "password2": "x"},
    )
    assert not get_user_model().objects.filter(email="ny@exempel.test").exists()


def test_a_wrong_password_shows_the_error_summary_in_swedish(swedish, contact):
    response = swedish.post("/konto/login/", {"login": contact.email, "password": "fel"})
    body = response.content.decode()
    assert 'class="error-summary"' in body and 'tabindex="-1"' in body
    assert "E-postadressen eller lösenordet stämmer inte." in body


def test_the_code_fields_open_the_number_keyboard(client, steering_member, newcomer):
    response = _sign_in(client, steering_member)
    page = client.get(response["Location"]).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", page).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field

    client.logout()
    _sign_in(client, newcomer)
    page = client.get(f"/konto/2fa/totp/activate/?next={QUESTION}").content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", page).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field


def test_the_key_is_shown_whole_as_text(client, newcomer):
    _sign_in(client, newcomer)
    response = client.get("/konto/2fa/totp/activate/")
    secret = response.context["form"].secret
    assert 'id="authenticator_secret" ' in response.content.decode()
    assert f">{secret}</code>" in response.content.decode()


def test_a_newcomer_is_not_asked_for_the_password_again_right_after_signing_in(client, newcomer):
    response = _sign_in(client, newcomer)
    # Every page leads to the setup, and the setup opens without "confirm your password".
    response = client.get(QUESTION)
    assert response["Location"].startswith("/konto/2fa/totp/activate/?next=")
    assert client.get(response["Location"]).status_code == 200


def test_an_old_sign_in_still_asks_for_the_password(client, newcomer, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    _sign_in(client, newcomer)
    response = client.get("/konto/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")


def test_the_way_on_is_kept_through_the_setup_to_the_recovery_codes(client, newcomer):
    _sign_in(client, newcomer)
    setup = client.get(client.get(QUESTION)["Location"])
    secret = setup.context["form"].secret
    assert f'name="next" value="{QUESTION}"' in setup.content.decode()
    response = client.post(
        "/konto/2fa/totp/activate/", {"code": totp_code(secret), "next": QUESTION}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/konto/2fa/recovery-codes/?next={QUESTION.replace('/', '%2F')}"
    codes = client.get(response["Location"])
    assert codes.status_code == 200
    assert f'href="{QUESTION}"' in codes.content.decode()


def test_a_foreign_next_is_dropped(client, newcomer):
    _sign_in(client, newcomer)
    secret = client.get("/konto/2fa/totp/activate/").context["form"].secret
    response = client.post(
        "/konto/2fa/totp/activate/", {"code": totp_code(secret), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/konto/2fa/recovery-codes/"
    assert "evil.example" not in client.get(response["Location"]).content.decode()


def test_a_first_sign_in_by_the_password_link_keeps_the_way_to_the_question(
    swedish, newcomer, settings
):
    from django.core import mail

    login = swedish.get(f"/konto/login/?next={QUESTION}").content.decode()
    link = re.search(r'href="(/konto/password/reset/\?next=[^"]+)"', login).group(1)
    assert "loggar du in för första gången" in login
    response = swedish.post(link.replace("&amp;", "&"), {"email": newcomer.email, "next": QUESTION})
    # "Check your email" first, not the question (which would only ask to sign in again).
    assert response["Location"].startswith("/konto/password/reset/done/")
    (message,) = mail.outbox
    reset_url = re.search(r"https?://\S+", message.body).group(0)
    assert reset_url.endswith(f"?next={QUESTION.replace('/', '%2F')}")
    path = reset_url.split("://", 1)[1].split("/", 1)[1]
    form = swedish.get("/" + path, follow=True)
    action = form.redirect_chain[-1][0]
    password = "ett långt och eget lösenord 2026"
    response = swedish.post(
        action, {"password1": password, "password2": password, "next": QUESTION}
    )
    # Signed in at once and sent on; the setup comes first for staff, then the question.
    assert response.status_code == 302
    assert response["Location"] == QUESTION
    assert swedish.get(QUESTION)["Location"].startswith("/konto/2fa/totp/activate/?next=")


def test_an_unknown_address_gets_a_swedish_answer(swedish, agreement):
    from django.core import mail

    swedish.post("/konto/password/reset/", {"email": "okand@exempel.test"})
    (message,) = mail.outbox
    assert "Det finns inget konto med den adressen här." in message.body
    assert f"Hej från {agreement.name}!" in message.body


@pytest.mark.parametrize("path", ["/konto/email/", "/konto/2fa/", "/konto/password/change/"])
def test_the_account_pages_write_e_postadress_and_tvastegsinloggning(swedish, contact, path):
    swedish.force_login(contact)
    text = re.sub(r"<[^>]+>", " ", swedish.get(path).content.decode())
    assert not re.search(r"[Ee]post|tvåfaktor|Vänligen|Verifiera", text)
