"""Two-factor sign-in: compulsory for staff, open to contact persons, one way into the admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import DEMO_PASSWORD, STAFF_TOTP_SECRET, _make_user, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts failed sign-ins and used codes in the cache.
    cache.clear()
    yield
    cache.clear()


def _open_setup(client, next_url=""):
    """The authenticator setup; allauth asks for the password again before any change to an
    account's sign-in, unless the person signed in within ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    path = "/konto/2fa/totp/activate/" + (f"?next={next_url}" if next_url else "")
    response = client.get(path)
    if response.status_code == 302 and response["Location"].startswith("/konto/reauthenticate/"):
        client.post(response["Location"], {"password": DEMO_PASSWORD})
        response = client.get(path)
    assert response.status_code == 200
    return response.context["form"].secret


def _password_step(client, email, password=DEMO_PASSWORD, next_url="/admin/"):
    return client.post(f"/konto/login/?next={next_url}", {"login": email, "password": password})


def test_the_admin_sends_its_sign_in_to_the_portals_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"], follow=True)
    assert login.redirect_chain[-1][0].startswith("/konto/login/?next=")
    # The admin's own password-only form is never shown.
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_staff_password_alone_does_not_sign_in(client, steering_member):
    response = _password_step(client, steering_member.email)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/authenticate/")
    # Not signed in yet: the admin still sends them to sign in.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_staff_signs_in_with_password_and_code_and_reaches_the_admin(client, steering_member):
    response = _password_step(client, steering_member.email)
    response = client.post(response["Location"], {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_in_swedish(client, steering_member):
    response = _password_step(client, steering_member.email)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    response = client.post(response["Location"], {"code": wrong})
    assert response.status_code == 200
    with translation.override("sv"):
        assert gettext("Incorrect code.") in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_works_once(client, steering_member):
    code = totp_code()
    response = _password_step(client, steering_member.email)
    assert client.post(response["Location"], {"code": code}).status_code == 302
    client.logout()
    response = _password_step(client, steering_member.email)
    assert client.post(response["Location"], {"code": code}).status_code == 200


def test_a_recovery_code_replaces_the_app(client, steering_member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(steering_member).generate_codes()
    response = _password_step(client, steering_member.email)
    response = client.post(response["Location"], {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, reference_data):
    from common.roles import PROCESS_LEADER

    newcomer = _make_user("ny@region.test", group=PROCESS_LEADER, staff=True)
    Authenticator.objects.filter(user=newcomer).delete()
    response = _password_step(client, newcomer.email)
    # Without a second factor the password signs in, but every page leads to the setup.
    assert response.status_code == 302
    for path in ("/admin/", "/rapporter/", "/min-organisation/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/konto/2fa/totp/activate/"), path
    secret = _open_setup(client, "/admin/")
    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=newcomer, type="totp").exists()
    # With the app set up, the admin opens in the same session.
    assert client.get("/admin/").status_code == 200


def test_removing_the_app_sends_staff_back_to_the_setup(client, steering_member):
    response = _password_step(client, steering_member.email)
    client.post(response["Location"], {"code": totp_code()})
    assert client.get("/admin/").status_code == 200
    Authenticator.objects.filter(user=steering_member).delete()
    # The removal through the pages clears the session's mark; a removal behind its back
    # (here) is caught at the next sign-in.
    client.logout()
    _password_step(client, steering_member.email)
    assert client.get("/admin/")["Location"].startswith("/konto/2fa/totp/activate/")


def test_contact_persons_are_not_forced_but_may_turn_it_on(client, applicant):
    response = client.post("/konto/login/", {"login": applicant.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/min-organisation/").status_code in (200, 302)
    assert "/2fa/" not in client.get("/min-organisation/").get("Location", "")
    page = client.get("/konto/2fa/")
    assert page.status_code == 200
    secret = _open_setup(client)
    client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=applicant, type="totp").exists()
    # From now on their sign-in asks for the code too.
    client.logout()
    response = client.post("/konto/login/", {"login": applicant.email, "password": DEMO_PASSWORD})
    assert response["Location"].startswith("/konto/2fa/authenticate/")


def test_too_many_wrong_passwords_get_a_kind_swedish_message(client, steering_member):
    for _attempt in range(5):
        response = _password_step(client, steering_member.email, password="fel-lösenord")
        assert response.status_code == 200
    response = _password_step(client, steering_member.email, password="fel-lösenord")
    body = response.content.decode()
    with translation.override("sv"):
        expected = gettext(
            "You have tried to sign in too many times in a short while. For your account's "
            "safety, please wait a few minutes and try again. If you have forgotten your "
            "password, you can choose a new one with “Forgot your password?”."
        )
    assert expected.split(".")[0] in body
    # Even the right password is refused while the limit holds.
    response = _password_step(client, steering_member.email)
    assert response.status_code == 200
    assert expected.split(".")[0] in response.content.decode()


def test_the_staff_personas_have_the_shared_secret(steering_member):
    from allauth.mfa.totp.internal.auth import TOTP

    totp = TOTP(Authenticator.objects.get(user=steering_member, type="totp"))
    assert totp.validate_code(totp_code(STAFF_TOTP_SECRET))
