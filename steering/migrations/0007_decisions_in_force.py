"""Give existing records the version of the agreement in force when they were made.

Apart from adding the column (the previous migration), so the updates do not share a
transaction with its index.
"""

from django.db import migrations


def fill_decisions(apps, schema_editor):
    """Existing records: the version in force on the day they were made.

    Set-based, a few queries per version whatever the number of records: each adopted
    version, oldest start first, takes what was made from its start on; what came before
    the first start belongs to the first version.
    """
    Version = apps.get_model("agreements", "Version")
    Model = apps.get_model("steering", "Decision")
    versions = Version.objects.exclude(status="draft").order_by(
        "agreement_id", "valid_from", "number"
    )
    first_of: dict[int, int] = {}
    for version in versions:
        first_of.setdefault(version.agreement_id, version.pk)
        Model.objects.filter(
            agreement_id=version.agreement_id, decided_on__gte=version.valid_from
        ).update(version=version.pk)
    for agreement_id, version_id in first_of.items():
        Model.objects.filter(agreement_id=agreement_id, version__isnull=True).update(
            version=version_id
        )


class Migration(migrations.Migration):
    dependencies = [("steering", "0006_decision_version")]

    operations = [migrations.RunPython(fill_decisions, migrations.RunPython.noop)]
