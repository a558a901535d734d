"""The follow-up in the admin: rounds and their questions, "open now", the responses,
the conference and the revision proposals with the steering group's decision."""

import datetime

import pytest
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import SentNotification
from followup import invitations, revisions, services
from followup.models import (
    Answer,
    Conference,
    FollowUpRound,
    QuestionKind,
    Response,
    RevisionProposal,
)
from steering.models import Decision, DecisionKind, Meeting

pytestmark = pytest.mark.django_db

ROUNDS = "/admin/followup/followupround/"
RESPONSES = "/admin/followup/response/"
CONFERENCES = "/admin/followup/conference/"
PROPOSALS = "/admin/followup/revisionproposal/"


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in response.wsgi_request._messages]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def planned(agreement, year=2027) -> FollowUpRound:
    return services.new_round(agreement, year=year, opens=days(10), closes=days(40))


def opened(agreement, year=2026) -> FollowUpRound:
    return services.new_round(agreement, year=year, opens=days(-5), closes=days(25))


def round_data(agreement, **changes) -> dict:
    return {
        "agreement": agreement.pk,
        "year": 2027,
        "opens": days(10).isoformat(),
        "closes": days(40).isoformat(),
        "introduction": "Välkommen till årets uppföljning.",
        "first_reminder_days": 14,
        "second_reminder_days": 3,
        **changes,
    }


# ---- who may come in ----------------------------------------------------------------------


@pytest.fixture
def records(agreement, make_party, process_leader):
    round = opened(agreement)
    response = Response.objects.create(round=round, organisation=make_party("Föreningen Ett"))
    conference = Conference.objects.create(
        agreement=agreement,
        year=2026,
        title="Samverkanskonferensen 2026",
        starts_at=timezone.now() + datetime.timedelta(days=60),
        place="Folkets hus",
    )
    proposal = revisions.propose(
        agreement,
        part="vision",
        proposed_wording="En ny vision.",
        rationale="Den gamla är otydlig.",
        by=process_leader,
    )
    return {"round": round, "response": response, "conference": conference, "proposal": proposal}


PAGES = [
    # (url, steering member, process leader)
    (ROUNDS, 200, 200),
    (f"{ROUNDS}add/", 403, 200),
    (f"{ROUNDS}{{round}}/change/", 200, 200),
    (f"{ROUNDS}{{round}}/oppna/", 403, 200),
    (RESPONSES, 403, 200),
    (f"{RESPONSES}{{response}}/change/", 403, 200),
    (CONFERENCES, 200, 200),
    (f"{CONFERENCES}add/", 403, 200),
    (PROPOSALS, 200, 200),
    (f"{PROPOSALS}add/", 403, 200),
    (f"{PROPOSALS}{{proposal}}/change/", 200, 200),
    (f"{PROPOSALS}{{proposal}}/check/", 403, 200),
    (f"{PROPOSALS}{{proposal}}/adopt/", 403, 200),
]


@pytest.mark.parametrize(("template", "member", "leader"), PAGES)
def test_it_lets_in_only_who_may_see_each_page(
    template, member, leader, records, public, as_user, contact, steering_member, process_leader
):
    url = template.format(**{key: record.pk for key, record in records.items()})

    assert public.get(url).status_code == 302
    assert as_user(contact).get(url).status_code == 302
    assert as_user(steering_member).get(url).status_code == member
    assert as_user(process_leader).get(url).status_code == leader


@pytest.mark.parametrize(
    "template",
    [
        f"{ROUNDS}{{round}}/",
        f"{RESPONSES}{{response}}/",
        f"{CONFERENCES}{{conference}}/",
        f"{PROPOSALS}{{proposal}}/",
    ],
)
def test_it_deletes_nothing(template, records, as_user, admin_user):
    client = as_user(admin_user)
    url = template.format(**{key: record.pk for key, record in records.items()})

    page = client.get(url + "change/")
    assert page.status_code == 200
    assert url + "delete/" not in page.content.decode()
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    changelist = client.get(url.rsplit("/", 2)[0] + "/")
    assert 'value="delete_selected"' not in changelist.content.decode()


# ---- rounds -------------------------------------------------------------------------------


def test_it_starts_a_new_round_with_the_last_rounds_questions(agreement, as_user, process_leader):
    last = services.new_round(agreement, year=2026, opens=days(-100), closes=days(-70))
    changed = last.questions.order_by("order").first()
    changed.text = "Hur har dialogen fungerat i år?"
    changed.save()
    client = as_user(process_leader)

    response = client.post(f"{ROUNDS}add/", round_data(agreement))

    assert response.status_code == 302
    new = FollowUpRound.objects.get(year=2027)
    assert new.created_by == process_leader
    assert list(new.questions.values_list("text", flat=True)) == [
        text.replace("2026", "2027") for text in last.questions.values_list("text", flat=True)
    ]
    assert new.questions.filter(text="Hur har dialogen fungerat i år?").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"closes": days(5).isoformat()},
            "closes",
            "The round cannot close before it opens.",
        ),
        (
            {"first_reminder_days": 3, "second_reminder_days": 7},
            "second_reminder_days",
            "The first reminder must come earlier than the second.",
        ),
        ({"year": 2026}, "year", "There is already a follow-up round for this year."),
    ],
)
def test_it_says_what_is_wrong_with_a_round_next_to_the_field(
    changes, field, message, agreement, as_user, process_leader
):
    opened(agreement, year=2026)
    client = as_user(process_leader)

    response = client.post(f"{ROUNDS}add/", round_data(agreement, **changes))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field] == [gettext(message)]
    assert FollowUpRound.objects.count() == 1


def test_it_refuses_to_move_a_round_to_a_year_that_has_one(agreement, as_user, process_leader):
    opened(agreement, year=2026)
    round = planned(agreement, year=2027)

    response = as_user(process_leader).post(
        f"{ROUNDS}{round.pk}/change/", change_data(round) | {"year": 2026}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == [
        gettext("There is already a follow-up round for this year.")
    ]
    round.refresh_from_db()
    assert round.year == 2027


def test_it_lets_the_questions_be_changed_until_the_round_opens(agreement, as_user, process_leader):
    client = as_user(process_leader)
    before, after = planned(agreement), opened(agreement)

    editable = client.get(f"{ROUNDS}{before.pk}/change/").content.decode()
    locked = client.get(f"{ROUNDS}{after.pk}/change/").content.decode()

    assert 'name="questions-0-text"' in editable
    assert "questions-empty" in editable
    assert 'name="questions-0-DELETE"' in editable  # a copied question may be dropped
    assert 'name="questions-0-text"' not in locked
    assert after.questions.first().text in locked
    assert "questions-empty" not in locked  # no "add another question"
    assert 'name="questions-0-DELETE"' not in locked


def question_rows(round, **changes) -> dict:
    questions = list(round.questions.order_by("order", "pk"))
    data = {
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for index, question in enumerate(questions):
        row = {
            "id": question.pk,
            "round": round.pk,
            "order": question.order,
            "theme": question.theme,
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "principle": question.principle_id or "",
            "low_label": question.low_label,
            "high_label": question.high_label,
            "sector": question.sector,
            **({"required": "on"} if question.required else {}),
            **({"with_comment": "on"} if question.with_comment else {}),
        }
        if index == 0:
            row.update(changes)
        data.update({f"questions-{index}-{key}": value for key, value in row.items()})
    return data


def change_data(round, **question_changes) -> dict:
    return {
        "year": round.year,
        "opens": round.opens.isoformat(),
        "closes": round.closes.isoformat(),
        "introduction": round.introduction,
        "first_reminder_days": round.first_reminder_days,
        "second_reminder_days": round.second_reminder_days,
        **question_rows(round, **question_changes),
    }


def test_it_saves_a_changed_question_of_a_planned_round(agreement, as_user, process_leader):
    round = planned(agreement)
    first = round.questions.order_by("order", "pk").first()

    response = as_user(process_leader).post(
        f"{ROUNDS}{round.pk}/change/", change_data(round, text="En ny fråga?")
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.text == "En ny fråga?"


def test_it_keeps_the_questions_of_an_open_round_as_they_were(agreement, as_user, process_leader):
    round = opened(agreement)
    first = round.questions.order_by("order", "pk").first()
    text = first.text

    response = as_user(process_leader).post(
        f"{ROUNDS}{round.pk}/change/", change_data(round, text="Ändrad i smyg?")
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.text == text


def test_it_refuses_a_principle_on_a_question_that_is_not_a_scale(
    agreement, as_user, process_leader
):
    round = planned(agreement)
    principle = agreement.in_force.principles.first()

    response = as_user(process_leader).post(
        f"{ROUNDS}{round.pk}/change/",
        change_data(round, kind=QuestionKind.NUMBER, principle=principle.pk),
    )

    assert response.status_code == 200
    assert gettext("Only a scale question can be about a principle.") in response.content.decode()


def test_it_opens_a_round_now_and_invites_the_parties(
    agreement, make_party, as_user, process_leader, django_capture_on_commit_callbacks
):
    party = make_party("Föreningen Inbjuden")
    round = planned(agreement)
    client = as_user(process_leader)
    assert client.get(f"{ROUNDS}{round.pk}/oppna/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ROUNDS}{round.pk}/oppna/")

    assert response.status_code == 302
    round.refresh_from_db()
    assert round.opens == timezone.localdate()
    assert [level for level, _text in messages_of(response)] == [messages.SUCCESS]
    assert Response.objects.filter(round=round, organisation=party).exists()
    assert len(mail.outbox) == 1


def test_it_says_why_an_open_round_cannot_be_opened_again(agreement, as_user, process_leader):
    round = opened(agreement)
    opens = round.opens

    response = as_user(process_leader).post(
        ROUNDS, {"action": "open_selected_now", "_selected_action": [round.pk]}
    )

    assert response.status_code == 302
    round.refresh_from_db()
    assert round.opens == opens
    [(level, text)] = messages_of(response)
    assert level == messages.ERROR
    assert gettext("Only a round that has not opened yet can be opened now.") in text


def test_it_opens_selected_rounds_from_the_list(
    agreement, as_user, process_leader, django_capture_on_commit_callbacks
):
    round = planned(agreement)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(process_leader).post(
            ROUNDS, {"action": "open_selected_now", "_selected_action": [round.pk]}
        )

    round.refresh_from_db()
    assert round.opens == timezone.localdate()
    assert [level for level, _text in messages_of(response)] == [messages.SUCCESS]


# ---- responses ----------------------------------------------------------------------------


def test_it_shows_a_response_with_its_answers_and_emails_read_only(
    agreement, make_party, as_user, process_leader
):
    round = opened(agreement)
    party = make_party("Föreningen Svarar")
    response = Response.objects.create(
        round=round,
        organisation=party,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=process_leader,
    )
    number = round.questions.get(kind=QuestionKind.NUMBER)
    Answer.objects.create(response=response, question=number, number=7, comment="Sju träffar")
    SentNotification.objects.create(
        kind=invitations.INVITATION,
        content_type=ContentType.objects.get_for_model(Response),
        object_id=response.pk,
        recipient="kontakt@svarar.test",
        subject="Inbjudan till uppföljningen",
    )

    page = as_user(process_leader).get(f"{RESPONSES}{response.pk}/change/")

    content = page.content.decode()
    assert page.status_code == 200
    assert number.text in content and "Sju träffar" in content
    assert f"Samverkan under {round.year}" in content  # the theme as the table's caption
    assert "Inbjudan till uppföljningen" in content
    assert 'name="_save"' not in content
    assert as_user(process_leader).get(f"{RESPONSES}add/").status_code == 403


DRAFT_NOTE = "Started, not submitted. The answers are shown here once the party submits them."


def test_it_shows_a_drafts_answers_to_nobody_but_the_party(
    agreement, make_party, as_user, process_leader
):
    round = opened(agreement)
    response = Response.objects.create(
        round=round, organisation=make_party("Föreningen Skriver"), status="draft"
    )
    number = round.questions.get(kind=QuestionKind.NUMBER)
    Answer.objects.create(response=response, question=number, number=7, comment="Hemligt utkast")

    page = as_user(process_leader).get(f"{RESPONSES}{response.pk}/change/")

    content = page.content.decode()
    assert page.status_code == 200
    assert "Hemligt utkast" not in content
    assert gettext(DRAFT_NOTE) in content


def test_it_filters_responses_by_round_and_status_and_finds_a_party(
    agreement, make_party, as_user, process_leader
):
    round = opened(agreement)
    Response.objects.create(
        round=round, organisation=make_party("Föreningen Utkast"), status="draft"
    )
    Response.objects.create(round=round, organisation=make_party("Föreningen Tyst"))
    client = as_user(process_leader)

    drafts = client.get(RESPONSES, {"round__id__exact": round.pk, "status__exact": "draft"})
    found = client.get(RESPONSES, {"q": "Tyst"})

    assert "Föreningen Utkast" in drafts.content.decode()
    assert "Föreningen Tyst" not in drafts.content.decode()
    assert "Föreningen Tyst" in found.content.decode()
    assert "Föreningen Utkast" not in found.content.decode()


# ---- the conference -----------------------------------------------------------------------


def test_it_says_a_conference_cannot_end_before_it_starts(agreement, as_user, process_leader):
    response = as_user(process_leader).post(
        f"{CONFERENCES}add/",
        {
            "agreement": agreement.pk,
            "year": 2026,
            "title": "Samverkanskonferensen",
            "starts_at_0": "2026-10-10",
            "starts_at_1": "09:00",
            "ends_at_0": "2026-10-09",
            "ends_at_1": "16:00",
            "place": "Folkets hus",
        },
    )

    assert response.status_code == 200
    assert gettext("The conference cannot end before it starts.") in response.content.decode()
    assert not Conference.objects.exists()


# ---- revision proposals -------------------------------------------------------------------


def proposal_data(agreement, **changes) -> dict:
    return {
        "agreement": agreement.pk,
        "part": "principle",
        "principle": agreement.in_force.principles.first().pk,
        "section": "",
        "proposed_wording": "Parterna för en öppen dialog.",
        "rationale": "Förtydligande efter konferensen.",
        **changes,
    }


def test_it_adds_a_proposal_as_the_process_leaders_own(agreement, as_user, process_leader):
    response = as_user(process_leader).post(f"{PROPOSALS}add/", proposal_data(agreement))

    assert response.status_code == 302
    proposal = RevisionProposal.objects.get()
    assert proposal.organisation is None
    assert proposal.proposed_by == process_leader
    assert proposal.status == RevisionProposal.Status.RECEIVED
    listing = as_user(process_leader).get(PROPOSALS).content.decode()
    assert gettext("The process leader") in listing


def test_it_asks_for_the_principle_a_proposal_is_about(agreement, as_user, process_leader):
    response = as_user(process_leader).post(
        f"{PROPOSALS}add/", proposal_data(agreement, principle="")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["principle"] == [
        gettext("Choose the principle the proposal is about.")
    ]
    assert not RevisionProposal.objects.exists()


@pytest.fixture
def proposal(agreement, make_party, contact):
    return revisions.propose(
        agreement,
        part="vision",
        proposed_wording="En vision för hela länet.",
        rationale="Fler kommuner har anslutit.",
        by=contact,
        organisation=contact.party,
    )


@pytest.fixture
def meeting(agreement):
    return Meeting.objects.create(
        agreement=agreement,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place="Regionhuset",
    )


def test_it_keeps_status_and_decision_out_of_the_form(proposal, as_user, process_leader):
    page = as_user(process_leader).get(f"{PROPOSALS}{proposal.pk}/change/")

    form = page.context["adminform"].form
    assert "status" not in form.fields
    assert "decision" not in form.fields
    assert "proposed_wording" in form.fields


def test_it_checks_sends_and_decides_a_proposal(
    proposal, meeting, agreement, as_user, process_leader
):
    client = as_user(process_leader)
    change = f"{PROPOSALS}{proposal.pk}/change/"
    conference = Conference.objects.create(
        agreement=agreement,
        year=2026,
        title="Samverkanskonferensen 2026",
        starts_at=timezone.now() + datetime.timedelta(days=30),
        place="Folkets hus",
    )

    assert client.post(f"{PROPOSALS}{proposal.pk}/check/").status_code == 302
    assert (
        client.post(
            f"{PROPOSALS}{proposal.pk}/conference/", {"conference": conference.pk}
        ).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.is_public
    assert proposal.status == RevisionProposal.Status.TO_CONFERENCE
    assert proposal.conference == conference

    response = client.post(
        f"{PROPOSALS}{proposal.pk}/adopt/",
        {"meeting": meeting.pk, "number": 4, "text": "Styrgruppen antar förslaget."},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == RevisionProposal.Status.ADOPTED
    decision = proposal.decision
    assert decision.meeting == meeting
    assert decision.number == 4
    assert decision.kind == DecisionKind.REVISION_ADOPTED
    page = client.get(change).content.decode()
    assert f"/admin/steering/meeting/{meeting.pk}/change/" in page
    assert "§ 4" in page and "Styrgruppen antar förslaget." in page
    # Decided: no more buttons to decide it again.
    assert f"{PROPOSALS}{proposal.pk}/reject/" not in page


def test_it_rejects_a_proposal_at_a_meeting(proposal, meeting, as_user, process_leader):
    response = as_user(process_leader).post(
        f"{PROPOSALS}{proposal.pk}/reject/",
        {"meeting": meeting.pk, "number": "", "text": "Förslaget avslås."},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == RevisionProposal.Status.REJECTED
    assert proposal.decision.kind == DecisionKind.REVISION_REJECTED
    assert proposal.decision.number == 1


def test_it_says_what_is_wrong_with_a_decision_instead_of_failing(
    proposal, meeting, as_user, process_leader
):
    from steering import services as steering

    steering.record_decision(kind="other", text="Mötet öppnas.", meeting=meeting, number=1)
    client = as_user(process_leader)
    target = f"{PROPOSALS}{proposal.pk}/adopt/"

    taken = client.post(target, {"meeting": meeting.pk, "number": 1, "text": "Antas."})
    missing = client.post(target, {"meeting": "", "number": "", "text": ""})

    assert taken.status_code == 400
    assert "§ 1" in taken.content.decode()
    assert missing.status_code == 400
    errors = missing.context["form"].errors
    assert errors["meeting"] == [gettext("Choose the meeting that took the decision.")]
    assert errors["text"] == [gettext("Write the decision's wording.")]
    proposal.refresh_from_db()
    assert proposal.status == RevisionProposal.Status.RECEIVED
    assert Decision.objects.count() == 1


def test_it_will_not_decide_a_proposal_twice(proposal, meeting, as_user, process_leader):
    revisions.decide_proposal(
        proposal, adopted=False, meeting=meeting, text="Avslås.", by=process_leader
    )

    response = as_user(process_leader).post(
        f"{PROPOSALS}{proposal.pk}/adopt/", {"meeting": meeting.pk, "text": "Antas ändå."}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == RevisionProposal.Status.REJECTED
    assert [level for level, _text in messages_of(response)] == [messages.WARNING]


def test_it_checks_selected_proposals_from_the_list(proposal, as_user, process_leader):
    response = as_user(process_leader).post(
        PROPOSALS, {"action": "check_selected", "_selected_action": [proposal.pk]}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.checked_by == process_leader
