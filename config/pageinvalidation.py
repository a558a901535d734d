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

Per agreement: a page's key holds two generations, the installation's (replaced by a write
nobody can place) and its scope's: the agreement the address names, or for the installation's
own pages (the overview at `/`, `/overenskommelser.json`) the "installation" generation. A
write made by a model's `save()` whose row belongs to one agreement (its `agreement_id`, or
the path in `AGREEMENT_PATHS`, or the path its scoped manager gives, followed only through
related rows already loaded: no query) replaces that agreement's generation and the
installation's, so B's pages stay cached while A is written and the overview changes with
any agreement's figures. Every other write (a row of no agreement or of several, such as an
organisation; a queryset's `update()`, a bulk operation, a delete, raw SQL) replaces the
installation-wide generation, as before. A row moved from one agreement to another replaces
only the new one's: nothing does that today.

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
# The scope generations' names: the installation's own pages, and each agreement's.
INSTALLATION = "installation"


def agreement_generation(agreement_id: int) -> str:
    return f"agreement-{int(agreement_id)}"


# Models whose rows belong to an agreement through a path other than their own `agreement`
# field or their scoped manager's path (common.scoping), e.g. "round__agreement".
AGREEMENT_PATHS: dict[str, str] = {
    "agreements.Goal": "version__agreement",
    "agreements.Principle": "version__agreement",
}

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
    # Its name is the default agreement's, written when an agreement is saved (config.sites);
    # only allauth's emails show it.
    "sites.Site",
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
    """Each generation as a small file, replaced atomically; read on every request."""

    def __init__(self, directory: str):
        self.directory = directory

    def _path(self, name: str) -> str:
        return os.path.join(self.directory, name)

    def get(self, name: str = GENERATION_KEY) -> str:
        try:
            with open(self._path(name), "rb") as file:
                return file.read().decode()
        except FileNotFoundError:
            self.replace(name)
            return self.get(name)

    def get_many(self, names) -> list[str]:
        return [self.get(name) for name in names]

    def replace(self, name: str = GENERATION_KEY) -> None:
        try:
            self._write(name)
        except FileNotFoundError:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            self._write(name)

    def _write(self, name: str) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".generation")
        try:
            os.write(handle, _new_token().encode())
        finally:
            os.close(handle)
        os.replace(temporary, self._path(name))


class _CacheGeneration:
    """Each generation as a key of the pages cache (Redis), which never expires."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, name: str = GENERATION_KEY) -> str:
        value = self.cache.get(name)
        if value is None:  # never set, evicted or flushed: start a new one
            self.cache.add(name, _new_token(), timeout=None)
            value = self.cache.get(name)
        return value

    def get_many(self, names) -> list[str]:
        found = self.cache.get_many(list(names))
        return [found.get(name) or self.get(name) for name in names]

    def replace(self, name: str = GENERATION_KEY) -> None:
        self.cache.set(name, _new_token(), timeout=None)


def _generation():
    cache = caches[CACHE_ALIAS]
    if isinstance(cache, FileBasedCache):
        # FileBasedCache lists its whole directory on every set; the generation is
        # replaced on every write, so it is a file of its own.
        return _FileGeneration(cache._dir)
    return _CacheGeneration(cache)


def _replace(names) -> None:
    try:
        store = _generation()
        for name in names:
            store.replace(name)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the write itself
        log.warning("Could not invalidate the page cache", exc_info=True)


def _replace_generation() -> None:
    """When a transaction commits: replace what its writes touched (the installation-wide
    generation if nothing more precise was noted)."""
    names = getattr(_local, "pending", None) or {GENERATION_KEY}
    _local.pending = set()
    _replace(_narrowest(names))


def _narrowest(names) -> set[str]:
    # Replacing the installation-wide generation replaces every page: the rest is redundant.
    return {GENERATION_KEY} if GENERATION_KEY in names else set(names)


def page_generation(request) -> str:
    """The generations a page's key holds: the installation-wide one and its scope's (the
    agreement of its address, else the installation's own pages)."""
    agreement = getattr(request, "agreement", None)
    scope = agreement_generation(agreement.pk) if agreement is not None else INSTALLATION
    return ":".join(_generation().get_many([GENERATION_KEY, scope]))


_local = threading.local()


def changed(using: str = DEFAULT_DB_ALIAS, agreements=None) -> None:
    """Cached pages are out of date: now, and again when the current transaction commits.

    With `agreements` (ids), only those agreements' pages and the installation's overview."""
    _changed_on(connections[using], _names(agreements))


def _names(agreements) -> frozenset[str]:
    if not agreements:
        return frozenset({GENERATION_KEY})
    return frozenset({INSTALLATION, *(agreement_generation(pk) for pk in agreements)})


def _changed_on(connection, names: frozenset[str] = frozenset({GENERATION_KEY})) -> None:
    # The connection itself, not its alias: PostgreSQL's test-database creation writes
    # through a connection that is not in `connections`.
    if not connection.in_atomic_block:
        _replace(names)
        return
    # Inside a transaction only this connection sees the new rows, and it renders no page
    # between two of its writes unless it asked the cache in between (tests do): one
    # replacement per generation, transaction and page lookup is enough until the commit.
    replaced = getattr(_local, "replaced", None)
    if not isinstance(replaced, set):
        replaced = _local.replaced = set()
    fresh = set(names) - replaced
    if GENERATION_KEY in replaced:
        fresh = set()  # everything is new already
    if fresh:
        _replace(_narrowest(fresh))
        replaced |= fresh
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    pending |= names
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
    _local.saving = None
    if not raw and instance._state.adding and _unseen(sender, instance):
        _local.unseen_table = sender._meta.db_table.lower()
    if not raw:
        agreements = agreements_of(instance)
        if agreements:
            _local.saving = (sender._meta.db_table.lower(), agreements)


def _after_save(sender, **kwargs) -> None:
    _local.unseen_table = None
    _local.saving = None


# ---- the agreement of a row ----------------------------------------------------------------

_paths: dict[type, str | None] = {}


def _agreement_path(model) -> str | None:
    if model not in _paths:
        label = model._meta.label
        path = AGREEMENT_PATHS.get(label) or getattr(model._default_manager, "agreement_path", None)
        if path is None:
            try:
                field = model._meta.get_field("agreement")
            except Exception:  # noqa: BLE001 - FieldDoesNotExist
                field = None
            if field is not None and field.is_relation and field.many_to_one:
                path = "agreement"
        _paths[model] = path
    return _paths[model]


def agreements_of(instance) -> frozenset[int] | None:
    """The one agreement a row belongs to, found without a query; None when it belongs to
    none or several, or when the way there is not loaded (then every page is invalidated)."""
    model = type(instance)
    if model._meta.label == "agreements.Agreement":
        return frozenset({instance.pk}) if instance.pk else None
    path = _agreement_path(model)
    if path is None:
        return None
    row = instance
    *hops, last = path.split("__")
    try:
        for hop in hops:
            if not row._meta.get_field(hop).is_relation:
                return None
            row = row._state.fields_cache.get(hop)
            if row is None:
                return None
        value = getattr(row, row._meta.get_field(last).attname)
    except Exception:  # noqa: BLE001 - a path that does not fit: be safe
        return None
    return frozenset({value}) if isinstance(value, int) else None


def _scope_of_statement(sql) -> frozenset[str]:
    """The generations a write replaces: its row's agreement's when a model's save writes
    it, else the installation-wide one."""
    saving = getattr(_local, "saving", None)
    if saving is not None and isinstance(sql, str):
        match = _WRITE.match(sql)
        if match and match.group(1).lower() == saving[0] and sql.lstrip()[:6].upper() != "DELETE":
            return _names(saving[1])
    return frozenset({GENERATION_KEY})


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
        _local.saving = None  # nor narrow a later write to its agreement
        raise
    if (
        not (isinstance(sql, str) and sql.startswith("SELECT"))
        and writes_shown_data(sql)
        and not _inserts_unseen_row(sql)
    ):
        _changed_on(context["connection"], _scope_of_statement(sql))
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
    _replace({GENERATION_KEY})
    _local.replaced = set()
    _local.pending = set()


def request_begins() -> None:
    """A page lookup starts: a write in a transaction replaces the generation again."""
    _local.replaced = set()  # see changed()
