"""The agreement a request concerns, for the parties' views."""

from django.http import HttpRequest


def request_agreement(request: HttpRequest):
    """The request's agreement (config.agreement_routing), None on an installation page."""
    return getattr(request, "agreement", None)


def path_in(agreement, path: str, current=None) -> str:
    """`path`, reversed under the agreement `current` (the request's, see `request_agreement`;
    None outside a request), as the same page of `agreement`: under its prefix `/<slug>/`,
    which serves it whatever the host."""
    from django.urls import get_script_prefix

    if current is not None and current.pk == agreement.pk:
        return path
    prefix = get_script_prefix()
    root = prefix
    if current is not None and prefix.endswith(f"/{current.slug}/"):
        root = prefix[: -len(current.slug) - 1]
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return f"{root}{agreement.slug}/{rest}"
