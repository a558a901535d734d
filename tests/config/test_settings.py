"""Start-up refuses wrong configuration with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "REDIS_URL",
            "EMAIL_URL",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_overrides)
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy" if env.get("DEBUG") == "0" else "--fail-level=ERROR",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "postgres://user@host:port/db"),
        ("DATABASE_URL", "mysql://user@host/db"),
        ("EMAIL_URL", "pigeon://loft"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("CONN_MAX_AGE", "forever"),
    ],
)
def test_it_refuses_a_wrong_value_and_names_the_variable(variable, value):
    result = _start(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_it_requires_a_secret_key_and_hosts_in_production():
    result = _start(DEBUG="0")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    result = _start(DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_it_starts_hardened_in_production():
    result = _start(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="samverkan.example",
        DATABASE_URL="postgres://u:p@db.example:5432/samverkan",
        EMAIL_URL="smtp://mail.example:587",
        CELERY_BROKER_URL="redis://redis.example:6379/0",
    )
    # `check --deploy` passes only when secure cookies, HSTS and SSL redirect are on.
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr


def test_it_runs_on_the_embedded_defaults(settings):
    from django.conf import settings as live

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
            "django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
            "s.EMAIL_BACKEND, s.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ], out.stderr
    assert live.LANGUAGE_CODE == "sv"
