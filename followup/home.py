"""The next conference on the start page (a provider for agreements.views.HOME_PROVIDERS)."""


def next_conference(agreement) -> dict:
    return {}
