from django.db import migrations

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant

# Areas of activity in which parties work; the process leader can add more in the admin.
AREAS = [
    ("folkhalsa", "Folkhälsa"),
    ("integration", "Integration"),
    ("barn-och-unga", "Barn och unga"),
    ("aldre", "Äldre"),
    ("kultur", "Kultur"),
    ("idrott", "Idrott"),
    ("demokrati", "Demokrati"),
    ("utbildning-och-folkbildning", "Utbildning och folkbildning"),
    ("landsbygdsutveckling", "Landsbygdsutveckling"),
    ("miljo-och-hallbarhet", "Miljö och hållbarhet"),
    ("socialt-arbete", "Socialt arbete"),
    ("funktionsratt", "Funktionsrätt"),
    ("jamstalldhet", "Jämställdhet"),
    ("arbete-och-sysselsattning", "Arbete och sysselsättning"),
]

DECIDING = ["application", "organisation", "withdrawal", "changerequest"]
READING = ["contactperson", "contactinvitation"]


def forwards(apps, schema_editor):
    ActivityArea = apps.get_model("parties", "ActivityArea")
    for slug, name in AREAS:
        ActivityArea.objects.get_or_create(slug=slug, defaults={"name": name})

    deciding = [f"{action}_{model}" for model in DECIDING for action in ("view", "change")]
    reading = [f"view_{model}" for model in READING]
    data = [
        f"{action}_{model}"
        for model in ("municipality", "activityarea")
        for action in ("add", "change", "view")
    ]
    grant(
        apps,
        schema_editor,
        "parties",
        {
            STEERING_GROUP: deciding + reading + ["view_municipality", "view_activityarea"],
            PROCESS_LEADER: deciding + reading + data,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0001_initial"),
        ("agreements", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
