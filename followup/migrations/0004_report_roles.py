from django.db import migrations

from common.roles import PROCESS_LEADER, grant


def forwards(apps, schema_editor):
    # The process leader generates, publishes and reads every version; the steering
    # group reads the published ones like everyone else.
    grant(
        apps,
        schema_editor,
        "followup",
        {PROCESS_LEADER: ["view_annualreport", "add_annualreport", "change_annualreport"]},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_annual_report"),
        ("agreements", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
