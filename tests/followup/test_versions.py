"""Every submitted version of a response is kept (who, when, what changed), the process
leader sees the history, and the contact person gets a receipt once per submission."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from followup import services, versions
from followup.models import QuestionKind, Response, SubmittedVersion
from followup.services import AnswerData
from followup.tasks import send_receipt
from parties.models import ContactPerson

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def response(agreement, process_leader, contact) -> Response:
    today = timezone.localdate()
    round = services.new_round(
        agreement, year=today.year, opens=today - 5 * DAY, closes=today + 20 * DAY
    )
    return services.response_for(round, contact.party)


def complete(response) -> dict[int, AnswerData]:
    answers = {}
    for question in services.questions_for(response.round, response.organisation):
        answers[question.pk] = {
            QuestionKind.SCALE: AnswerData(scale=4, comment="Bra dialog"),
            QuestionKind.YES_NO: AnswerData(yes_no=True),
            QuestionKind.NUMBER: AnswerData(number=3),
            QuestionKind.SHORT_TEXT: AnswerData(text="Läxhjälp"),
            QuestionKind.LONG_TEXT: AnswerData(text="Fler kvällsmöten"),
        }[question.kind]
    return answers


def number_question(response):
    return response.round.questions.get(kind=QuestionKind.NUMBER)


def test_it_keeps_every_submitted_version_with_who_when_and_what_changed(
    response, contact, applicant
):
    answers = complete(response)
    services.save_answers(response, answers, by=contact, submit=True)
    answers[number_question(response).pk] = AnswerData(number=12)

    services.save_answers(response, answers, by=applicant, submit=True)

    first, second = SubmittedVersion.objects.filter(response=response).order_by("number")
    assert (first.number, first.submitted_by, second.number, second.submitted_by) == (
        1,
        contact,
        2,
        applicant,
    )
    # The first version still says what was sent in first.
    kept = {row["question"]: row["value"] for row in first.answers}
    assert kept[number_question(response).pk] == 3
    newest, older = versions.history(response)
    assert newest.version == second
    assert [(c.question, c.before, c.after) for c in newest.changes] == [
        (number_question(response).text, "3", "12")
    ]
    assert len(older.changes) == len(answers)


def test_it_keeps_no_version_of_a_draft_or_of_an_unchanged_submission(response, contact):
    answers = complete(response)
    services.save_answers(response, answers, by=contact, submit=False)
    assert not SubmittedVersion.objects.exists()

    services.save_answers(response, answers, by=contact, submit=True)
    services.save_answers(response, answers, by=contact, submit=True)

    assert SubmittedVersion.objects.filter(response=response).count() == 1


def test_it_sends_the_contact_person_a_receipt_once_per_submission(
    response, contact, django_capture_on_commit_callbacks
):
    answers = complete(response)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_answers(response, answers, by=contact, submit=False)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.save_answers(response, answers, by=contact, submit=True)

    version = SubmittedVersion.objects.get(response=response)
    send_receipt.delay(version.pk)  # a retried task sends nothing twice
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    address = ContactPerson.objects.current().get(organisation=contact.party).email
    assert email.to == [address]
    assert str(response.round.year) in email.subject and contact.party.name in email.subject
    assert "Läxhjälp" in email.body and "Bra dialog" in email.body
    assert f"/uppfoljning/{response.round.year}/" in email.body

    answers[number_question(response).pk] = AnswerData(number=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_answers(response, answers, by=contact, submit=True)
    assert len(mail.outbox) == 2


def test_it_shows_the_process_leader_the_history_of_a_response(
    response, contact, as_user, process_leader
):
    answers = complete(response)
    services.save_answers(response, answers, by=contact, submit=True)
    answers[number_question(response).pk] = AnswerData(number=12)
    services.save_answers(response, answers, by=contact, submit=True)

    page = as_user(process_leader).get(f"/admin/followup/response/{response.pk}/change/")

    content = page.content.decode()
    assert page.status_code == 200
    assert 'class="followup-versions"' in content
    assert content.count('class="followup-versions"') == 2
    changed = content.split('class="followup-versions"')[1]
    assert number_question(response).text in changed
    assert "<td>3" in changed and "<td>12" in changed
