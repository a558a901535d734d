"""What the agreements app's pages show from other parts of the portal.

Kept below the views so that the page's view and its tests share it.
"""

from agreements.models import Agreement
from common import hooks


def home_extras(agreement: Agreement | None) -> dict:
    """Figures from other parts of the portal shown on the start page.

    Asked through the ``home_extras`` hook (see `common.hooks`), so the agreements app
    itself depends on nothing above it.
    """
    extras: dict = {}
    for provider in hooks.get_hooks("home_extras"):
        extras.update(provider(agreement))
    return extras
