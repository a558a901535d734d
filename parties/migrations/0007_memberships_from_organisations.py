"""An organisation's participation in an agreement becomes a membership (step 2 of 3).

Until now one agreement existed and an organisation number could have several rows (one
rejected or withdrawn, then a new application). The rows of one number merge into one
organisation (the newest row's details) with one membership in the agreement carrying the
newest row's status and dates; every reference to a merged row moves to the kept one.
Going back is refused.
"""

from django.db import IntegrityError, migrations, transaction


def forwards(apps, schema_editor):
    Organisation = apps.get_model("parties", "Organisation")
    Membership = apps.get_model("parties", "Membership")
    Agreement = apps.get_model("agreements", "Agreement")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContactPerson = apps.get_model("parties", "ContactPerson")

    rows = list(Organisation.objects.order_by("org_number", "-created_at", "-pk"))
    agreement = Agreement.objects.order_by("pk").first()
    if agreement is None and any(
        apps.get_model("parties", name).objects.exists()
        for name in ("Application", "Withdrawal", "RenewalRequest", "ChangeRequest")
    ):
        raise RuntimeError("Applications exist but no agreement to make their parties members of.")
    if agreement is not None:
        apps.get_model("parties", "ChangeRequest").objects.update(agreement=agreement)

    kept_of: dict[int, int] = {}  # every organisation id -> the kept organisation's id
    membership_of: dict[int, int] = {}  # kept organisation id -> its membership id
    newest = None
    for row in rows:
        if newest is None or newest.org_number != row.org_number:
            newest = row
            if agreement is None:  # organisations in no agreement yet (no records of theirs)
                kept_of[row.pk] = row.pk
                continue
            membership = Membership.objects.create(
                organisation_id=row.pk,
                agreement=agreement,
                status=row.status,
                joined_on=row.joined_on,
                withdrawn_on=row.withdrawn_on,
            )
            Membership.objects.filter(pk=membership.pk).update(created_at=row.created_at)
            membership_of[row.pk] = membership.pk
        kept_of[row.pk] = newest.pk

    merged = {old: kept for old, kept in kept_of.items() if old != kept}

    # Applications, withdrawals and renewal requests belong to the membership.
    for model_name in ("Application", "Withdrawal", "RenewalRequest"):
        model = apps.get_model("parties", model_name)
        for old, kept in kept_of.items():
            if kept in membership_of:
                model.objects.filter(organisation_id=old).update(
                    membership_id=membership_of[kept]
                )

    if merged:
        # One current contact per organisation: a merged row's current contact steps down
        # when the kept row has one.
        for old, kept in merged.items():
            if ContactPerson.objects.filter(organisation_id=kept, is_current=True).exists():
                for contact in ContactPerson.objects.filter(organisation_id=old, is_current=True):
                    contact.is_current = False
                    contact.ended_at = contact.ended_at or contact.started_at
                    contact.save(update_fields=["is_current", "ended_at"])
        _repoint_references(apps, Organisation, merged)
        _repoint_generic(apps, ContentType, merged)
        Organisation.areas.through.objects.filter(organisation_id__in=list(merged)).delete()
        Organisation.objects.filter(pk__in=list(merged)).delete()

    # The organisation's own status changes become its membership's.
    organisation_type = ContentType.objects.filter(app_label="parties", model="organisation").first()
    if organisation_type is not None and membership_of:
        membership_type, _created = ContentType.objects.get_or_create(
            app_label="parties", model="membership"
        )
        AuditEntry = apps.get_model("audit", "AuditEntry")
        for kept, membership in membership_of.items():
            AuditEntry.objects.filter(content_type=organisation_type, object_id=kept).update(
                content_type=membership_type, object_id=membership
            )


def _repoint_references(apps, Organisation, merged):
    """Every foreign key to a merged organisation (and many-to-many row) moves to the kept one."""
    for model in apps.get_models(include_auto_created=True):
        if model is Organisation or model._meta.label_lower == "parties.organisation_areas":
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is not Organisation:
                continue
            for old, kept in merged.items():
                rows = model._base_manager.filter(**{field.attname: old})
                try:
                    with transaction.atomic():
                        rows.update(**{field.attname: kept})
                except IntegrityError:
                    if not model._meta.auto_created:
                        raise RuntimeError(
                            f"{model._meta.label}: rows of organisation {old} and {kept} "
                            "collide when merged; resolve by hand and migrate again."
                        ) from None
                    # A many-to-many row that the kept organisation already has.
                    rows.delete()


def _repoint_generic(apps, ContentType, merged):
    organisation_type = ContentType.objects.filter(app_label="parties", model="organisation").first()
    if organisation_type is None:
        return
    generic = [
        ("audit", "AuditEntry", "content_type_id", "object_id"),
        ("audit", "AuditEntry", "owner_type_id", "owner_id"),
        ("audit", "SentNotification", "content_type_id", "object_id"),
        ("steering", "Decision", "content_type_id", "object_id"),
        ("steering", "PerCapsulamQuestion", "content_type_id", "object_id"),
    ]
    for app_label, model_name, type_field, id_field in generic:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        for old, kept in merged.items():
            rows = model._base_manager.filter(**{type_field: organisation_type.pk, id_field: old})
            try:
                with transaction.atomic():
                    rows.update(**{id_field: kept})
            except IntegrityError:
                rows.delete()  # an outbox row the kept organisation already has


def refuse(apps, schema_editor):
    """Back only from an empty register (a test's fresh database); never with parties."""
    if apps.get_model("parties", "Membership").objects.exists():
        raise RuntimeError("Memberships cannot be folded back into organisations.")


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0006_memberships"),
        ("audit", "0002_roles"),
        ("steering", "0008_decision_kinds_from_matters"),
        ("followup", "0008_proposals_version"),
        ("actionplan", "0002_areas_and_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, refuse)]
