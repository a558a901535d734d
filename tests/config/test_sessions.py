"""Staff sessions end 12 hours after signing in and after 30 idle minutes; contact persons
may stay signed in with "Kom ihåg mig" (#15.22)."""

import pytest
from django.test import Client
from django.utils import timezone

from config.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.conftest import DEMO_PASSWORD, totp_code

MINUTE = 60
HOUR = 60 * MINUTE


def _signed_in(user, *, signed_in_ago: float, last_seen_ago: float | None = None) -> Client:
    """A client whose session began `signed_in_ago` seconds ago (and was last used
    `last_seen_ago` seconds ago): the session as it would be after that time."""
    client = Client()
    client.force_login(user)
    now = timezone.now().timestamp()
    session = client.session
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN] = now - (signed_in_ago if last_seen_ago is None else last_seen_ago)
    session.save()
    return client


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_signs_staff_out_after_thirty_idle_minutes(steering_member):
    client = _signed_in(steering_member, signed_in_ago=2 * HOUR, last_seen_ago=31 * MINUTE)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0].startswith("/konto/login/?next=/admin/")
    assert "inte har varit aktiv på 30 minuter" in response.content.decode()
    assert not _is_signed_in(client)


def test_it_keeps_staff_signed_in_while_they_work(steering_member):
    client = _signed_in(steering_member, signed_in_ago=2 * HOUR, last_seen_ago=29 * MINUTE)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert timezone.now().timestamp() - client.session[LAST_SEEN] < MINUTE
    # The cookie itself goes after 30 idle minutes too.
    assert 0 < int(response.cookies["sessionid"]["max-age"]) <= 30 * MINUTE


def test_it_signs_staff_out_twelve_hours_after_signing_in_however_active(process_leader):
    client = _signed_in(process_leader, signed_in_ago=12 * HOUR + MINUTE, last_seen_ago=MINUTE)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0].startswith("/konto/login/?next=/admin/")
    assert "var 12:e timme" in response.content.decode()
    assert not _is_signed_in(client)


def test_it_lets_no_staff_cookie_outlive_the_twelve_hours(process_leader):
    client = _signed_in(
        process_leader, signed_in_ago=12 * HOUR - 10 * MINUTE, last_seen_ago=2 * MINUTE
    )

    response = client.get("/admin/")

    assert response.status_code == 200
    assert int(response.cookies["sessionid"]["max-age"]) <= 10 * MINUTE


def test_a_page_polling_in_the_background_does_not_keep_staff_signed_in(process_leader):
    client = _signed_in(process_leader, signed_in_ago=HOUR, last_seen_ago=25 * MINUTE)
    before = client.session[LAST_SEEN]

    client.get("/admin/", headers={"Sec-Fetch-Dest": "empty"})

    assert client.session[LAST_SEEN] == before


def test_staff_who_tick_remember_me_still_get_a_short_session(client, steering_member):
    response = client.post(
        "/konto/login/?next=/admin/",
        {"login": steering_member.email, "password": DEMO_PASSWORD, "remember": "on"},
    )
    response = client.post(response["Location"], {"code": totp_code()})

    assert response["Location"] == "/admin/"
    assert 0 < int(response.cookies["sessionid"]["max-age"]) <= 30 * MINUTE
    assert client.get("/admin/").status_code == 200


def test_a_contact_who_ticks_remember_me_stays_signed_in_for_two_weeks(client, contact):
    response = client.post(
        "/konto/login/", {"login": contact.email, "password": DEMO_PASSWORD, "remember": "on"}
    )

    assert response.status_code == 302
    assert int(response.cookies["sessionid"]["max-age"]) == 14 * 24 * HOUR


@pytest.mark.django_db
def test_a_contact_long_idle_is_still_signed_in(contact):
    client = _signed_in(contact, signed_in_ago=3 * 24 * HOUR)

    response = client.get("/min-organisation/")

    assert response.status_code == 200
    assert _is_signed_in(client)
