"""`make backup` / `make restore`: a seeded database and its uploads survive a round trip.

Each test seeds a database, writes an uploaded file, takes a backup with the management
command in a subprocess (as `make backup` does), damages rows and files, restores, and
compares every table's row count and checksum with what they were before.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bytecode_cache(tmp_path_factory) -> Path:
    """Where the subprocesses share compiled modules instead of each compiling all again."""
    return tmp_path_factory.mktemp("pycache")


def python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    if "PYTHONPYCACHEPREFIX" in env:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return python("manage.py", *args, env=env)


def archive_from(result: subprocess.CompletedProcess) -> Path:
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def seed() -> Path:
    """The demo agreement and its parties, and one uploaded report PDF; returns its path.

    Runs in the test database (PostgreSQL) and in the subprocess that builds the SQLite
    file. Needs the roles and areas of activity the migrations create.
    """
    from django.core.files.base import ContentFile

    from agreements.demo import seed_agreement
    from followup.models import AnnualReport
    from parties.demo import seed_parties

    agreement = seed_agreement()
    seed_parties(agreement)
    report = AnnualReport(agreement=agreement, year=2026, version=1)
    report.file.save("arsrapport.pdf", ContentFile(PDF), save=False)
    report.status = AnnualReport.Status.READY
    report.save()
    return Path(report.file.path)


PDF = b"%PDF-1.7 the annual report"

# ---- SQLite --------------------------------------------------------------------------------

SEED_SQLITE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.config.test_backup import seed
print(seed())
"""


def sqlite_tables(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row, in rowid order, per table."""
    conn = sqlite3.connect(path)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = {}
        for name in names:
            digest = hashlib.md5()
            count = 0
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                digest.update(repr(row).encode())
                count += 1
            tables[name] = (count, digest.hexdigest())
        return tables
    finally:
        conn.close()


def test_it_restores_a_sqlite_database_and_its_uploads(tmp_path, bytecode_cache):
    db_file = tmp_path / "portal.sqlite3"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{db_file}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "PYTHONPYCACHEPREFIX": str(bytecode_cache),
    }
    seeded = python("-c", SEED_SQLITE, env=env)
    assert seeded.returncode == 0, seeded.stderr
    upload = Path(seeded.stdout.strip().splitlines()[-1])
    assert upload.read_bytes() == PDF
    before = sqlite_tables(db_file)
    assert before["parties_organisation"][0] >= 30

    archive = archive_from(manage("backup", env=env))
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("samverkan-") and archive.name.endswith(".tar.gz")

    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM parties_contactperson")
    conn.execute("DELETE FROM parties_organisation WHERE id % 2 = 0")
    conn.execute("DELETE FROM followup_annualreport")
    conn.execute("UPDATE agreements_principle SET name = name || ' (ändrad)'")
    conn.commit()
    conn.close()
    upload.unlink()
    (tmp_path / "media" / "uploaded-after-the-backup.pdf").write_bytes(b"%PDF later")
    damaged = sqlite_tables(db_file)
    for table in ("parties_contactperson", "parties_organisation", "followup_annualreport"):
        assert damaged[table][0] < before[table][0]
    assert damaged["agreements_principle"][1] != before["agreements_principle"][1]

    restored = manage("restore", "--no-input", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr

    assert sqlite_tables(db_file) == before
    assert upload.read_bytes() == PDF
    assert not (tmp_path / "media" / "uploaded-after-the-backup.pdf").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["", "no"])
def test_it_asks_before_restoring_and_changes_nothing_without_a_yes(
    answer, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "now.pdf").write_bytes(b"now")
    backup = tmp_path / "backup"
    (backup / "media").mkdir(parents=True)
    (backup / "media" / "then.pdf").write_bytes(b"then")
    (backup / "manifest.json").write_text(
        json.dumps(
            {
                "format": 1,
                "created_at": "2026-11-27T12:00:00+00:00",
                "database": {"vendor": connection.vendor, "file": "database.dump"},
                "migrations": {},
                "tables": {},
                "media": {"files": 1, "bytes": 4},
            }
        )
    )

    def no_terminal(prompt):
        raise EOFError  # what input() does in CI, which has no stdin

    monkeypatch.setattr("builtins.input", (lambda prompt: answer) if answer else no_terminal)
    # The message is in the active language (Swedish); the way round it reads the same.
    with pytest.raises(CommandError, match="--no-input"):
        call_command("restore", str(backup), stdout=StringIO())
    assert [path.name for path in settings.MEDIA_ROOT.iterdir()] == ["now.pdf"]


def test_it_refuses_make_restore_without_a_backup():
    env = {name: value for name, value in os.environ.items() if name not in {"BACKUP", "YES"}}
    result = subprocess.run(
        ["make", "-s", "restore"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "BACKUP=" in result.stderr
    dry_run = subprocess.run(
        ["make", "-n", "restore", "BACKUP=backups/x.tar.gz", "YES=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "manage.py restore --no-input" in dry_run.stdout


# ---- PostgreSQL ----------------------------------------------------------------------------


def postgres_tables() -> dict[str, tuple[int, str]]:
    tables = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            table = connection.ops.quote_name(name)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f"FROM {table} t"
            )
            tables[name] = tuple(cursor.fetchone())
    return tables


def database_url_of_the_test_db() -> str:
    db = connection.settings_dict
    # pytest-django's database, never the one DATABASE_URL names for the portal itself.
    assert db["NAME"].startswith("test_")
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_restores_a_postgresql_database_and_its_uploads(
    require_postgres, reference_data, tmp_path, settings, bytecode_cache
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf = seed()
    assert pdf.is_relative_to(tmp_path / "media")
    before = postgres_tables()
    assert before["parties_organisation"][0] >= 30

    env = {
        "DATABASE_URL": database_url_of_the_test_db(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "PYTHONPYCACHEPREFIX": str(bytecode_cache),
    }
    archive = archive_from(manage("backup", env=env))

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE parties_application, parties_contactperson CASCADE")
        cursor.execute("DELETE FROM followup_annualreport")
        cursor.execute("UPDATE agreements_principle SET name = name || ' (ändrad)'")
    pdf.unlink()
    damaged = postgres_tables()
    for table in ("parties_application", "parties_contactperson", "followup_annualreport"):
        assert damaged[table][0] < before[table][0]
    assert damaged["agreements_principle"][1] != before["agreements_principle"][1]

    restored = manage("restore", "--no-input", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr

    assert postgres_tables() == before
    assert pdf.read_bytes() == PDF
