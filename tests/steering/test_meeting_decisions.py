"""Only a meeting that has been held and whose minutes are not yet published takes decisions
(issue 15, point 1): the forms offer no other, and the services refuse the others."""

import datetime

import pytest
from django.utils import timezone

from parties import services as party_services
from parties.models import Application
from parties.services import NotAllowed
from steering import services
from steering.models import Decision, Meeting
from tests.steering.test_admin import DECISIONS, MEETINGS, english, held_meeting

pytestmark = pytest.mark.django_db


def published_meeting(agreement, *, days_ago: int = 60) -> Meeting:
    meeting = held_meeting(agreement, days_ago=days_ago, checked=True)
    services.record_decision(kind="other", text="Mötet öppnas.", meeting=meeting)
    assert services.publish_minutes(meeting, by=None)
    meeting.refresh_from_db()
    return meeting


def future_meeting(agreement) -> Meeting:
    return Meeting.objects.create(
        agreement=agreement,
        starts_at=timezone.now() + datetime.timedelta(days=14),
        place="Kommunhuset",
    )


def test_it_offers_only_held_meetings_with_unpublished_minutes_on_the_decision_page(
    as_user, steering_member, agreement, apply
):
    open_meeting = held_meeting(agreement, days_ago=3)
    published = published_meeting(agreement)
    future = future_meeting(agreement)
    application = apply("Föreningen Valet")

    response = as_user(steering_member).get(f"/admin/parties/application/{application.pk}/approve/")

    offered = {pk for pk, _label in response.context["form"].fields["meeting"].choices if pk}
    assert {int(str(pk)) for pk in offered} == {open_meeting.pk}
    assert published.pk not in offered and future.pk not in offered


def test_it_refuses_a_published_meeting_posted_to_the_decision_page_and_decides_nothing(
    as_user, steering_member, agreement, apply
):
    meeting = published_meeting(agreement)
    application = apply("Föreningen Efterhand")
    client = english(as_user(steering_member))

    response = client.post(
        f"/admin/parties/application/{application.pk}/approve/",
        {"meeting": meeting.pk, "paragraph": "", "reason": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["meeting"] == [
        "Choose a meeting that has been held and whose minutes are not yet published."
    ]
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert list(meeting.decisions.values_list("number", flat=True)) == [1]


@pytest.mark.parametrize("which", ["published", "future"])
def test_it_refuses_in_the_service_a_meeting_that_may_not_decide(
    which, agreement, apply, steering_member
):
    meeting = published_meeting(agreement) if which == "published" else future_meeting(agreement)
    application = apply("Föreningen Tjänsten")

    with pytest.raises(NotAllowed) as refused:
        party_services.approve_application(
            application, by=steering_member, citation={"meeting": meeting, "paragraph": None}
        )

    expected = "are published" if which == "published" else "has not been held yet"
    assert expected in str(refused.value)
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert not Decision.objects.about(application).exists()


def test_it_refuses_every_kind_of_paragraph_at_a_published_meeting(agreement):
    meeting = published_meeting(agreement)

    with pytest.raises(services.SteeringError):
        services.record_decision(kind="report_adopted", text="Rapporten antas.", meeting=meeting)

    assert meeting.decisions.count() == 1


def test_it_keeps_the_paragraphs_of_published_minutes_as_published(
    as_user, process_leader, agreement
):
    meeting = published_meeting(agreement)
    decision = meeting.decisions.get()
    client = as_user(process_leader)

    page = client.get(f"{MEETINGS}{meeting.pk}/change/")
    inline = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is Decision)
    assert not inline.has_add_permission and not inline.has_change_permission

    response = client.post(
        f"{DECISIONS}{decision.pk}/change/",
        {"number": 1, "kind": "other", "text": "Något annat."},
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.text == "Mötet öppnas."
    with pytest.raises(services.SteeringError):
        decision.text = "Något annat."
        services.amend_decision(decision, by=process_leader)


def test_it_offers_only_meetings_that_may_decide_when_adding_a_paragraph(
    as_user, process_leader, agreement
):
    open_meeting = held_meeting(agreement, days_ago=3)
    published = published_meeting(agreement)

    response = as_user(process_leader).get(f"{DECISIONS}add/")

    field = response.context["adminform"].form.fields["meeting"]
    assert set(field.queryset) == {open_meeting}
    assert published not in field.queryset


def test_it_offers_only_meetings_that_may_decide_when_deciding_a_revision_proposal(
    as_user, process_leader, agreement, make_party, contact
):
    from followup import revisions

    proposal = revisions.propose(
        agreement,
        part="vision",
        proposed_wording="En vision för hela länet.",
        rationale="Fler kommuner har anslutit.",
        by=contact,
        organisation=contact.party,
    )
    open_meeting = held_meeting(agreement, days_ago=3)
    published = published_meeting(agreement)
    future_meeting(agreement)

    page = as_user(process_leader).get(
        f"/admin/followup/revisionproposal/{proposal.pk}/adopt/", follow=True
    )

    field = page.context["form"].fields["meeting"]
    assert set(field.queryset) == {open_meeting}
    assert published not in field.queryset
