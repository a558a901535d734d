"""The draft of the next version: copied from the version in force, started from the
conference's adopted proposals, edited in the admin; and its coming into force."""

import datetime

import pytest
from django.core.management import call_command

from agreements import revision
from agreements.models import Version
from agreements.revision import RevisionError, activate_due_versions, start_draft
from audit.models import AuditEntry
from followup.models import RevisionProposal
from steering import services as steering_services
from tests.steering.test_admin import english, held_meeting, messages_of

pytestmark = pytest.mark.django_db

PROPOSALS = "/admin/followup/revisionproposal/"


def test_it_copies_the_whole_version_in_force_into_a_numbered_draft(agreement, process_leader):
    source = agreement.in_force
    source.renewal_required = True
    source.quorum_percent = 60
    source.steering_max_seats_per_party = 2
    source.per_capsulam_rule = "majority"
    source.save()

    draft = start_draft(agreement, by=process_leader)

    assert draft.status == Version.Status.DRAFT
    assert draft.number == source.number + 1
    assert draft.replaces == source
    for field in revision.COPIED_FIELDS:
        assert getattr(draft, field) == getattr(source, field), field
    assert [(g.order, g.title, g.description) for g in draft.goals.all()] == [
        (g.order, g.title, g.description) for g in source.goals.all()
    ]
    assert [(p.slug, p.name, p.summary, p.description) for p in draft.principles.all()] == [
        (p.slug, p.name, p.summary, p.description) for p in source.principles.all()
    ]
    # The version in force keeps its own goals and principles.
    assert source.goals.count() == draft.goals.count() > 0
    assert AuditEntry.objects.filter(object_id=draft.pk, new_status="draft").exists()


def test_it_refuses_a_second_draft_while_one_exists(agreement, process_leader):
    start_draft(agreement, by=process_leader)

    with pytest.raises(RevisionError, match="version 2"):
        start_draft(agreement, by=process_leader)

    assert agreement.versions.count() == 2


def test_it_keeps_the_draft_out_of_force_and_out_of_the_public_list(
    agreement, process_leader, public
):
    draft = start_draft(agreement, by=process_leader)
    draft.title = "Utkastets nya titel"
    draft.save()

    assert agreement.in_force.number == 1
    versions = public.get("/overenskommelsen/versioner/").content.decode()
    assert "Utkastets nya titel" not in versions
    assert "/overenskommelsen/versioner/2/andringar/" in versions  # what the draft changes
    assert public.get("/overenskommelsen/versioner/2/").status_code == 404


def adopted_proposal(agreement, process_leader, wording="Ny vision") -> RevisionProposal:
    from followup import revisions

    proposal = revisions.propose(
        agreement,
        part="vision",
        proposed_wording=wording,
        rationale="Bättre",
        by=process_leader,
    )
    meeting = held_meeting(agreement, days_ago=3)
    revisions.decide_proposal(
        proposal, adopted=True, meeting=meeting, text="Antas.", by=process_leader
    )
    proposal.refresh_from_db()
    return proposal


def test_it_starts_the_draft_from_the_adopted_proposals_in_the_admin(
    agreement, process_leader, as_user
):
    adopted = adopted_proposal(agreement, process_leader)
    from followup import revisions

    received = revisions.propose(
        agreement, part="purpose", proposed_wording="X", rationale="Y", by=process_leader
    )
    client = english(as_user(process_leader))

    response = client.post(
        PROPOSALS,
        {
            "action": "start_draft_selected",
            "_selected_action": [adopted.pk, received.pk],
        },
    )

    draft = agreement.versions.get(status=Version.Status.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/agreements/version/{draft.pk}/change/"
    adopted.refresh_from_db()
    received.refresh_from_db()
    assert adopted.answered_in == draft
    assert received.answered_in is None
    assert AuditEntry.objects.filter(
        object_id=adopted.pk, reason__contains="version 2", content_type__model="revisionproposal"
    ).exists()


def test_it_refuses_in_the_admin_a_draft_from_proposals_not_adopted(
    agreement, process_leader, as_user
):
    from followup import revisions

    received = revisions.propose(
        agreement, part="purpose", proposed_wording="X", rationale="Y", by=process_leader
    )
    client = english(as_user(process_leader))

    response = client.post(
        PROPOSALS, {"action": "start_draft_selected", "_selected_action": [received.pk]}
    )

    assert response.status_code == 302
    assert not agreement.versions.filter(status=Version.Status.DRAFT).exists()
    assert any("adopted" in text for _level, text in messages_of(client.get(PROPOSALS)))


def test_it_lets_the_admin_edit_a_draft_and_keeps_an_adopted_version_read_only(
    agreement, process_leader, as_user
):
    draft = start_draft(agreement, by=process_leader)
    client = english(as_user(process_leader))

    draft_page = client.get(f"/admin/agreements/version/{draft.pk}/change/").content.decode()
    adopted_page = client.get(
        f"/admin/agreements/version/{agreement.in_force.pk}/change/"
    ).content.decode()

    assert 'name="vision"' in draft_page
    assert "Record the steering group&#x27;s adoption at a meeting" in draft_page
    assert 'name="vision"' not in adopted_page
    assert 'name="goals-0-title"' not in adopted_page
    assert "adoption at a meeting" not in adopted_page


def make_adopted(agreement, process_leader, valid_from: datetime.date) -> Version:
    draft = start_draft(agreement, by=process_leader)
    draft.valid_from = valid_from
    draft.valid_until = valid_from + datetime.timedelta(days=4 * 365)
    draft.review_due = draft.valid_until - datetime.timedelta(days=180)
    draft.vision = "En ny vision för en ny period."
    draft.save()
    meeting = held_meeting(agreement, days_ago=2)
    from steering.adoption import adopt_version

    adopt_version(draft, meeting=meeting, by=process_leader)
    draft.refresh_from_db()
    return draft


def test_it_brings_an_adopted_version_into_force_on_its_start_date_once(agreement, process_leader):
    old = agreement.in_force
    new = make_adopted(agreement, process_leader, datetime.date(2030, 1, 1))

    assert activate_due_versions(datetime.date(2029, 12, 31)) == []
    assert activate_due_versions(datetime.date(2030, 1, 2)) == [new]
    assert activate_due_versions(datetime.date(2030, 1, 3)) == []

    new.refresh_from_db()
    old.refresh_from_db()
    assert (old.status, new.status) == (Version.Status.EXPIRED, Version.Status.ACTIVE)
    assert AuditEntry.objects.filter(object_id=old.pk, new_status="expired").exists()


def test_it_brings_due_versions_into_force_from_the_command(agreement, process_leader, capsys):
    new = make_adopted(agreement, process_leader, datetime.date.today())

    call_command("activate_versions")

    new.refresh_from_db()
    assert new.status == Version.Status.ACTIVE
    assert "came into force: 1" in capsys.readouterr().out


def test_it_runs_the_activation_as_a_task(agreement, process_leader):
    from agreements.tasks import activate_versions

    make_adopted(agreement, process_leader, datetime.date.today())

    assert activate_versions.delay().get() == 1
    assert agreement.versions.get(number=1).status == Version.Status.EXPIRED


def test_it_keeps_the_steering_numbering_when_the_new_version_comes_into_force(
    agreement, process_leader
):
    meeting = held_meeting(agreement, days_ago=1)
    first = steering_services.record_decision(kind="other", text="Ett", meeting=meeting)
    make_adopted(agreement, process_leader, datetime.date.today())
    activate_due_versions()

    after = steering_services.record_decision(kind="other", text="Två", meeting=meeting)
    assert after.number > first.number
