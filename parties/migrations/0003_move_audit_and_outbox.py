"""The audit trail and the outbox move to the shared `audit` app, generic over records."""

from django.db import migrations

# The old `subject` codes and the models they named.
SUBJECT_MODELS = {
    "organisation": "organisation",
    "application": "application",
    "withdrawal": "withdrawal",
    "change_request": "changerequest",
    "contact": "contactperson",
}

# Every email kind the parties app sent, and the model of the record it was about.
KIND_MODELS = {
    "application_received": "application",
    "application_to_steering_group": "application",
    "application_approved": "application",
    "application_rejected": "application",
    "withdrawal_to_steering_group": "withdrawal",
    "withdrawal_registered": "withdrawal",
    "change_to_steering_group": "changerequest",
    "change_decided": "changerequest",
    "contact_invitation": "contactinvitation",
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OldEntry = apps.get_model("parties", "AuditEntry")
    OldSent = apps.get_model("parties", "SentNotification")
    Entry = apps.get_model("audit", "AuditEntry")
    Sent = apps.get_model("audit", "SentNotification")

    def content_type(model: str):
        return ContentType.objects.get_or_create(app_label="parties", model=model)[0]

    organisation_type = content_type("organisation")
    entries = [
        Entry(
            content_type=content_type(SUBJECT_MODELS[old.subject]),
            object_id=old.object_id,
            owner_type=organisation_type,
            owner_id=old.organisation_id,
            old_status=old.old_status,
            new_status=old.new_status,
            actor_id=old.actor_id,
            reason=old.reason,
        )
        for old in OldEntry.objects.order_by("pk")
    ]
    created = Entry.objects.bulk_create(entries, batch_size=1000)
    # `at` is auto_now_add: keep each change's own time.
    for new, old in zip(created, OldEntry.objects.order_by("pk"), strict=True):
        Entry.objects.filter(pk=new.pk).update(at=old.at)

    for old in OldSent.objects.order_by("pk"):
        sent = Sent.objects.create(
            kind=old.kind,
            content_type=content_type(KIND_MODELS.get(old.kind, "organisation")),
            object_id=old.object_id,
            recipient=old.recipient,
        )
        Sent.objects.filter(pk=sent.pk).update(sent_at=old.sent_at)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OldEntry = apps.get_model("parties", "AuditEntry")
    OldSent = apps.get_model("parties", "SentNotification")
    Entry = apps.get_model("audit", "AuditEntry")
    Sent = apps.get_model("audit", "SentNotification")
    codes = {model: code for code, model in SUBJECT_MODELS.items()}
    organisation_type = ContentType.objects.filter(app_label="parties", model="organisation")
    for entry in Entry.objects.filter(owner_type__in=organisation_type).select_related(
        "content_type"
    ):
        old = OldEntry.objects.create(
            organisation_id=entry.owner_id,
            subject=codes[entry.content_type.model],
            object_id=entry.object_id,
            old_status=entry.old_status,
            new_status=entry.new_status,
            actor_id=entry.actor_id,
            reason=entry.reason,
        )
        OldEntry.objects.filter(pk=old.pk).update(at=entry.at)
    for sent in Sent.objects.filter(kind__in=KIND_MODELS, occasion=""):
        old = OldSent.objects.create(
            kind=sent.kind, object_id=sent.object_id, recipient=sent.recipient
        )
        OldSent.objects.filter(pk=old.pk).update(sent_at=sent.sent_at)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0002_areas_and_roles"),
        ("audit", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="AuditEntry"),
        migrations.DeleteModel(name="SentNotification"),
    ]
