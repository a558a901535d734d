"""What the benchmarks share: a throwaway database to seed and measure in.

Without DATABASE_URL: a SQLite file in a new temporary directory, migrated. With
DATABASE_URL (PostgreSQL): a database next to the one named there (`test_<name>`, as the
test runner names it; an old one of that name is dropped), migrated, dropped at the end.
The database in DATABASE_URL itself is never written to.
"""

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Database:
    vendor: str
    # The URL other processes (gunicorn) use to reach the same database.
    url: str


@contextmanager
def throwaway_database() -> Iterator[Database]:
    """Set Django up on a fresh, migrated database and remove it afterwards.

    Call before anything imports Django's settings; the caller may set environment
    variables (MEDIA_ROOT, EMAIL_URL, ...) first.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Rendering is what the in-process timings measure, not the page cache's hits.
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    tmpdir = None
    if not os.environ.get("DATABASE_URL"):
        tmpdir = tempfile.mkdtemp(prefix="samverkan-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    test_db = None
    try:
        url = os.environ["DATABASE_URL"]
        if connection.vendor != "sqlite":
            test_db = f"test_{connection.settings_dict['NAME']}"
            _admin(f'DROP DATABASE IF EXISTS "{test_db}"', f'CREATE DATABASE "{test_db}"')
            connection.close()
            connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = test_db
            url = urlsplit(url)._replace(path=f"/{test_db}").geturl()
        call_command("migrate", verbosity=0)
        yield Database(vendor=connection.vendor, url=url)
    finally:
        if test_db is not None:
            connection.close()
            _admin(f'DROP DATABASE IF EXISTS "{test_db}" WITH (FORCE)')
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)


def _admin(*statements: str) -> None:
    """Run statements on the server's `postgres` database, outside Django (a CREATE
    DATABASE cannot run in a transaction, and no project code needs to see it)."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as admin:
        for statement in statements:
            admin.execute(statement)
