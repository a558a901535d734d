"""Links in emails and feeds point where `make run` serves, unless SITE_URL says otherwise."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _site_url(**env_overrides: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "RUN_HOST", "RUN_PORT", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_it_follows_the_port_make_run_serves_on():
    assert _site_url(RUN_HOST="127.0.0.1", RUN_PORT="8101") == "http://127.0.0.1:8101"


def test_it_links_to_the_machine_when_make_run_listens_everywhere():
    assert _site_url(RUN_HOST="0.0.0.0", RUN_PORT="8101") == "http://127.0.0.1:8101"


def test_an_explicit_site_url_wins():
    assert (
        _site_url(SITE_URL="https://samverkan.example/", RUN_PORT="8101")
        == "https://samverkan.example"
    )


def test_it_keeps_the_old_default_with_nothing_set():
    assert _site_url() == "http://127.0.0.1:8000"


def test_make_run_passes_its_host_and_port_to_every_step():
    result = subprocess.run(
        ["make", "-n", "run", "RUN_PORT=8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    steps = [line for line in result.stdout.splitlines() if "manage.py" in line]
    django_steps = [s for s in steps if "migrate" in s or "seed_demo" in s or "runserver" in s]
    assert len(django_steps) == 3
    assert all("RUN_PORT=8101" in step for step in django_steps)
