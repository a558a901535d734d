from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant

KEPT = ["seat", "meeting", "attendance", "decision", "percapsulamquestion"]


def forwards(apps, schema_editor):
    viewing = [f"view_{model}" for model in KEPT + ["percapsulamanswer"]]
    keeping = [f"{action}_{model}" for model in KEPT for action in ("add", "change")]
    grant(
        apps,
        schema_editor,
        "steering",
        {
            # The chair puts questions between meetings; the admin checks who holds the chair.
            STEERING_GROUP: viewing + ["add_percapsulamquestion"],
            PROCESS_LEADER: viewing + keeping,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0001_initial"),
        ("agreements", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
