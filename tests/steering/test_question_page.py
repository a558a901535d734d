"""What a member sees of a question put between meetings, and who hears the outcome
(issue 15, points 2 to 5 and the steering group's part of point 7)."""

import datetime
import re

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from parties.models import Application
from steering import services
from steering.models import Decision, PerCapsulamQuestion
from tests.agreement_factory import change_rules
from tests.steering.test_admin import QUESTIONS, english

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(apply, voters, process_leader, agreement, django_capture_on_commit_callbacks):
    application = apply("Föreningen Beslutet")
    application.organisation.description = "Vi ordnar läxhjälp för barn i Norråstad."
    application.organisation.save(update_fields=["description"])
    Application.objects.filter(pk=application.pk).update(
        submitted_data={**application.submitted_data, "description": "Vi ordnar läxhjälp."}
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.put_question(
            agreement,
            matter=application,
            proposal="approve",
            deadline=timezone.now() + datetime.timedelta(days=5),
            by=process_leader,
        )


def url(question) -> str:
    return f"/styrgrupp/per-capsulam/{question.pk}/"


def answer_all(question, voters, value="yes", *, capture):
    with capture(execute=True):
        for user in voters.values():
            services.answer_question(question, user=user, answer=value)


# ---- point 3: what a member decides on ----------------------------------------------------


def test_it_shows_the_member_what_they_decide_on(as_user, voters, question):
    page = english(as_user(voters["civil"])).get(url(question)).content.decode()

    for expected in (
        "Civil society",  # sector
        "Norråstad" if "Norråstad" in page else question.matter.organisation.municipality.name,
        "Non-profit association",  # legal form
        "Vi ordnar läxhjälp.",  # the organisation's own description
        f"/admin/parties/application/{question.matter.pk}/change/",
        "a single no sends the question to the next meeting",
        "0 of 4 have answered.",
    ):
        assert expected in page
    # The answer buttons come before the long details.
    assert page.index('name="answer"') < page.index("What you decide on")


def test_it_puts_the_same_facts_and_the_rule_in_the_question_email(question, mailoutbox):
    body = mailoutbox[0].body
    municipality = question.matter.organisation.municipality.name

    assert "Ideell förening" in body or "ideell förening" in body.lower()
    assert f"Kommun: {municipality}" in body
    assert "Vi ordnar läxhjälp." in body
    assert f"/admin/parties/application/{question.matter.pk}/change/" in body
    assert "ett enda nej skickar frågan till nästa möte" in body
    assert "0 av 4" in body


def test_it_takes_the_rule_from_the_agreement(as_user, voters, question, agreement):
    change_rules(agreement, per_capsulam_rule="majority")

    page = english(as_user(voters["civil"])).get(url(question)).content.decode()

    assert "More than half of the voting members must answer yes" in page


# ---- point 2: the admin's list reads as a proposal until decided ---------------------------


def test_it_lists_an_open_question_as_a_proposal_and_a_decided_one_as_its_outcome(
    as_user, process_leader, voters, question, django_capture_on_commit_callbacks
):
    client = as_user(process_leader)
    assert column(client.get(QUESTIONS)) == ["Förslag: godkänn ansökan"]
    filters = client.get(QUESTIONS).context["cl"].filter_specs
    chosen = next(spec for spec in filters if getattr(spec, "parameter_name", "") == "proposal")
    assert "Förslag: godkänn ansökan" in [str(label) for _v, label in chosen.lookup_choices]

    answer_all(question, voters, capture=django_capture_on_commit_callbacks)

    assert column(client.get(QUESTIONS)) == ["Ansökan har godkänts"]
    filtered = client.get(QUESTIONS, {"proposal": "application_approved"}).content.decode()
    assert question.title in filtered


def column(response) -> list[str]:
    return re.findall(r'class="field-proposal_shown">([^<]*)<', response.content.decode())


# ---- point 4: everyone hears the outcome, with the paragraph ------------------------------


def test_it_emails_the_outcome_with_the_paragraph_once_to_members_and_process_leader(
    as_user, voters, question, process_leader, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    answer_all(question, voters, capture=django_capture_on_commit_callbacks)
    services.close_overdue_questions()  # nothing more to send

    decision = Decision.objects.get(question=question)
    # (The applicant's contact person is told of the approval by the parties app.)
    outcome = [message for message in mailoutbox if question.title in message.subject]
    recipients = sorted(message.to[0] for message in outcome)
    assert recipients == sorted([u.email for u in voters.values()] + [process_leader.email])
    year = timezone.localdate().year
    assert all(f"per capsulam § {year}:1" in message.body for message in outcome)
    assert all(f"§ {year}:1" in message.subject for message in outcome)
    page = as_user(voters["civil"]).get(url(question)).content.decode()
    assert decision.paragraph in page


def test_it_emails_a_question_sent_to_the_next_meeting_too(
    voters, question, process_leader, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, user=voters["civil"], answer="no")

    assert len(mailoutbox) == 5
    assert all("nästa möte" in message.body for message in mailoutbox)


# ---- point 5: a late answer is explained; the badge follows the deadline --------------------


def test_it_says_why_a_changed_answer_after_the_decision_was_not_saved(
    as_user, voters, question, django_capture_on_commit_callbacks
):
    answer_all(question, voters, capture=django_capture_on_commit_callbacks)

    response = english(as_user(voters["civil"])).post(url(question), {"answer": "abstain"})

    assert response.status_code == 400
    page = response.content.decode()
    year = timezone.localdate().year
    assert "Your answer was not saved: the question was decided on" in page
    assert f"per capsulam § {year}:1" in page
    assert 'role="alert"' in page


def test_it_stops_saying_open_for_answers_once_the_deadline_has_passed(
    as_user, voters, question, process_leader
):
    PerCapsulamQuestion.objects.filter(pk=question.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )

    page = as_user(voters["civil"]).get(url(question)).content.decode()
    listed = as_user(process_leader).get(QUESTIONS).content.decode()

    badge = re.search(r'class="status-badge">([^<]*)<', page).group(1)
    assert badge != "Öppen för svar"
    assert "Svarstiden har gått ut" in badge
    assert "Svarstiden har gått ut" in listed


# ---- point 7: the history keeps the old answer and names the steering group ------------------


def test_it_attributes_a_decision_between_meetings_to_the_steering_group(
    voters, question, process_leader, django_capture_on_commit_callbacks
):
    answer_all(question, voters, capture=django_capture_on_commit_callbacks)

    application = Application.objects.get(pk=question.object_id)
    decided = AuditEntry.objects.filter(
        content_type__model="application", object_id=application.pk, new_status="approved"
    ).get()
    assert decided.actor is None
    assert decided.reason.startswith("Beslutat av styrgruppen mellan möten (per capsulam).")
    assert application.decided_by is None
    assert Decision.objects.get(question=question).recorded_by is None
