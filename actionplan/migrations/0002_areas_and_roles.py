from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant

# The activity areas the agreement names; the process leader can add more in the admin.
AREAS = [
    ("overenskommelseprocessen", "Överenskommelseprocessen"),
    ("dialog-och-motesplatser", "Dialog och mötesplatser"),
    ("kunskap", "Kunskap"),
    ("information-och-kommunikation", "Information och kommunikation"),
    ("forankring-hos-parterna", "Förankring hos parterna"),
    ("struktur-och-arbetsformer", "Struktur och arbetsformer"),
    ("utveckling", "Utveckling"),
]
PERSPECTIVES = [
    ("manskliga-rattigheter", "Mänskliga rättigheter"),
    ("jamstalldhet", "Jämställdhet"),
    ("barnets-rattigheter", "Barnets rättigheter"),
    ("tillganglighet", "Tillgänglighet"),
]
MODELS = [
    "actionplan",
    "developmentarea",
    "objective",
    "annualplan",
    "activityarea",
    "perspective",
    "activity",
    "activityupdate",
]


def forwards(apps, schema_editor):
    ActivityArea = apps.get_model("actionplan", "ActivityArea")
    Perspective = apps.get_model("actionplan", "Perspective")
    for order, (slug, name) in enumerate(AREAS):
        ActivityArea.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    for slug, name in PERSPECTIVES:
        Perspective.objects.get_or_create(slug=slug, defaults={"name": name})
    viewing = [f"view_{model}" for model in MODELS]
    keeping = [f"{action}_{model}" for model in MODELS for action in ("add", "change")]
    grant(
        apps,
        schema_editor,
        "actionplan",
        {STEERING_GROUP: viewing, PROCESS_LEADER: viewing + keeping},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0001_initial"),
        ("agreements", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
