"""Organisations become one per organisation number with a membership each: the data
migration (parties 0006–0008) run on a small register of the old model, with a number that
applied twice (rejected, then pending again)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BEFORE = [("parties", "0005_renewal_requests")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_it_merges_the_rows_of_one_number_into_one_organisation_with_a_membership(
    require_postgres,
):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    old = _migrate(BEFORE)
    from agreements.demo import seed_agreement

    agreement = seed_agreement()
    User = old.get_model("auth", "User")
    Municipality = old.get_model("parties", "Municipality")
    Organisation = old.get_model("parties", "Organisation")
    ContactPerson = old.get_model("parties", "ContactPerson")
    Application = old.get_model("parties", "Application")
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEntry = old.get_model("audit", "AuditEntry")
    place = Municipality.objects.create(name="Norråstad", slug="norrastad")

    def organisation(name, number, status, **dates):
        row = Organisation.objects.create(
            name=name,
            org_number=number,
            sector="civil_society",
            legal_form="ideell_forening",
            municipality=place,
            slug=name.lower().replace(" ", "-"),
            status=status,
            **dates,
        )
        user = User.objects.create(username=f"{row.slug}@exempel.test")
        contact = ContactPerson.objects.create(
            organisation=row, user=user, name=name, email=user.username, is_current=False
        )
        Application.objects.create(
            organisation=row,
            contact=contact,
            submitted_data={"name": name},
            signatory_name="S",
            signatory_role="O",
            supports_democratic_values=True,
            endorses_agreement=True,
            decided_by_own_statutes=True,
            consents_to_processing=True,
            receipt_token=f"token-{row.slug}",
            status="rejected" if status == "rejected" else "pending",
            decision_reason="Nej" if status == "rejected" else "",
        )
        return row

    rejected = organisation("Gamla Namnet", "802400-1235", "rejected")
    again = organisation("Nya Namnet", "802400-1235", "pending")
    Organisation.objects.filter(pk=again.pk).update(
        created_at=rejected.created_at + datetime.timedelta(days=30)
    )
    active = organisation("Aktiva", "802400-1243", "active", joined_on=datetime.date(2026, 3, 1))
    organisation_type = ContentType.objects.get_or_create(app_label="parties", model="organisation")
    AuditEntry.objects.create(
        content_type=organisation_type[0],
        object_id=rejected.pk,
        owner_type=organisation_type[0],
        owner_id=rejected.pk,
        old_status="pending",
        new_status="rejected",
    )

    _migrate(latest)

    from audit.models import AuditEntry as Entry
    from parties.models import Application as NewApplication
    from parties.models import Membership
    from parties.models import Organisation as NewOrganisation

    assert NewOrganisation.objects.count() == 2
    kept = NewOrganisation.objects.get(org_number="802400-1235")
    assert (kept.pk, kept.name) == (again.pk, "Nya Namnet")
    membership = kept.memberships.get()
    assert (membership.agreement, membership.status) == (agreement, "pending")
    assert kept.contacts.count() == 2
    assert set(
        NewApplication.objects.filter(membership=membership).values_list("status", flat=True)
    ) == {
        "rejected",
        "pending",
    }
    (entry,) = Entry.objects.all()
    assert (entry.owner_id, entry.content_type.model, entry.object_id) == (
        kept.pk,
        "membership",
        membership.pk,
    )
    other = Membership.objects.get(organisation_id=active.pk)
    assert (other.status, other.joined_on) == ("active", datetime.date(2026, 3, 1))
