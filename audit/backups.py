"""Backups of the whole portal: the database and the uploaded files, in one archive.

One backup is one file, `samverkan-<UTC timestamp>.tar.gz`, holding

- `manifest.json`: when it was taken, the database vendor and version, the applied Django
  migrations and the number of rows in every table (all read from the same snapshot as
  the dump);
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (a
  consistent copy made with SQLite's online backup API, never a copy of a live file);
- `media/…`: everything under MEDIA_ROOT (application attachments, report PDFs).

`restore_backup` puts the database and MEDIA_ROOT back as they were when the backup was
taken. The `backup` and `restore` management commands (and `make backup` / `make restore`)
are thin wrappers around these functions.
"""

import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from common import env

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
MEDIA_DIR = "media"
# Staging directories that a restore makes inside MEDIA_ROOT; never part of a backup.
STAGING_PREFIX = ".restore-"


class BackupError(Exception):
    """Something that stops a backup or restore; the message says what to do."""


def backup_dir() -> Path:
    return Path(env.str_var("BACKUP_DIR", str(settings.BASE_DIR / "backups")))


# ---- PostgreSQL client programs -----------------------------------------------------------


def _major_version(program: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(match.group(1)) if match else None


def pg_program(name: str, server_major: int) -> str:
    """Path to pg_dump/pg_restore that can talk to a server of `server_major`.

    pg_dump refuses servers newer than itself, and a dump is best read by the same
    major version, so prefer that version's own bin directory (Debian keeps it out of
    PATH), then PG_BINDIR, pg_config's bindir and PATH; take the first that is new enough.
    """
    dirs = [Path(f"/usr/lib/postgresql/{server_major}/bin")]
    if env.str_var("PG_BINDIR"):
        dirs.insert(0, Path(env.str_var("PG_BINDIR")))
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip():
            dirs.append(Path(result.stdout.strip()))
    candidates = [d / name for d in dirs]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    found = []
    for candidate in candidates:
        if not (candidate.is_file() and os.access(candidate, os.X_OK)):
            continue
        major = _major_version(candidate)
        if major is not None and major >= server_major:
            return str(candidate)
        found.append(f"{candidate} ({major})")
    raise BackupError(
        _("No %(program)s for PostgreSQL %(version)s or newer found (tried: %(found)s).")
        % {"program": name, "version": server_major, "found": ", ".join(found) or "–"}
    )


def _pg_connection_args() -> tuple[list[str], dict[str, str]]:
    """Connection options and environment for the client programs, from DATABASES."""
    db = connection.settings_dict
    args = []
    if db.get("USER"):
        args += ["--username", db["USER"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    # Django's own psql client knows how password, service, SSL and passfile map to libpq.
    _, extra = DatabaseClient.settings_to_cmd_args_env(db, [])
    return args, {**os.environ, **(extra or {})}


def _run(command: list[str], env_vars: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env_vars)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed (exit code %(code)s): %(error)s")
            % {
                "program": Path(command[0]).name,
                "code": result.returncode,
                "error": result.stderr.strip(),
            }
        )


# ---- what is in a database ----------------------------------------------------------------


def _inventory(cursor, tables: list[str], quote) -> dict:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"tables": counts, "migrations": migrations}


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in rows]


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_inventory(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return _inventory(conn.cursor(), _sqlite_tables(conn), _sqlite_quote)
    finally:
        conn.close()


def current_inventory() -> dict:
    """Row counts and migrations of the configured database as it is now."""
    if connection.vendor == "sqlite":
        connection.close()
        return _sqlite_inventory(Path(connection.settings_dict["NAME"]))
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _inventory(cursor, tables, connection.ops.quote_name)


# ---- backup -------------------------------------------------------------------------------


def _dump_postgresql(target: Path) -> dict:
    """pg_dump into `target`; returns the inventory of exactly the snapshot it dumped."""
    server_major = connection.pg_version // 10000
    pg_dump = pg_program("pg_dump", server_major)
    args, env_vars = _pg_connection_args()
    # Export a snapshot from a read-only repeatable-read transaction, count the rows in it
    # and let pg_dump dump the same snapshot: the manifest describes the dump exactly.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        inventory = _inventory(cursor, tables, connection.ops.quote_name)
        _run(
            [
                pg_dump,
                *args,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                "--dbname",
                connection.settings_dict["NAME"],
            ],
            env_vars,
        )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        inventory["server_version"] = cursor.fetchone()[0]
    return inventory


def _dump_sqlite(target: Path) -> dict:
    source_path = Path(connection.settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(_("The SQLite database %(path)s does not exist.") % {"path": source_path})
    connection.close()
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state even while the portal writes.
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    inventory = _sqlite_inventory(target)
    inventory["server_version"] = sqlite3.sqlite_version
    return inventory


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    files = []
    for root, dirs, names in os.walk(media_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(STAGING_PREFIX))
        files += [Path(root) / name for name in sorted(names)]
    return files


def create_backup(directory: Path | None = None) -> tuple[Path, dict]:
    """Write one backup archive into `directory` (BACKUP_DIR); returns its path and manifest."""
    directory = Path(directory or backup_dir())
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    archive = directory / f"samverkan-{created:%Y%m%dT%H%M%SZ}.tar.gz"
    if archive.exists():
        raise BackupError(_("%(path)s exists already.") % {"path": archive})
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %s.") % vendor)

    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        dump = Path(work) / (PG_DUMP_FILE if vendor == "postgresql" else SQLITE_FILE)
        inventory = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "database": {
                "vendor": vendor,
                "version": inventory["server_version"],
                "name": str(connection.settings_dict["NAME"]),
                "file": dump.name,
            },
            "migrations": inventory["migrations"],
            "tables": inventory["tables"],
            "media": {
                "files": len(media),
                "bytes": sum(path.stat().st_size for path in media),
            },
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        # Written under a temporary name and renamed when complete: a backup that failed
        # half-way never looks like one that can be restored. It holds personal data.
        partial = Path(work) / "archive.partial"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA_DIR, recursive=False)
            for path in media:
                tar.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}")
        partial.chmod(0o600)
        partial.rename(archive)
    return archive, manifest


# ---- restore ------------------------------------------------------------------------------


@dataclass
class OpenedBackup:
    """A backup unpacked into a staging directory inside MEDIA_ROOT."""

    staging: Path
    manifest: dict

    @property
    def database_file(self) -> Path:
        return self.staging / self.manifest["database"]["file"]

    @property
    def media(self) -> Path:
        return self.staging / MEDIA_DIR


def read_manifest(path: Path) -> dict:
    """The manifest of a backup archive (or of an unpacked backup directory)."""
    path = Path(path)
    try:
        if path.is_dir():
            return json.loads((path / MANIFEST).read_text())
        with tarfile.open(path, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            return json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(
            _("%(path)s is not a readable backup: %(error)s") % {"path": path, "error": error}
        ) from None


def check_compatible(manifest: dict) -> list[str]:
    """Raise if the backup cannot go into the configured database; return warnings."""
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("Unknown backup format %s.") % manifest.get("format"))
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _("The backup holds a %(backup)s database; the configured one is %(configured)s.")
            % {"backup": vendor, "configured": connection.vendor}
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        return [
            _(
                "The backup was taken by a newer version of the portal (migrations this code "
                "does not have: %s)."
            )
            % ", ".join(unknown)
        ]
    return []


def _unpack(path: Path, media_root: Path) -> Path:
    media_root.mkdir(parents=True, exist_ok=True)
    # Inside MEDIA_ROOT, so the files move into place by renaming, on the same file system.
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root))
    try:
        if path.is_dir():
            shutil.copytree(path, staging, dirs_exist_ok=True)
        else:
            with tarfile.open(path, "r:*") as tar:
                tar.extractall(staging, filter="data")
        (staging / MEDIA_DIR).mkdir(exist_ok=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _restore_postgresql(dump: Path) -> None:
    server_major = connection.pg_version // 10000
    pg_restore = pg_program("pg_restore", server_major)
    args, env_vars = _pg_connection_args()
    connection.close()
    # One transaction: a restore that fails leaves the database as it was.
    _run(
        [
            pg_restore,
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            str(dump),
        ],
        env_vars,
    )


def _restore_sqlite(copy_path: Path) -> None:
    target_path = Path(connection.settings_dict["NAME"])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    connection.close()
    # The backup API replaces the whole database under SQLite's own lock: a running server
    # sees the restored data instead of keeping a deleted file open, and no stale -wal or
    # -journal file is left to mix with a new one.
    source = sqlite3.connect(copy_path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _replace_media(media_root: Path, staging: Path) -> None:
    for child in media_root.iterdir():
        if child == staging:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in (staging / MEDIA_DIR).iterdir():
        child.rename(media_root / child.name)


@dataclass
class RestoreResult:
    manifest: dict
    tables_not_in_backup: list[str]


def restore_backup(path: Path) -> RestoreResult:
    """Replace the configured database and MEDIA_ROOT with the backup at `path`.

    Returns the manifest and the tables the database has that the backup does not. Raises
    BackupError before changing anything if the backup is unreadable or for another
    database vendor, and after restoring if the row counts do not match the manifest.
    """
    path = Path(path)
    manifest = read_manifest(path)
    check_compatible(manifest)
    media_root = Path(settings.MEDIA_ROOT)
    staging = _unpack(path, media_root)
    try:
        opened = OpenedBackup(staging, manifest)
        if not opened.database_file.is_file():
            raise BackupError(_("The backup has no database file."))
        if manifest["database"]["vendor"] == "postgresql":
            _restore_postgresql(opened.database_file)
        else:
            _restore_sqlite(opened.database_file)
        _replace_media(media_root, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    now = current_inventory()["tables"]
    differ = sorted(table for table, count in manifest["tables"].items() if now.get(table) != count)
    if differ:
        raise BackupError(
            _("Restored, but these tables do not have the row counts of the backup: %s")
            % ", ".join(differ)
        )
    # pg_restore --clean drops only what the dump holds: tables that newer migrations made
    # since the backup stay, and `migrate` would trip over them.
    return RestoreResult(manifest, sorted(set(now) - set(manifest["tables"])))
