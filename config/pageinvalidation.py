"""What invalidates the cached public pages (config.pagecache), decided in one place.

Invalidation is global and blunt, so that nothing can be forgotten: every INSERT, UPDATE or
DELETE (from a model's save, a queryset's `update()`, a bulk operation or raw SQL) replaces
the *generation*, a token that is part of every key. It is replaced at once and again when
the transaction commits, so a page rendered by another process between the write and the
commit (which still saw the old rows) is stored under a generation nobody asks for any
more. Writes to tables that never show on a page (sessions, the outbox, the admin's log)
leave it alone, and so do new rows that no page shows yet (`UNSEEN_NEW_ROWS`: what an
application to join makes). What invalidates the pages is decided here, by model; the
services know nothing of the cache. A change that does not go through the database calls
`changed()`.

The generation lives where every process sees it: in Redis when one is configured (the
"pages" cache), else in a file next to the cached pages (a `FileBasedCache` directory).
"""

import logging
import os
import re
import tempfile
import threading
import uuid

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_save, pre_save

log = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"

# Rows that never show on a public page: writing them keeps the cached pages. Signing in
# writes a session (and allauth's and the admin's bookkeeping); sending an email claims a
# row in the outbox.
QUIET_MODELS = (
    "sessions.Session",
    "admin.LogEntry",
    "audit.SentNotification",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "usersessions.UserSession",
)

# New rows that show on no public page while they are in this state: saving one, and linking
# it to others (its many-to-many rows) while it is in that state, keeps the cached pages.
# They are what the one frequent write of anonymous visitors makes, an application to join:
# a pending organisation and its application, the future contact person (not yet current)
# with an account and address of their own, and the audit trail's entries (which show only
# to staff and to the party itself). None shows on a public page until the steering group
# approves the application, and that writes the organisation, which invalidates as usual.
# Without this, five applications a second would empty the cache five times a second.
UNSEEN_NEW_ROWS = {
    # A new organisation shows nowhere until a membership of it is active.
    "parties.Organisation": lambda row: True,
    "parties.Membership": lambda row: row.status == "pending",
    "parties.Application": lambda row: row.status == "pending",
    "parties.ContactPerson": lambda row: not row.is_current,
    "auth.User": lambda row: True,  # nothing links to a new account yet
    "account.EmailAddress": lambda row: True,
    "audit.AuditEntry": lambda row: True,
}

# ---- the generation ----------------------------------------------------------------------


def _new_token() -> str:
    # A fresh value, never an increment: two processes that replace the generation at
    # the same moment may lose one write, but never land on a value a page was stored under.
    return uuid.uuid4().hex


class _FileGeneration:
    """The generation as a small file, replaced atomically; read on every request."""

    def __init__(self, directory: str):
        self.directory = directory
        self.path = os.path.join(directory, GENERATION_KEY)

    def get(self) -> str:
        try:
            with open(self.path, "rb") as file:
                return file.read().decode()
        except FileNotFoundError:
            self.replace()
            return self.get()

    def replace(self) -> None:
        try:
            self._write()
        except FileNotFoundError:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            self._write()

    def _write(self) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".generation")
        try:
            os.write(handle, _new_token().encode())
        finally:
            os.close(handle)
        os.replace(temporary, self.path)


class _CacheGeneration:
    """The generation as a key of the pages cache (Redis), which never expires."""

    def __init__(self, cache):
        self.cache = cache

    def get(self) -> str:
        value = self.cache.get(GENERATION_KEY)
        if value is None:  # never set, evicted or flushed: start a new one
            self.cache.add(GENERATION_KEY, _new_token(), timeout=None)
            value = self.cache.get(GENERATION_KEY)
        return value

    def replace(self) -> None:
        self.cache.set(GENERATION_KEY, _new_token(), timeout=None)


def _generation():
    cache = caches[CACHE_ALIAS]
    if isinstance(cache, FileBasedCache):
        # FileBasedCache lists its whole directory on every set; the generation is
        # replaced on every write, so it is a file of its own.
        return _FileGeneration(cache._dir)
    return _CacheGeneration(cache)


def _replace_generation() -> None:
    try:
        _generation().replace()
    except Exception:  # noqa: BLE001 - a cache outage must not fail the write itself
        log.warning("Could not invalidate the page cache", exc_info=True)


_local = threading.local()


def changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Cached pages are out of date: now, and again when the current transaction commits."""
    _changed_on(connections[using])


def _changed_on(connection) -> None:
    # The connection itself, not its alias: PostgreSQL's test-database creation writes
    # through a connection that is not in `connections`.
    if not connection.in_atomic_block:
        _replace_generation()
        return
    # Inside a transaction only this connection sees the new rows, and it renders no page
    # between two of its writes unless it asked the cache in between (tests do): one
    # replacement per transaction and page lookup is enough until the commit.
    if not getattr(_local, "replaced", False):
        _replace_generation()
        _local.replaced = True
    if not any(func is _replace_generation for _sids, func, _robust in connection.run_on_commit):
        connection.on_commit(_replace_generation)


# ---- noticing every write ----------------------------------------------------------------

_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)
_NOT_WRITES = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW")
_quiet_tables: frozenset[str] | None = None
_unseen_rules: dict | None = None


def _quiet() -> frozenset[str]:
    global _quiet_tables
    if _quiet_tables is None:
        from django.apps import apps

        tables = set()
        for label in QUIET_MODELS:
            try:
                tables.add(apps.get_model(label)._meta.db_table.lower())
            except LookupError:
                continue  # that app is not installed
        _quiet_tables = frozenset(tables)
    return _quiet_tables


def _unseen_new_rows() -> dict:
    """{model class: the state in which its new rows show on no page}."""
    global _unseen_rules
    if _unseen_rules is None:
        from django.apps import apps

        rules = {}
        for label, shows_nowhere in UNSEEN_NEW_ROWS.items():
            try:
                rules[apps.get_model(label)] = shows_nowhere
            except LookupError:
                continue  # that app is not installed
        _unseen_rules = rules
    return _unseen_rules


def _unseen(model, row) -> bool:
    shows_nowhere = _unseen_new_rows().get(model)
    return shows_nowhere is not None and shows_nowhere(row)


# While a row of UNSEEN_NEW_ROWS is inserted (or linked), `_local.unseen_table` names the
# table its INSERT goes to. Every save and every change of links starts afresh and ends
# without one, and a statement that fails forgets it (`_watch`), so an insert that failed
# keeps no later write quiet.


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    _local.unseen_table = None
    if not raw and instance._state.adding and _unseen(sender, instance):
        _local.unseen_table = sender._meta.db_table.lower()


def _after_save(sender, **kwargs) -> None:
    _local.unseen_table = None


def _on_links(sender, instance, action, reverse, **kwargs) -> None:
    _local.unseen_table = None
    if action == "pre_add" and not reverse and _unseen(type(instance), instance):
        _local.unseen_table = sender._meta.db_table.lower()


def _inserts_unseen_row(sql: str) -> bool:
    table = getattr(_local, "unseen_table", None)
    if table is None or not isinstance(sql, str) or sql.lstrip()[:6].upper() != "INSERT":
        return False
    match = _WRITE.match(sql)
    return bool(match and match.group(1).lower() == table)


def writes_shown_data(sql) -> bool:
    """Whether a statement may change what a page shows (when in doubt: yes)."""
    if not isinstance(sql, str):
        return True
    head = sql.lstrip()[:10].upper()
    if head.startswith(_NOT_WRITES) or head.startswith(("PRAGMA", "EXPLAIN")):
        return False
    match = _WRITE.match(sql)
    return not (match and match.group(1).lower() in _quiet())


def _watch(execute, sql, params, many, context):
    try:
        result = execute(sql, params, many, context)
    except Exception:
        _local.unseen_table = None  # the unseen row was not written: keep nothing quiet
        raise
    if (
        not (isinstance(sql, str) and sql.startswith("SELECT"))
        and writes_shown_data(sql)
        and not _inserts_unseen_row(sql)
    ):
        _changed_on(context["connection"])
    return result


def _on_connection(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        # First, not last: `connection.execute_wrapper()` removes the last one on exit.
        connection.execute_wrappers.insert(0, _watch)


def watch_database_writes() -> None:
    """Invalidate the cached pages on every write to the database, in this process.

    Called from an app's `ready()`, so the web, the Celery worker and management commands
    all do it.
    """
    connection_created.connect(_on_connection, dispatch_uid="config.pagecache")
    pre_save.connect(_before_save, dispatch_uid="config.pagecache")
    post_save.connect(_after_save, dispatch_uid="config.pagecache")
    m2m_changed.connect(_on_links, dispatch_uid="config.pagecache")
    for connection in connections.all(initialized_only=True):
        _on_connection(None, connection)


def clear() -> None:
    """Forget every cached page (tests start from nothing)."""
    caches[CACHE_ALIAS].clear()
    _replace_generation()
    _local.replaced = False


def request_begins() -> None:
    """A page lookup starts: a write in a transaction replaces the generation again."""
    _local.replaced = False  # see changed()
