from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant


def forwards(apps, schema_editor):
    # The chair puts questions of the group's own, like waiting matters; the admin checks
    # who holds the chair. Both groups read them.
    grant(
        apps,
        schema_editor,
        "steering",
        {
            STEERING_GROUP: ["view_motion", "view_motionattachment", "add_motion"],
            PROCESS_LEADER: ["view_motion", "view_motionattachment", "add_motion"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("steering", "0004_motion")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
