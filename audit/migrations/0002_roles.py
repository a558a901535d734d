from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant


def forwards(apps, schema_editor):
    grant(
        apps,
        schema_editor,
        "audit",
        {
            STEERING_GROUP: ["view_auditentry"],
            PROCESS_LEADER: ["view_auditentry", "view_sentnotification"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
