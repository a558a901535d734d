"""Which agreement a request is about, from its address; and the guard around the request.

An installation hosts several agreements. Each one's public pages live under its short name,
`/<slug>/undertecknare/`, with the same URL patterns as ever: the middleware takes the short
name off `request.path_info` and makes it part of the script prefix for the request, so every
`reverse()` and `{% url %}` gives the prefixed address without knowing about agreements.

In order, a request is about:

1. the agreement whose short name is the first segment of the path (prefix stripped);
2. else the agreement whose own host name (`Agreement.domain`) is the request's host, with
   no prefix;
3. else nothing (`request.agreement = None`) for the installation's own addresses
   (`INSTALLATION_PATHS`: the overview at `/`, `/overenskommelser.json`, accounts, the admin,
   the health check, the language switch, static and media files, and the privacy notice and
   accessibility statement, which then show the installation's defaults);
4. else, for an address that is an agreement's page, a permanent redirect to the same page
   of the default agreement (settings.DEFAULT_AGREEMENT, "" for the oldest), query string
   kept, so that links from before the installation hosted several agreements keep working;
5. else the ordinary 404.

The admin (`/admin/`), static and media files and `/healthz` are never about an address's
agreement, on any host (`NO_AGREEMENT_PATHS`: the routing table is not even read).

The rest of the request runs inside `common.scoping.guard(...)`: with the request's agreement,
or none for the installation's addresses. The admin's guard needs the signed-in user, so
`AdminScopeMiddleware` (after authentication) narrows it to `agreements.staff.admin_scope`.

The routing table (short names, host names and the agreements' rows) is kept per process and
reloaded when a token in the default cache changes: saving or deleting an agreement replaces
the token (and reloads at once in the saving process), so a request costs no query.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve, set_script_prefix

from common import scoping

TOKEN_KEY = "agreement_routing:token"

# Paths of the installation itself (prefixes; "/" only exactly): served with no agreement on
# a host that is no agreement's. Under an agreement's prefix, those in `ONLY_UNPREFIXED` are
# redirected to the unprefixed address; the others (accounts, the language switch, the
# privacy notice and accessibility statement) are served there for that agreement.
INSTALLATION_PATHS = (
    "/overenskommelser.json",
    "/konto/",
    "/admin/",
    "/healthz",
    "/sprak/",
    "/tillganglighet/",
    "/personuppgifter/",
    "/static/",
    "/media/",
    "/favicon.ico",
    "/robots.txt",
)
ONLY_UNPREFIXED = ("/admin/", "/healthz", "/static/", "/media/", "/overenskommelser.json")
ADMIN_PREFIX = "/admin/"
# Never about the agreement of the address, whatever the host: the routing table is not read.
NO_AGREEMENT_PATHS = ("/static/", "/media/", "/healthz", ADMIN_PREFIX)


# ---- the routing table --------------------------------------------------------------------


@dataclass
class Table:
    token: str | None = None
    fields: tuple[str, ...] = ()
    rows: dict[int, tuple] = field(default_factory=dict)  # id -> field values
    by_slug: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, int] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)  # ids, oldest first

    def agreement(self, pk: int):
        """A fresh Agreement for this request (never shared: its cached properties are
        computed per request)."""
        from agreements.models import Agreement

        return Agreement.from_db("default", self.fields, self.rows[pk])

    def default_id(self) -> int | None:
        slug = settings.DEFAULT_AGREEMENT
        if slug:
            return self.by_slug.get(slug)
        return self.order[0] if self.order else None

    def agreements(self) -> list:
        """Every agreement, oldest first, as fresh rows."""
        return [self.agreement(pk) for pk in self.order]


_local = threading.local()
_lock = threading.Lock()


def _load(token: str) -> Table:
    from agreements.models import RESERVED_SLUGS, Agreement

    names = tuple(f.attname for f in Agreement._meta.concrete_fields)
    table = Table(token=token, fields=names)
    for values in Agreement.objects.order_by("pk").values_list(*names):
        row = dict(zip(names, values, strict=True))
        pk = row["id"]
        table.rows[pk] = values
        table.order.append(pk)
        if row["slug"] and row["slug"] not in RESERVED_SLUGS:
            table.by_slug[row["slug"]] = pk
        if row["domain"]:
            table.by_domain[_host_only(row["domain"])] = pk
    return table


_process_table: Table | None = None


def table() -> Table:
    """The routing table, reloaded only when the shared token has changed."""
    global _process_table
    token = cache.get(TOKEN_KEY)
    current = _process_table
    if token is not None and current is not None and current.token == token:
        return current
    with _lock:
        if token is None:
            token = _new_token()
            cache.add(TOKEN_KEY, token, timeout=None)
            token = cache.get(TOKEN_KEY) or token
        current = _load(token)
        _process_table = current
    return current


def _new_token() -> str:
    return uuid.uuid4().hex


def agreements_changed(**kwargs) -> None:
    """An agreement was saved or deleted: every process reloads its table."""
    global _process_table
    token = _new_token()
    cache.set(TOKEN_KEY, token, timeout=None)
    # Reload here at once, so the next request in this process (a test's) costs no query.
    with _lock:
        _process_table = _load(token)
    connection_commits_again = transaction.get_connection().in_atomic_block
    if connection_commits_again and not kwargs.get("_after_commit"):
        transaction.on_commit(lambda: agreements_changed(_after_commit=True))


def _on_agreement_saved(sender, raw=False, **kwargs):
    if not raw:
        agreements_changed()


def connect_signals() -> None:
    from agreements.models import Agreement

    post_save.connect(_on_agreement_saved, sender=Agreement, dispatch_uid="agreement_routing")
    post_delete.connect(_on_agreement_saved, sender=Agreement, dispatch_uid="agreement_routing")


# ---- addresses ----------------------------------------------------------------------------


def _host_only(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):  # [::1]:8000
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _request_host(request) -> str:
    # The raw header, checked against ALLOWED_HOSTS later by whoever calls get_host();
    # here it only chooses an agreement.
    return _host_only(request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", ""))


# An organisation's own pages (parties' /min-organisation/ and what hangs under it) are about
# the organisation in every agreement it is party to, not about one agreement; the follow-up's
# and the action plan's pages under /min-organisation/ are an agreement's and keep its prefix.
OWN_ORGANISATION_PATHS = (
    "/min-organisation/uppgifter/",
    "/min-organisation/kontaktperson/",
    "/min-organisation/bekrafta/",
    "/min-organisation/uttrade/",
    "/min-organisation/fortsatt-deltagande/",
    "/min-organisation/mina-uppgifter.json",
)


def is_installation_path(path: str) -> bool:
    return (
        path in ("/", "/min-organisation/")
        or path.startswith(INSTALLATION_PATHS)
        or path.startswith(OWN_ORGANISATION_PATHS)
    )


def agreement_prefix(agreement) -> str:
    """The agreement's prefix under the installation's script prefix: "/<slug>/"."""
    return f"/{agreement.slug}/"


def agreement_url(agreement, path: str = "/", *, absolute: bool = False) -> str:
    """The address of `path` (as the URL patterns give it, e.g. "/undertecknare/") for the
    agreement: on its own host name when it has one and `absolute`, else under its prefix."""
    path = "/" + path.lstrip("/")
    if absolute and agreement.domain:
        scheme = settings.SITE_URL.split("://", 1)[0] if "://" in settings.SITE_URL else "https"
        return f"{scheme}://{agreement.domain}{path}"
    relative = f"/{agreement.slug}{path}"
    return settings.SITE_URL + relative if absolute else relative


def _resolves(path: str) -> bool:
    for candidate in (
        path,
        path + "/" if settings.APPEND_SLASH and not path.endswith("/") else None,
    ):
        if candidate is None:
            continue
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return True
    return False


# ---- the middleware -----------------------------------------------------------------------


class AgreementRoutingMiddleware:
    """Set `request.agreement` from the address and guard the rest of the request; see the
    module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(NO_AGREEMENT_PATHS):
            # Needs no agreement (the admin's comes from the staff member, see below), and
            # /healthz must answer when the database does not.
            request.agreement = None
            return self._serve(request, None)
        routes = table()
        segment, _slash, rest = path[1:].partition("/")
        pk = routes.by_slug.get(segment)
        if pk is not None:
            if not _slash:  # "/<slug>": the agreement's start page is "/<slug>/"
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    request.path + "/" + (f"?{query}" if query else "")
                )
            inner = "/" + rest
            if inner.startswith(ONLY_UNPREFIXED):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponseRedirect(
                    get_script_prefix().rstrip("/") + inner + (f"?{query}" if query else "")
                )
            agreement = routes.agreement(pk)
            request.agreement = agreement
            request.path_info = inner
            return self._serve(request, agreement, prefix=f"{segment}/")
        pk = routes.by_domain.get(_request_host(request))
        if pk is not None:
            agreement = routes.agreement(pk)
            request.agreement = agreement
            return self._serve(request, agreement)
        request.agreement = None
        if is_installation_path(path):
            return self._serve(request, None)
        if _resolves(path):
            default = routes.default_id()
            if default is None:  # nothing hosted yet: the pages say so themselves
                return self._serve(request, None)
            slug = routes.agreement(default).slug
            query = request.META.get("QUERY_STRING", "")
            target = f"{get_script_prefix()}{slug}{path}" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)
        return self._serve(request, None)

    def _serve(self, request, agreement, prefix: str = ""):
        scope = agreement
        if request.path_info.startswith(ADMIN_PREFIX):
            # Narrowed after authentication (AdminScopeMiddleware); nothing until then.
            scope = None
        previous = get_script_prefix()
        if prefix:
            set_script_prefix(previous + prefix)
        try:
            with scoping.guard(scope):
                response = self.get_response(request)
        finally:
            if prefix:
                set_script_prefix(previous)
        if getattr(response, "streaming", False):
            # Open data is streamed after the middleware has returned: read it in the same
            # guard and with the same prefix.
            response.streaming_content = _guarded(
                response.streaming_content, _scope_of(request, scope), previous + prefix
            )
        return response


def _scope_of(request, default):
    return getattr(request, "_agreement_scope", default)


def _guarded(chunks, scope, prefix: str):
    iterator = iter(chunks)
    while True:
        previous = get_script_prefix()
        set_script_prefix(prefix)
        try:
            with scoping.guard(scope):
                chunk = next(iterator)
        except StopIteration:
            return
        finally:
            set_script_prefix(previous)
        yield chunk


class AdminScopeMiddleware:
    """In the admin, the guard holds what the signed-in staff member may see
    (`agreements.staff.admin_scope`). After authentication and sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        from agreements.staff import admin_scope

        with scoping.unscoped():  # finding the person's agreements reads across them
            scope = admin_scope(request)
        request._agreement_scope = scope
        with scoping.guard(scope):
            return self.get_response(request)
