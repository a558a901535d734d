from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant


def forwards(apps, schema_editor):
    grant(
        apps,
        schema_editor,
        "agreements",
        {
            # The process leader edits the draft of the next version in the admin.
            PROCESS_LEADER: [f"{action}_version" for action in ("add", "change", "view")]
            + ["delete_goal", "delete_principle"],
            # The steering group reads the versions, and adopts a draft by a decision.
            STEERING_GROUP: ["view_version"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0006_drop_moved_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
