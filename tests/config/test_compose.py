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
