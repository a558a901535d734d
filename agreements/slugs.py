"""Which short names an agreement may take: none that the portal's own addresses use."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Paths the installation itself uses at the top level: no agreement may take them as its slug.
RESERVED_SLUGS = frozenset(
    {"admin", "konto", "healthz", "sprak", "static", "media", "overenskommelser.json", "api"}
)


def page_segments() -> set[str]:
    """The first segments of the portal's own addresses (undertecknare, styrgrupp, …): an
    agreement with such a slug would hide today's unprefixed links to those pages."""
    import re

    from django.urls import get_resolver

    segments = set()
    for entry in get_resolver().url_patterns:
        route = str(entry.pattern).lstrip("^")
        inners = [str(i.pattern).lstrip("^") for i in getattr(entry, "url_patterns", [])]
        for full in [route + inner for inner in inners] or [route]:
            match = re.match(r"([a-z0-9.\-_]+)", full)
            if match:
                segments.add(match[1].rstrip("/").split("/")[0])
    return segments


def validate_slug_free(value: str) -> None:
    if value in RESERVED_SLUGS or value in page_segments():
        raise ValidationError(
            _("“%(slug)s” is an address the portal itself uses; choose another short name."),
            params={"slug": value},
        )
