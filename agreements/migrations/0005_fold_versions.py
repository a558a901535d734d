"""Fold the old per-version Agreement rows into one lasting agreement (step 2 of 3).

Every old row becomes a Version with the same number, text, validity and rules; its goals
and principles follow it. The oldest row stays as the lasting agreement; every record of
another app that pointed at a later row (seats, meetings, decisions, rounds, plans…) is
moved onto it, found through the relations in the migration state, so an app added later
is covered too. The later rows are then deleted: nothing refers to them any more.
"""

from django.db import migrations
from django.utils.text import slugify

VERSION_FIELDS = [
    "title",
    "introduction",
    "vision",
    "purpose",
    "status",
    "adopted_on",
    "valid_from",
    "valid_until",
    "review_due",
    "signing_sectors",
    "steering_balanced",
    "steering_chairs_from_different_sectors",
    "steering_chair_mandate_months",
    "steering_max_seats_per_party",
    "quorum_percent",
    "quorum_each_sector",
    "per_capsulam_rule",
]


def fold(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Version = apps.get_model("agreements", "Version")
    Goal = apps.get_model("agreements", "Goal")
    Principle = apps.get_model("agreements", "Principle")

    rows = list(Agreement.objects.order_by("version", "pk"))
    if not rows:
        return
    lasting = rows[0]
    newest = rows[-1]

    version_of: dict[int, int] = {}
    for row in rows:
        version = Version.objects.create(
            agreement_id=lasting.pk,
            number=row.version,
            **{field: getattr(row, field) for field in VERSION_FIELDS},
        )
        version_of[row.pk] = version.pk
    for row in rows:
        if row.replaces_id:
            Version.objects.filter(pk=version_of[row.pk]).update(
                replaces_id=version_of[row.replaces_id]
            )
        Goal.objects.filter(agreement_id=row.pk).update(version_id=version_of[row.pk])
        Principle.objects.filter(agreement_id=row.pk).update(version_id=version_of[row.pk])

    others = [row.pk for row in rows[1:]]
    if others:
        for relation in Agreement._meta.related_objects:
            model = relation.related_model
            if model in (Agreement, Goal, Principle, Version) or relation.many_to_many:
                continue
            field = relation.field.name
            model._base_manager.filter(**{f"{field}__in": others}).update(
                **{field: lasting.pk}
            )
        Agreement.objects.update(replaces=None)
        Agreement.objects.filter(pk__in=others).delete()

    lasting.name = newest.title
    lasting.slug = slugify(newest.region_name.removeprefix("Region ")) or "overenskommelsen"
    lasting.region_name = newest.region_name
    lasting.save(update_fields=["name", "slug", "region_name"])


def refuse_to_unfold(apps, schema_editor):
    """Going back would lose the versions: allowed only while there are none."""
    if apps.get_model("agreements", "Version").objects.exists():
        raise RuntimeError("The agreement has versions; migrating back would lose them.")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_versions"),
        # Every app whose records point at an agreement, at its state before this step.
        ("steering", "0005_motion_roles"),
        ("followup", "0006_submitted_versions"),
        ("actionplan", "0002_areas_and_roles"),
        ("parties", "0004_contact_awaits_confirmation"),
    ]

    operations = [migrations.RunPython(fold, refuse_to_unfold, elidable=False)]
