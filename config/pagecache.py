"""Whole anonymous responses from a shared cache, invalidated by every write to the database.

An anonymous visitor (no session, no messages cookie) who asks for a public page gets the
bytes and headers stored by the first visitor who asked for the same address, in the same
language, on the same day, since the database last changed. Staff and signed-in people
carry a session cookie and are never looked up nor stored; neither is a response that set
a cookie, rendered a CSRF token, showed a message or asked not to be cached. A page that
varies by Accept-Encoding (open data, common.compression) is stored both as it is and
gzip-compressed, and each visitor gets the one they accept.

Invalidation (every write to the database replaces the *generation*, a token that is part
of every key, unless it writes only what no public page shows) is decided in
`config.pageinvalidation`; its public names are imported here too.
"""

import gzip
import hashlib
import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from common.compression import accepts_gzip, gzip_bytes
from config.middleware import chosen_language
from config.pageinvalidation import (  # noqa: F401 - the page cache's public names
    CACHE_ALIAS,
    GENERATION_KEY,
    QUIET_MODELS,
    UNSEEN_NEW_ROWS,
    _generation,
    _replace_generation,
    agreements_of,
    changed,
    clear,
    page_generation,
    request_begins,
    watch_database_writes,
    writes_shown_data,
)

log = logging.getLogger(__name__)

# The pages that are stored: the public pages (named as in the URL patterns). A new page is
# rendered every time until it is named here; a private page (a receipt reached by its token,
# an account's pages) never is, even if it forgot to say `never_cache`.
CACHED_VIEWS = frozenset(
    {
        "agreements:home",
        "agreements:overview_json",
        "agreements:agreement",
        "agreements:versions",
        "agreements:version",
        "agreements:changes",
        "agreements:principles",
        "agreements:principle",
        "parties:register",
        "parties:register_csv",
        "parties:register_json",
        "parties:feed",
        "parties:detail",
        "steering:composition",
        "steering:earlier",
        "steering:meeting",
        "steering:meeting_ics",
        "steering:meetings_ics",
        "actionplan:plan",
        "actionplan:plan_csv",
        "actionplan:plan_json",
        "actionplan:feed",
        "actionplan:activity",
        "followup:proposals",
        "followup:conference",
        "followup:conference_ics",
        "followup:reports",
        "accessibility",
        "privacy",
    }
)
# What is stored: pages, feeds and open data. Anything else (a PDF, an upload) is not.
CACHED_TYPES = frozenset(
    {
        "text/html",
        "text/csv",
        "text/calendar",
        "text/plain",
        "application/json",
        "application/atom+xml",
        "application/rss+xml",
        "application/xml",
    }
)
# Larger responses (the whole register as CSV for a very large region) are not stored.
MAX_BYTES = 8 * 1024 * 1024
PRIVATE_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name})


# ---- the middleware ----------------------------------------------------------------------


def _database_identity() -> str:
    # Two portals (or a benchmark's throwaway database) sharing a Redis or a directory
    # never see each other's pages.
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    return f"{db['ENGINE']}|{db.get('HOST', '')}|{db.get('PORT', '')}|{db['NAME']}"


def page_key(request, generation: str) -> str:
    """Address, language, generation and today's date (pages count days to events)."""
    parts = (
        _database_identity(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        chosen_language(request),
        generation,
        timezone.localdate().isoformat(),
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and PRIVATE_COOKIES.isdisjoint(request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def may_store(request, response) -> bool:
    """Whether the response is the same for every anonymous visitor who asks for it."""
    if (
        request.method != "GET"
        or response.status_code != 200
        or getattr(response, "is_async", False)
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in CACHED_VIEWS:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in CACHED_TYPES:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {field.lower() for field in cc_delim_re.split(response.get("Vary", "")) if field}
    # The key knows the cookies that matter; an entry holds both encodings (see _entry).
    if vary - {"cookie", "accept-encoding"}:
        return False
    if response.get("Content-Encoding", "gzip").lower() != "gzip":
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages._queued_messages):
        return False
    nonce = getattr(request, "csp_nonce", None)
    if nonce is not None and bool(nonce):  # a per-request secret in the page
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Serve anonymous public pages from the "pages" cache (see the module's docstring).

    Sits below the security headers' middleware (they are added to hits afresh) and above
    the session, locale, CSRF and authentication middleware (a hit needs none of them, and
    runs no SQL). Marks what it did in `X-Cache: hit` or `miss`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not is_anonymous_read(request):
            response = self.get_response(request)
            if request.COOKIES.get(settings.SESSION_COOKIE_NAME) and "Cache-Control" not in (
                response
            ):
                # Signed-in pages are for that browser only, also for caches on the way.
                patch_cache_control(response, private=True)
            return response
        request_begins()
        cache = caches[CACHE_ALIAS]
        try:
            generation = page_generation(request)
        except Exception:  # noqa: BLE001 - without the cache, pages are rendered as before
            log.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        key = page_key(request, generation)  # a Host not allowed is refused here, as ever
        try:
            hit = _lookup(cache, key, request)
        except Exception:  # noqa: BLE001
            log.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if hit is not None:
            return hit
        response = self.get_response(request)
        if may_store(request, response):
            headers = list(response.items())
            if response.streaming:
                # Open data is streamed: keep a copy of the chunks on the way out.
                response.streaming_content = _storing(
                    response.streaming_content, key, headers, seconds
                )
            elif len(response.content) <= MAX_BYTES:
                _store(key, headers, response.content, seconds)
        response.headers["X-Cache"] = "miss"
        return response


def _entry(headers, content: bytes):
    """Headers, the body as it is and, for a page that varies by Accept-Encoding (open
    data, see common.compression), the body gzip-compressed; None when too large to keep.

    Both bodies are made once, here, from whichever the first visitor got, so that a hit
    only chooses.
    """
    encoded = any(
        name.lower() == "content-encoding" and value.lower() == "gzip" for name, value in headers
    )
    varies = any(
        name.lower() == "vary" and "accept-encoding" in value.lower() for name, value in headers
    )
    headers = [
        (name, value)
        for name, value in headers
        if name.lower() not in ("content-encoding", "content-length")
    ]
    if encoded:
        plain, compressed = gzip.decompress(content), content
    else:
        plain, compressed = content, (gzip_bytes(content) if varies else None)
    if len(plain) > MAX_BYTES:
        return None
    return headers, plain, compressed


def _store(key: str, headers, content: bytes, seconds: int) -> None:
    """One entry (headers, body) under the page's key; a page in two encodings keeps each
    body under a key of its own and (headers, None) under the page's, so that a hit reads
    only the body it sends (for gzip, a tenth of the bytes or less)."""
    try:
        entry = _entry(headers, content)
        if entry is None:
            return
        headers, plain, compressed = entry
        cache = caches[CACHE_ALIAS]
        if compressed is None:
            cache.set(key, (headers, plain), seconds)
            return
        cache.set_many({f"{key}:identity": plain, f"{key}:gzip": compressed}, seconds)
        cache.set(key, (headers, None), seconds)  # last: never found without its bodies
    except Exception:  # noqa: BLE001
        log.warning("Could not store a page", exc_info=True)


def _storing(chunks, key: str, headers, seconds: int):
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= MAX_BYTES:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    # Only a response sent to the end is stored (a visitor who went away stops the loop).
    if kept is not None:
        _store(key, headers, b"".join(kept), seconds)


def _lookup(cache, key: str, request) -> HttpResponse | None:
    """The stored response for the request, in the encoding it accepts; None on a miss."""
    stored = cache.get(key)
    if stored is None:
        return None
    headers, content = stored
    encoding = None
    if content is None:  # stored in both encodings
        encoding = "gzip" if accepts_gzip(request) else "identity"
        content = cache.get(f"{key}:{encoding}")
        if content is None:  # evicted before the page's entry: render it again
            return None
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    if encoding == "gzip":
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(content))
    response.headers["X-Cache"] = "hit"
    return response
