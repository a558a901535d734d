from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant


def create_roles(apps, schema_editor):
    grant(
        apps,
        schema_editor,
        "agreements",
        {
            # The process leader edits the agreement's texts.
            PROCESS_LEADER: [
                f"{action}_{model}"
                for model in ("agreement", "goal", "principle")
                for action in ("add", "change", "view")
            ],
            # The steering group reads them in the admin.
            STEERING_GROUP: [f"view_{model}" for model in ("agreement", "goal", "principle")],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
