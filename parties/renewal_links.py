"""Where a party reads the version it is asked to continue under: the version's page and,
where the portal has one, the page comparing it with the version before."""

from django.urls import NoReverseMatch, reverse


def changes_path(version) -> str | None:
    """The page comparing `version` with the one before, or None where there is none."""
    try:
        return reverse("agreements:version_changes", args=[version.number])
    except NoReverseMatch:
        return None


def version_path(version) -> str:
    # An adopted version that is not yet in force is read on its own numbered page.
    try:
        return reverse("agreements:version", args=[version.number])
    except NoReverseMatch:
        return version.get_absolute_url()


def links(version) -> dict[str, str | None]:
    """Both, as paths: `version_url`, and `changes_url` (None where there is none)."""
    return {"version_url": version_path(version), "changes_url": changes_path(version)}
