"""What the agreements app's pages show from other parts of the portal.

Kept below the views so that other apps register here without importing a view module.
"""

from agreements.models import Agreement


def home_extras(agreement: Agreement | None) -> dict:
    """Figures from other parts of the portal shown on the start page.

    Kept in one hook so the agreements app itself depends on nothing; other apps
    register providers in HOME_PROVIDERS when they are ready.
    """
    extras: dict = {}
    for provider in HOME_PROVIDERS:
        extras.update(provider(agreement))
    return extras


HOME_PROVIDERS: list = []
