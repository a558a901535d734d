from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant

KEPT = ["followupround", "question", "conference", "revisionproposal"]
# The parties' answers: read by the process leader, changed only by the party itself.
READ = ["response", "answer"]


def forwards(apps, schema_editor):
    viewing = [f"view_{model}" for model in KEPT]
    keeping = [f"{action}_{model}" for model in KEPT for action in ("add", "change")]
    grant(
        apps,
        schema_editor,
        "followup",
        {
            STEERING_GROUP: ["view_followupround", "view_conference", "view_revisionproposal"],
            # Questions may be dropped while the round has not opened (the admin checks).
            PROCESS_LEADER: viewing
            + keeping
            + ["delete_question"]
            + [f"view_{model}" for model in READ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("agreements", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
