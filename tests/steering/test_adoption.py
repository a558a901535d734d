"""The steering group adopts a draft of the next version by a numbered decision; on its
start date the version comes into force and everything the agreement holds carries on."""

import datetime

import pytest
from django.utils import timezone

from agreements.models import Agreement, Version
from agreements.revision import activate_due_versions, start_draft
from audit.models import AuditEntry
from common import hooks
from steering import services
from steering.adoption import adopt_version
from steering.errors import SteeringError
from steering.models import Decision, DecisionKind
from tests.steering.test_admin import english, held_meeting, messages_of

pytestmark = pytest.mark.django_db


def test_it_adopts_a_draft_as_the_next_paragraph_of_the_meeting(agreement, process_leader):
    meeting = held_meeting(agreement, days_ago=3)
    earlier = services.record_decision(
        kind="other", text="Dagordningen fastställs.", meeting=meeting
    )
    draft = start_draft(agreement, by=process_leader)
    called = []

    with hooks.register_temporarily("version_adopted", lambda **kwargs: called.append(kwargs)):
        decision = adopt_version(draft, meeting=meeting, by=process_leader)

    draft.refresh_from_db()
    assert decision.number == earlier.number + 1
    assert decision.kind == "version_adopted"
    assert decision.matter == draft
    assert "version 2" in decision.text and draft.title in decision.text
    assert decision.version == agreement.versions.get(number=1)  # the rules in force then
    assert (draft.status, draft.adopted_on) == (Version.Status.ADOPTED, meeting.date)
    assert called == [{"version": draft, "decision": decision, "by": process_leader}]
    assert AuditEntry.objects.filter(object_id=draft.pk, new_status="adopted").exists()
    # The numbering carries on after it.
    after = services.record_decision(kind="other", text="Nästa möte.", meeting=meeting)
    assert after.number == decision.number + 1


def test_it_adopts_between_meetings_in_the_year_s_series(agreement, process_leader):
    from steering.models import PerCapsulamQuestion

    draft = start_draft(agreement, by=process_leader)
    question = PerCapsulamQuestion.objects.create(
        agreement=agreement,
        kind=DecisionKind.OTHER,
        title="Anta version 2",
        proposal="Styrgruppen antar version 2.",
        deadline=timezone.now() + datetime.timedelta(days=7),
        put_by=process_leader,
    )

    decision = adopt_version(draft, question=question, by=process_leader)

    assert decision.series == Decision.Series.PER_CAPSULAM
    assert decision.paragraph.startswith("per capsulam §")


def test_it_refuses_a_version_that_is_not_a_draft_and_a_meeting_that_may_not_decide(
    agreement, process_leader
):
    draft = start_draft(agreement, by=process_leader)
    future = held_meeting(agreement, days_ago=-10)

    with pytest.raises(SteeringError, match="inte hållits"):
        adopt_version(draft, meeting=future, by=process_leader)
    draft.refresh_from_db()
    assert draft.status == Version.Status.DRAFT and not Decision.objects.exists()

    with pytest.raises(SteeringError, match="inte ett utkast"):
        adopt_version(agreement.in_force, meeting=held_meeting(agreement), by=process_leader)


def test_it_undoes_the_adoption_when_a_hook_refuses(agreement, process_leader):
    draft = start_draft(agreement, by=process_leader)

    def refuse(**kwargs):
        raise RuntimeError("nej")

    with hooks.register_temporarily("version_adopted", refuse), pytest.raises(RuntimeError):
        adopt_version(draft, meeting=held_meeting(agreement), by=process_leader)

    draft.refresh_from_db()
    assert draft.status == Version.Status.DRAFT
    assert not Decision.objects.exists()


def test_it_records_the_adoption_in_the_admin_and_shows_the_paragraph(
    agreement, process_leader, as_user
):
    meeting = held_meeting(agreement, days_ago=3)
    draft = start_draft(agreement, by=process_leader)
    client = english(as_user(process_leader))
    url = f"/admin/steering/decision/adopt-version/{draft.pk}/"

    page = client.get(url)
    response = client.post(url, {"meeting": meeting.pk})

    assert page.status_code == 200
    assert f'value="{meeting.pk}"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/agreements/version/{draft.pk}/change/"
    shown = [text for _level, text in messages_of(client.get(response["Location"]))]
    assert any("Version 2 is adopted by § 1" in text for text in shown), shown
    draft.refresh_from_db()
    assert draft.status == Version.Status.ADOPTED


def test_it_keeps_the_adoption_page_from_the_public_and_from_adopted_versions(
    agreement, process_leader, as_user, client
):
    draft = start_draft(agreement, by=process_leader)

    assert client.get(f"/admin/steering/decision/adopt-version/{draft.pk}/").status_code == 302
    staff = as_user(process_leader)
    in_force = agreement.versions.get(number=1)
    response = staff.get(f"/admin/steering/decision/adopt-version/{in_force.pk}/")
    assert response.status_code == 302 and "/change/" in response["Location"]


def test_it_carries_every_public_page_over_to_the_new_version(
    agreement, group, process_leader, public
):
    from actionplan.models import ActionPlan, DevelopmentArea

    year = timezone.localdate().year
    plan = ActionPlan.objects.create(
        agreement=agreement, title="Handlingsplanen", first_year=year - 1, last_year=year + 2
    )
    DevelopmentArea.objects.create(plan=plan, title="Mötesplatser för dialog")
    old = agreement.in_force
    draft = start_draft(agreement, by=process_leader)
    draft.title = "Överenskommelsen, andra versionen"
    draft.valid_from = timezone.localdate()
    draft.valid_until = draft.valid_from + datetime.timedelta(days=4 * 365)
    draft.review_due = draft.valid_until - datetime.timedelta(days=180)
    draft.save()
    meeting = held_meeting(agreement, days_ago=1)
    decision = adopt_version(draft, meeting=meeting, by=process_leader)

    assert activate_due_versions() == [draft]

    assert Agreement.objects.get(pk=agreement.pk).in_force == draft
    seats = public.get("/styrgrupp/").content.decode()
    assert "Anna Ordförande" in seats and "David Offentlig" in seats
    assert "Mötesplatser för dialog" in public.get("/handlingsplan/").content.decode()
    assert "Föreningen Ängen" in public.get("/undertecknare/").content.decode()
    assert "Överenskommelsen, andra versionen" in public.get("/overenskommelsen/").content.decode()
    old_page = public.get(f"/overenskommelsen/versioner/{old.number}/").content.decode()
    assert "inte längre gäller" in old_page and "Har upphört att gälla" in old_page
    versions = public.get("/overenskommelsen/versioner/").content.decode()
    assert "Överenskommelsen, andra versionen" in versions
    assert f"/overenskommelsen/versioner/{old.number}/" in versions
    # The meeting's numbering carries on after the adoption.
    after = services.record_decision(kind="other", text="Övrigt.", meeting=meeting)
    assert after.number == decision.number + 1
