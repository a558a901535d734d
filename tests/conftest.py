"""Shared fixtures: personas, demo agreement, real services.

`make test` starts PostgreSQL and Redis and sets SAMVERKAN_REQUIRE_SERVICES=1:
then a test that needs PostgreSQL, Redis or Chromium fails instead of skipping.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

REQUIRE_SERVICES = os.environ.get("SAMVERKAN_REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("SAMVERKAN_TEST_REDIS_URL", "")
DEMO_PASSWORD = "correct-horse-battery-staple-42"


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    where = f"{db.get('HOST')}:{db.get('PORT')}" if db.get("HOST") else db["NAME"]
    lines = [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} at {where}"]
    lines.append(f"redis for the Celery worker test: {REDIS_URL or 'not configured'}")
    lines.append(f"chromium: {shutil.which('chromium') or 'not installed'}")
    return lines


def _missing(what: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required under `make test` but is not available")
    pytest.skip(f"{what} not available (run `make test`)")


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        _missing("PostgreSQL")


@pytest.fixture
def redis_url():
    if not REDIS_URL:
        _missing("Redis")
    return REDIS_URL


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium")
    if not path:
        _missing("Chromium")
    return path


# ---- the demo agreement -------------------------------------------------------------------


@pytest.fixture
def agreement(db):
    from agreements.demo import seed_agreement

    return seed_agreement()


# ---- personas ------------------------------------------------------------------------------


def _make_user(email: str, *, group: str | None = None, staff: bool = False, superuser=False):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=email,
        email=email,
        password=DEMO_PASSWORD,
        is_staff=staff or superuser,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def public(client):
    """An anonymous visitor."""
    return client


@pytest.fixture
def steering_member(db):
    from config.roles import STEERING_GROUP

    return _make_user("ledamot@styrgrupp.test", group=STEERING_GROUP, staff=True)


@pytest.fixture
def process_leader(db):
    from config.roles import PROCESS_LEADER

    return _make_user("processledare@region.test", group=PROCESS_LEADER, staff=True)


@pytest.fixture
def admin_user(db):
    return _make_user("admin@region.test", superuser=True)


@pytest.fixture
def applicant(db):
    """Someone with a verified account who does not yet represent a party."""
    return _make_user("sekreterare@forening.test")


@pytest.fixture
def as_user(client):
    """Sign the test client in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
