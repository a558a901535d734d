"""What the agreements app's pages show from other parts of the portal.

Kept below the views so that the page's view and its tests share it.
"""

from django.http import Http404, HttpRequest

from agreements.models import Agreement
from common import hooks, scoping


def agreement_of(request: HttpRequest) -> Agreement | None:
    """The agreement the request's address names (config.agreement_routing); None on the
    installation's own pages, or before any agreement is hosted."""
    return getattr(request, "agreement", None)


def agreement_or_404(request: HttpRequest) -> Agreement:
    agreement = agreement_of(request)
    if agreement is None:
        raise Http404("No agreement")
    return agreement


def published_agreement(request: HttpRequest) -> Agreement | None:
    """The request's agreement once it has a published version (what the pages about the
    agreement in force need), else None."""
    agreement = agreement_of(request)
    return agreement if agreement is not None and agreement.in_force is not None else None


def guarded_agreement_id() -> int | None:
    """The one agreement the request's guard holds (common.scoping), for code called from a
    page without the request (a hook's section); None when it holds none or several."""
    allowed = scoping.current_agreement_ids()
    if isinstance(allowed, frozenset) and len(allowed) == 1:
        return next(iter(allowed))
    return None


def home_extras(agreement: Agreement | None) -> dict:
    """Figures from other parts of the portal shown on the start page.

    Asked through the ``home_extras`` hook (see `common.hooks`), so the agreements app
    itself depends on nothing above it.
    """
    extras: dict = {}
    for provider in hooks.get_hooks("home_extras"):
        extras.update(provider(agreement))
    return extras
