"""Where a party reads the version it is asked to continue under: the version's page and
the page comparing it with the version before."""

from django.urls import reverse


def links(version) -> dict[str, str]:
    """Both, as paths: `version_url` and `changes_url`."""
    return {
        # An adopted version that is not yet in force is read on its own numbered page.
        "version_url": reverse("agreements:version", args=[version.number]),
        "changes_url": reverse("agreements:changes", args=[version.number]),
    }
