import django.db.models.deletion
from django.db import migrations, models

from common.roles import PROCESS_LEADER, STEERING_GROUP, grant


def roles(apps, schema_editor):
    # Whoever decided on organisations decides on their memberships.
    codenames = ["view_membership", "change_membership"]
    grant(apps, schema_editor, "parties", {STEERING_GROUP: codenames, PROCESS_LEADER: codenames})


class Migration(migrations.Migration):
    """An organisation's participation in an agreement becomes a membership (step 3 of 3):
    the organisation loses its status and dates, its number becomes unique."""

    dependencies = [
        ("parties", "0007_memberships_from_organisations"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="organisation", name="organisation_one_live_per_org_number"
        ),
        migrations.RemoveConstraint(
            model_name="organisation", name="organisation_active_has_joined_on"
        ),
        migrations.RemoveConstraint(
            model_name="organisation", name="organisation_withdrawn_has_withdrawn_on"
        ),
        migrations.RemoveIndex(model_name="organisation", name="organisation_register_idx"),
        migrations.RemoveIndex(model_name="organisation", name="organisation_sector_idx"),
        migrations.RemoveConstraint(
            model_name="application", name="application_one_pending_per_organisation"
        ),
        migrations.RemoveConstraint(
            model_name="withdrawal", name="withdrawal_one_open_notice_per_organisation"
        ),
        migrations.RemoveConstraint(
            model_name="renewalrequest", name="renewal_one_per_party_and_version"
        ),
        migrations.RemoveField(model_name="organisation", name="status"),
        migrations.RemoveField(model_name="organisation", name="joined_on"),
        migrations.RemoveField(model_name="organisation", name="withdrawn_on"),
        migrations.RemoveField(model_name="application", name="organisation"),
        migrations.RemoveField(model_name="withdrawal", name="organisation"),
        migrations.RemoveField(model_name="renewalrequest", name="organisation"),
        migrations.AlterField(
            model_name="organisation",
            name="org_number",
            field=models.CharField(
                error_messages={"unique": "An organisation with this organisation number exists."},
                help_text="Ten digits, NNNNNN-NNNN.",
                max_length=11,
                unique=True,
                verbose_name="organisation number",
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], name="organisation_name_idx"),
        ),
        migrations.AlterField(
            model_name="application",
            name="membership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="parties.membership",
                verbose_name="membership",
            ),
        ),
        migrations.AlterField(
            model_name="withdrawal",
            name="membership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="withdrawals",
                to="parties.membership",
                verbose_name="membership",
            ),
        ),
        migrations.AlterField(
            model_name="renewalrequest",
            name="membership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="renewal_requests",
                to="parties.membership",
                verbose_name="membership",
            ),
        ),
        migrations.AlterField(
            model_name="changerequest",
            name="agreement",
            field=models.ForeignKey(
                help_text="The agreement whose steering group decides.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="change_requests",
                to="agreements.agreement",
                verbose_name="agreement",
            ),
        ),
        migrations.AlterModelOptions(
            name="renewalrequest",
            options={
                "ordering": ["-asked_at", "membership__organisation__name"],
                "verbose_name": "renewal request",
                "verbose_name_plural": "renewal requests",
            },
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("organisation", "agreement"),
                name="membership_one_per_organisation_and_agreement",
                violation_error_message=(
                    "The organisation is already a party to this agreement or has applied."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "active"), _negated=True)
                | models.Q(("joined_on__isnull", False)),
                name="membership_active_has_joined_on",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "withdrawn"), _negated=True)
                | models.Q(("withdrawn_on__isnull", False)),
                name="membership_withdrawn_has_withdrawn_on",
            ),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["agreement", "status"], name="membership_agreement_idx"),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("membership",),
                name="application_one_pending_per_membership",
            ),
        ),
        migrations.AddConstraint(
            model_name="withdrawal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("registered_at__isnull", True)),
                fields=("membership",),
                name="withdrawal_one_open_notice_per_membership",
            ),
        ),
        migrations.AddConstraint(
            model_name="renewalrequest",
            constraint=models.UniqueConstraint(
                fields=("membership", "version"), name="renewal_one_per_membership_and_version"
            ),
        ),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]
