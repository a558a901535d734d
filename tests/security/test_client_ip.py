"""Behind the stack's proxy, limits count per client, not per proxy (#15.28)."""

import pytest
from django.test import RequestFactory

from config.clientip import client_ip

PROXY = "172.18.0.5"
CLIENT_A = "203.0.113.9"
CLIENT_B = "198.51.100.7"
TOO_MANY = "Du har försökt logga in för många gånger"


def _through_proxy(forwarded_for: str):
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": forwarded_for})


def test_it_takes_the_address_the_proxy_appended(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    assert client_ip(_through_proxy(CLIENT_A)) == CLIENT_A
    # What a client writes into the header itself is to the left, and ignored.
    assert client_ip(_through_proxy(f"10.9.8.7, {CLIENT_A}")) == CLIENT_A


def test_it_ignores_the_header_without_a_trusted_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0

    assert client_ip(_through_proxy(CLIENT_A)) == PROXY


def test_the_application_form_counts_by_the_same_address(settings):
    from django_ratelimit.core import get_usage

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = _through_proxy(f"10.9.8.7, {CLIENT_A}")
    usage = get_usage(request, group="test", key="ip", rate="5/h", increment=True)
    other = get_usage(_through_proxy(CLIENT_B), group="test", key="ip", rate="5/h")

    assert usage["count"] == 1
    assert other["count"] == 0


@pytest.mark.django_db
def test_a_locked_out_client_does_not_lock_out_others_behind_the_same_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def fail_sign_in(address: str, attempt: int):
        return client.post(
            "/konto/login/",
            {"login": f"nobody-{attempt}@forening.test", "password": "fel-lösenord-123"},
            REMOTE_ADDR=PROXY,
            headers={"X-Forwarded-For": address},
        )

    for attempt in range(10):
        assert TOO_MANY not in fail_sign_in(CLIENT_A, attempt).content.decode()

    assert TOO_MANY in fail_sign_in(CLIENT_A, 10).content.decode()
    assert TOO_MANY not in fail_sign_in(CLIENT_B, 11).content.decode()
