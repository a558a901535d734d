"""The compose stack's file: what it refuses and what it sets (CI validates it with
docker-compose; these read the text, so they run everywhere)."""

import re
from pathlib import Path

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_it_refuses_to_start_without_a_secret_key():
    text = COMPOSE.read_text()
    (line,) = re.findall(r"^\s*SECRET_KEY:.*$", text, flags=re.MULTILINE)
    # ${VAR:?message}: compose stops with the message when SECRET_KEY is unset or empty.
    assert "${SECRET_KEY:?" in line
    assert "SECRET_KEY is not set" in line
    assert "change-me" not in text


def _service(name: str) -> str:
    """The text of one service's block in the compose file."""
    text = COMPOSE.read_text()
    match = re.search(rf"^  {name}:\n(.*?)(?=^  \w[\w-]*:\n|^\S)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no service {name}"
    return match.group(1)


def test_it_lets_requests_in_only_through_the_proxy():
    assert "ports:" not in _service("web")
    proxy = _service("proxy")
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy
    assert '"${WEB_PORT:-8000}:8080"' in proxy


def test_it_trusts_exactly_the_one_proxy_for_the_clients_address():
    assert "ALLAUTH_TRUSTED_PROXY_COUNT: ${ALLAUTH_TRUSTED_PROXY_COUNT:-1}" in COMPOSE.read_text()
    nginx = (COMPOSE.parent / "deploy" / "nginx.conf").read_text()
    # Appended, not replaced: what the client wrote stays to the left and is ignored.
    assert "X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx


def test_the_proxy_refuses_bodies_above_the_largest_the_portal_takes(settings):
    nginx = (COMPOSE.parent / "deploy" / "nginx.conf").read_text()
    (megabytes,) = re.findall(r"client_max_body_size (\d+)m;", nginx)
    largest = max([settings.REQUEST_BODY_MAX_BYTES, *settings.REQUEST_BODY_LIMITS.values()])
    assert int(megabytes) * 1024 * 1024 == largest
