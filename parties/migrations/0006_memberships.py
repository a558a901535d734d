import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """An organisation's participation in an agreement becomes a membership (step 1 of 3):
    the new table and the new, still empty, references to it."""

    dependencies = [
        ("agreements", "0008_agreement_settings_and_roles"),
        ("parties", "0005_renewal_requests"),
    ]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Application pending"),
                            ("active", "Party to the agreement"),
                            ("withdrawn", "Withdrawn"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("joined_on", models.DateField(blank=True, null=True, verbose_name="joined on")),
                (
                    "withdrawn_on",
                    models.DateField(blank=True, null=True, verbose_name="withdrawn on"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="agreements.agreement",
                        verbose_name="agreement",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="parties.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["pk"],
            },
        ),
        migrations.AddField(
            model_name="application",
            name="membership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="parties.membership",
                verbose_name="membership",
            ),
        ),
        migrations.AddField(
            model_name="withdrawal",
            name="membership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="withdrawals",
                to="parties.membership",
                verbose_name="membership",
            ),
        ),
        migrations.AddField(
            model_name="renewalrequest",
            name="membership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="renewal_requests",
                to="parties.membership",
                verbose_name="membership",
            ),
        ),
        migrations.AddField(
            model_name="changerequest",
            name="agreement",
            field=models.ForeignKey(
                null=True,
                help_text="The agreement whose steering group decides.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="change_requests",
                to="agreements.agreement",
                verbose_name="agreement",
            ),
        ),
    ]
