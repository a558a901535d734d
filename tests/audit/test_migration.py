"""Moving the parties app's audit trail and outbox into the shared app keeps every row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("parties", "0002_areas_and_roles"), ("audit", "0002_roles")]
AFTER = [("parties", "0003_move_audit_and_outbox")]


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_old_rows_with_their_times_and_owners(reference_data):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Municipality = old.get_model("parties", "Municipality")
    Organisation = old.get_model("parties", "Organisation")
    OldEntry = old.get_model("parties", "AuditEntry")
    OldSent = old.get_model("parties", "SentNotification")
    municipality = Municipality.objects.create(name="Gamla Kommunen", slug="gamla-kommunen")
    party = Organisation.objects.create(
        name="Gamla Föreningen",
        org_number="802000-0001",
        sector="civil_society",
        legal_form="ideell_forening",
        municipality=municipality,
        slug="gamla-foreningen",
    )
    at = timezone.make_aware(datetime.datetime(2026, 2, 3, 10, 0))
    entry = OldEntry.objects.create(
        organisation=party, subject="application", object_id=41, new_status="pending", reason="x"
    )
    OldEntry.objects.filter(pk=entry.pk).update(at=at)
    OldSent.objects.create(kind="application_received", object_id=41, recipient="a@test")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Entry = new.get_model("audit", "AuditEntry")
    Sent = new.get_model("audit", "SentNotification")

    moved = Entry.objects.select_related("content_type", "owner_type").get()
    assert (moved.content_type.model, moved.object_id, moved.new_status, moved.reason) == (
        "application",
        41,
        "pending",
        "x",
    )
    assert (moved.owner_type.model, moved.owner_id, moved.at) == ("organisation", party.pk, at)
    sent = Sent.objects.select_related("content_type").get()
    assert (sent.kind, sent.content_type.model, sent.object_id, sent.occasion) == (
        "application_received",
        "application",
        41,
        "",
    )

    # Back and forth again: the latest state for the rest of the suite.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
