"""The largest request body the portal takes, refused before a byte of it is read.

Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, a form's size check) apply only once the
body has been read and an upload written to disk: a 100 MB file to /anslut/ was received
whole before the form said "at most 5 MB". This middleware, first in the chain, looks at the
declared Content-Length and answers 413 at once when it is more than the path accepts
(settings.REQUEST_BODY_LIMITS, else REQUEST_BODY_MAX_BYTES). A body without Content-Length
(chunked) is not read by Django at all. The proxy in front of the production stack has its
own, coarser limit (deploy/nginx.conf).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from config.middleware import chosen_language


def body_limit(path: str) -> int:
    """The most bytes a request body to `path` may have: the longest matching prefix wins."""
    matches = [prefix for prefix in settings.REQUEST_BODY_LIMITS if path.startswith(prefix)]
    if not matches:
        return settings.REQUEST_BODY_MAX_BYTES
    return settings.REQUEST_BODY_LIMITS[max(matches, key=len)]


def megabytes(size: int) -> str:
    """5,5 in Swedish, 5.5 in English; from 10 MB, and for whole numbers, no decimals."""
    value = size / 1024 / 1024
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(".", ",") if translation.get_language() == "sv" else text


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return HttpResponseBadRequest(
                "Content-Length is not a number\n", content_type="text/plain; charset=utf-8"
            )
        limit = body_limit(request.path_info)  # without an agreement's prefix
        if length > limit:
            return self.too_large(request, length, limit)
        return self.get_response(request)

    def too_large(self, request: HttpRequest, length: int, limit: int) -> HttpResponse:
        # Runs before the language middleware: choose the language the same way.
        with translation.override(chosen_language(request)):
            response = render(
                request,
                "413.html",
                {
                    "message": _(
                        "What you sent is %(size)s MB; this page accepts at most %(limit)s MB. "
                        "If you attached a file, go back, choose a smaller one and send again."
                    )
                    % {"size": megabytes(length), "limit": megabytes(limit)}
                },
                status=413,
            )
        response["Cache-Control"] = "no-store"
        return response
