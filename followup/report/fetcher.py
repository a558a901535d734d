"""What WeasyPrint may read while it renders the report: our own static files, nothing else.

The report's HTML names its style sheet relative to `BASE_URL`, an address that exists
nowhere; the fetcher maps that prefix to the project's static files and refuses every
other address (the network, `file:` paths, data URLs), so text a person typed can never
make the renderer fetch anything.
"""

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://report.samverkan.invalid/static/"

TYPES = {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}


class Refused(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves `BASE_URL<path>` from the static files (CSS and fonts only)."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = static_path(url)
        found = finders.find(path)
        if not found:
            raise Refused(f"Not one of our static files: {url}")
        with open(found, "rb") as file:
            body = file.read()
        return URLFetcherResponse(
            url, body, {"Content-Type": TYPES[PurePosixPath(path).suffix]}, 200
        )


def static_path(url: str) -> str:
    """The static file's path that `url` names; Refused unless it is one we serve."""
    if not url.startswith(BASE_URL):
        raise Refused(f"Refused: {url}")
    parts = urlsplit(url)
    path = PurePosixPath(unquote(parts.path).removeprefix(urlsplit(BASE_URL).path))
    if parts.query or ".." in path.parts or path.is_absolute() or path.suffix not in TYPES:
        raise Refused(f"Refused: {url}")
    return str(path)
