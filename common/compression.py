"""Open data compressed with gzip for the clients that ask for it.

The register's CSV and JSON are megabytes of text that gzip makes more than ten times
smaller. A view wrapped in `gzip_when_accepted` sends them compressed (`Content-Encoding:
gzip`) to a client whose `Accept-Encoding` allows gzip and as they are to any other, and
says `Vary: Accept-Encoding` either way. The page cache (config.pagecache) stores both
forms when it fills, so a hit compresses nothing.

Only for pages without secrets: compressing a page that holds a token next to text an
attacker chooses lets the attacker guess the token from the sizes (BREACH).
"""

import gzip
import re
from functools import wraps

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_sequence

# Not worth compressing (the headers are as long).
MIN_BYTES = 200
LEVEL = 6
_CODING = re.compile(r"^\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def accepts_gzip(request) -> bool:
    """Whether the request's Accept-Encoding allows gzip (RFC 9110: a q of 0 refuses)."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    weights = {}
    for part in header.lower().split(","):
        match = _CODING.match(part)
        if not match:
            continue
        try:
            weights[match[1]] = float(match[2]) if match[2] is not None else 1.0
        except ValueError:
            weights[match[1]] = 0.0
    weight = weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0)))
    return weight > 0


def gzip_bytes(content: bytes) -> bytes:
    """The same bytes for the same content (no time stamp), so stored copies compare equal."""
    return gzip.compress(content, compresslevel=LEVEL, mtime=0)


def gzip_when_accepted(view):
    """Send the view's successful response gzip-compressed to clients that accept it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.has_header("Content-Encoding"):
            return response
        if not response.streaming and len(response.content) < MIN_BYTES:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        if response.streaming:
            response.streaming_content = compress_sequence(response.streaming_content)
            del response.headers["Content-Length"]
        else:
            response.content = gzip_bytes(response.content)
            response.headers["Content-Length"] = str(len(response.content))
        response.headers["Content-Encoding"] = "gzip"
        return response

    return wrapped
