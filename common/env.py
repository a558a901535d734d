"""Strict readers for environment variables.

A wrong value stops start-up with a message that names the variable, instead of
silently falling back to a default that may be unsafe in production.
"""

import os
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def bool_var(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value; use one of 1/0, true/false, yes/no, on/off."
    )


def int_var(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def str_var(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def list_var(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_var(name: str, default: dict) -> dict:
    value = _raw(name)
    if not value:
        return default
    scheme = urlsplit(value).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must be a URL like postgres://user:password@host:5432/name "
            f"or sqlite:////path/to/file.sqlite3 (got scheme {scheme!r})."
        )
    try:
        config = environ.Env.db_url_config(value)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} does not name a database (…/databasename).")
    return config


def broker_var(name: str) -> str:
    value = _raw(name) or ""
    if value and urlsplit(value).scheme not in {"redis", "rediss", "memory"}:
        raise ImproperlyConfigured(f"{name} must be a redis:// URL (got {value!r}).")
    return value


def email_var(name: str) -> dict:
    value = _raw(name)
    if not value:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    scheme = urlsplit(value).scheme
    if scheme not in {
        "smtp",
        "smtps",
        "smtp+tls",
        "smtp+ssl",
        "consolemail",
        "filemail",
        "memorymail",
        "dummymail",
    }:
        raise ImproperlyConfigured(
            f"{name} must be a URL like smtp://user:password@host:587 (got scheme {scheme!r})."
        )
    try:
        config = environ.Env.email_url_config(value)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from None
    return config
