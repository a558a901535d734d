"""Every history view shows statuses in words, in Swedish by default, never as codes."""

import datetime
import re

import pytest
from django.utils import timezone

from followup import services as followup
from parties import services as parties
from steering import services as steering

pytestmark = pytest.mark.django_db

MINE = "/min-organisation/"
AUDIT_LIST = "/admin/audit/auditentry/"
CODES = re.compile(r">\s*(open|to_meeting|not_started|draft|pending|notice_given|yes|abstain)\s*<")


def cells(html: str) -> str:
    """The page's text with the tags between cells as " | ", to find a cell's words."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " | ", html))


@pytest.fixture
def question_sent_to_meeting(apply, voters, process_leader, agreement):
    """Put between meetings; the chair changes yes to abstain, a member says no."""
    question = steering.put_question(
        agreement,
        matter=apply("Föreningen Mellan Mötena"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=process_leader,
    )
    steering.answer_question(question, user=voters["chair"], answer="yes")
    steering.answer_question(question, user=voters["chair"], answer="abstain")
    steering.answer_question(question, user=voters["civil"], answer="no")
    return question


@pytest.fixture
def draft_response(agreement, process_leader, contact):
    today = timezone.localdate()
    round = followup.new_round(
        agreement,
        year=today.year,
        opens=today - datetime.timedelta(days=10),
        closes=today + datetime.timedelta(days=30),
        by=process_leader,
    )
    response = followup.response_for(round, contact.party)
    return followup.save_answers(response, {}, by=contact, submit=False)


def test_it_shows_the_audit_trail_in_the_admin_in_swedish_words(
    as_user, process_leader, question_sent_to_meeting
):
    response = as_user(process_leader).get(AUDIT_LIST)

    assert response.status_code == 200
    text = cells(response.content.decode())
    assert "| Öppen för svar |" in text
    assert "| Flyttad till nästa möte |" in text
    assert "| Avstår |" in text and "| Nej |" in text
    assert not CODES.search(response.content.decode())


def test_it_shows_the_old_and_the_new_answer_on_an_entrys_page(
    as_user, process_leader, question_sent_to_meeting
):
    from audit.models import AuditEntry

    changed = AuditEntry.objects.get(content_type__model="percapsulamanswer", new_status="abstain")
    html = as_user(process_leader).get(f"{AUDIT_LIST}{changed.pk}/change/").content.decode()
    text = cells(html)
    assert "Avstår" in text
    # The earlier answer as the trail kept it: the value, or that there was one.
    assert "Ja" in text or "Tidigare svar" in text
    assert "abstain" not in text and "changed" not in text
    assert not CODES.search(html)


def test_it_shows_a_partys_history_in_the_admin_in_swedish_words(
    as_user, process_leader, contact, draft_response
):
    party = contact.party
    parties.give_withdrawal_notice(party, by=contact, given_by_name="Kim", reason="Vi slutar")

    html = as_user(process_leader).get(f"/admin/parties/organisation/{party.pk}/change/")
    html = html.content.decode()

    text = cells(html)
    assert "| Inte påbörjad |" in text and "| Utkast sparat |" in text
    assert "| Anmälan om utträde lämnad |" in text
    assert not CODES.search(html)


def test_it_shows_the_history_on_min_organisation_in_swedish_words(
    as_user, contact, draft_response
):
    parties.give_withdrawal_notice(
        contact.party, by=contact, given_by_name="Kim", reason="Vi slutar"
    )

    html = as_user(contact).get(MINE).content.decode()

    history = html[html.index('id="history-title"') :]
    assert "Inte påbörjad → Utkast sparat" in history
    assert "Anmälan om utträde lämnad" in history
    assert "not_started" not in history and "notice_given" not in history


def test_it_attributes_a_decision_recorded_without_a_person_to_the_steering_group(
    as_user, process_leader, apply, voters, agreement
):
    application = apply("Föreningen Per Capsulam")
    question = steering.put_question(
        agreement,
        matter=application,
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=process_leader,
    )
    # Decided between meetings: the group decided, so no person is recorded as the decider.
    parties.approve_application(
        application, by=None, reason="Beslutat per capsulam", citation={"question": question}
    )
    party = application.organisation

    html = as_user(process_leader).get(f"/admin/parties/organisation/{party.pk}/change/")
    text = cells(html.content.decode())

    row = text[text.index("| Godkänd |") :]
    row = row[: row.index("Beslutat per capsulam")]
    assert "Styrgruppen" in row
    assert process_leader.email not in row
