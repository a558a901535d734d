"""Agreements and versions for tests that need more than the demo's one (the `agreement`
fixture): an earlier version, a draft, another agreement hosted beside it."""

import datetime

from agreements.models import Agreement, Version

VERSION_DEFAULTS = {
    "title": "Överenskommelse",
    "vision": "V",
    "purpose": "S",
    "status": Version.Status.ACTIVE,
    "valid_from": datetime.date(2026, 1, 1),
    "valid_until": datetime.date(2029, 12, 31),
    "review_due": datetime.date(2029, 6, 30),
    "signing_sectors": ["civil_society", "public"],
}


def make_version(agreement: Agreement, number: int = 1, **fields) -> Version:
    values = {**VERSION_DEFAULTS, **fields}
    return Version.objects.create(agreement=agreement, number=number, **values)


def make_agreement(
    slug: str = "annan", name: str = "En annan överenskommelse", region_name="Region Test", **fields
) -> Agreement:
    """A lasting agreement with one version (pass `status` etc. for the version)."""
    agreement = Agreement.objects.create(slug=slug, name=name, region_name=region_name)
    make_version(agreement, 1, title=fields.pop("title", name), **fields)
    return agreement


def change_rules(agreement: Agreement, **fields) -> Version:
    """Change the version in force (its rules or texts) and save it; returns the version."""
    version = agreement.in_force
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=[*fields, "updated_at"])
    return version
