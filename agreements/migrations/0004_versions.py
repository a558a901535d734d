"""Split the agreement into the lasting Agreement and its Versions (schema, step 1 of 3).

Until now every Agreement row was a version. This adds the Version table and the lasting
agreement's own fields; 0005 copies each row into a Version and folds the rows into one
lasting agreement; 0006 drops what moved.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_steering_rules"),
    ]

    operations = [
        migrations.CreateModel(
            name="Version",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("introduction", models.TextField(blank=True, verbose_name="introduction")),
                ("vision", models.TextField(verbose_name="vision")),
                ("purpose", models.TextField(verbose_name="purpose")),
                ("status", models.CharField(choices=[("draft", "Draft"), ("adopted", "Adopted"), ("active", "Active"), ("under_review", "Under review"), ("expired", "Expired")], default="draft", max_length=20, verbose_name="status")),
                ("adopted_on", models.DateField(blank=True, null=True, verbose_name="adopted on")),
                ("valid_from", models.DateField(verbose_name="valid from")),
                ("valid_until", models.DateField(verbose_name="valid until")),
                ("review_due", models.DateField(help_text="When the review (översyn) must be done.", verbose_name="review due")),
                ("signing_sectors", models.JSONField(default=list, help_text="Which sectors may join the agreement.", verbose_name="sectors that may sign")),
                ("renewal_required", models.BooleanField(default=False, help_text="When this version is adopted, every party is asked to confirm that it takes part in the new period.", verbose_name="parties confirm when a new period starts")),
                ("steering_balanced", models.BooleanField(default=True, help_text="Civil society and the public sector have equally many ordinary seats.", verbose_name="ordinary seats balanced between the sectors")),
                ("steering_chairs_from_different_sectors", models.BooleanField(default=True, verbose_name="chair and vice chair from different sectors")),
                ("steering_chair_mandate_months", models.PositiveSmallIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name="mandate of the chair and vice chair (months)")),
                ("steering_max_seats_per_party", models.PositiveSmallIntegerField(blank=True, help_text="Leave empty for no limit.", null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name="most ordinary seats per party")),
                ("quorum_percent", models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MaxValueValidator(99)], verbose_name="quorum: more than this share of the voting members present (%)")),
                ("quorum_each_sector", models.BooleanField(default=True, verbose_name="quorum: at least one voting member present from each sector")),
                ("per_capsulam_rule", models.CharField(choices=[("unanimous", "Every voting member answers and nobody says no"), ("majority", "More than half of the voting members say yes, nobody says no")], default="unanimous", max_length=20, verbose_name="rule for decisions between meetings")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("agreement", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="versions", to="agreements.agreement", verbose_name="agreement")),
                ("replaces", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="replaced_by", to="agreements.version", verbose_name="replaces version")),
            ],
            options={
                "verbose_name": "version of the agreement",
                "verbose_name_plural": "versions of the agreement",
                "ordering": ["agreement", "-number"],
            },
        ),
        migrations.AddField(
            model_name="agreement",
            name="slug",
            field=models.SlugField(max_length=60, null=True, verbose_name="short name in addresses"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="name",
            field=models.CharField(default="", max_length=200, verbose_name="name"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="agreement",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="goal",
            name="version",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="goals", to="agreements.version", verbose_name="version"),
        ),
        migrations.AddField(
            model_name="principle",
            name="version",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="principles", to="agreements.version", verbose_name="version"),
        ),
    ]
