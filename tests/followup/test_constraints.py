"""The follow-up's rules the database holds, on PostgreSQL, and answers racing for one
response: one response per party and round, whatever arrives at the same moment."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.models import AuditEntry
from followup import revisions, services
from followup.models import (
    Answer,
    FollowUpRound,
    Question,
    QuestionKind,
    Response,
    RevisionProposal,
)
from followup.services import AnswerData

pytestmark = pytest.mark.postgres

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def round(require_postgres, agreement) -> FollowUpRound:
    return services.new_round(
        agreement, year=2026, opens=today() - 5 * DAY, closes=today() + 30 * DAY
    )


@pytest.fixture
def response(round, contact) -> Response:
    return Response.objects.create(round=round, organisation=contact.party)


@pytest.fixture
def scale_question(round) -> Question:
    return round.questions.filter(kind=QuestionKind.SCALE).first()


def refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_it_holds_one_response_per_party_and_round(round, response, contact):
    refused(lambda: Response.objects.create(round=round, organisation=contact.party))
    assert Response.objects.count() == 1


@pytest.mark.parametrize("value", [0, 6])
def test_it_refuses_a_scale_answer_outside_1_to_5(response, scale_question, value):
    refused(lambda: Answer.objects.create(response=response, question=scale_question, scale=value))


@pytest.mark.parametrize("value", [1, 5])
def test_it_takes_the_ends_of_the_scale(response, scale_question, value):
    Answer.objects.create(response=response, question=scale_question, scale=value)
    assert Answer.objects.get().scale == value


def test_it_refuses_a_scale_value_together_with_cannot_judge(response, scale_question):
    refused(
        lambda: Answer.objects.create(
            response=response, question=scale_question, scale=3, cannot_judge=True
        )
    )


def test_it_holds_one_answer_per_question(response, scale_question):
    Answer.objects.create(response=response, question=scale_question, scale=3)
    refused(lambda: Answer.objects.create(response=response, question=scale_question, scale=4))


def test_it_refuses_a_round_that_closes_before_it_opens(require_postgres, agreement):
    refused(
        lambda: FollowUpRound.objects.create(
            agreement=agreement, year=2030, opens=today(), closes=today() - DAY
        )
    )
    FollowUpRound.objects.create(agreement=agreement, year=2030, opens=today(), closes=today())


def test_it_refuses_a_second_round_in_the_same_year(round, agreement):
    refused(
        lambda: FollowUpRound.objects.create(
            agreement=agreement, year=round.year, opens=today(), closes=today() + DAY
        )
    )


def test_it_refuses_reminders_out_of_order(require_postgres, agreement):
    refused(
        lambda: FollowUpRound.objects.create(
            agreement=agreement,
            year=2030,
            opens=today(),
            closes=today() + 30 * DAY,
            first_reminder_days=3,
            second_reminder_days=3,
        )
    )


def test_it_refuses_a_submitted_response_without_its_time(response):
    def submit_without_time():
        Response.objects.filter(pk=response.pk).update(status=Response.Status.SUBMITTED)

    refused(submit_without_time)
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.SUBMITTED, submitted_at=timezone.now()
    )


def test_it_refuses_a_principle_on_a_question_that_is_not_a_scale(round, agreement):
    refused(
        lambda: Question.objects.create(
            round=round,
            theme="Principerna",
            kind=QuestionKind.YES_NO,
            text="Fungerar dialogen?",
            principle=agreement.in_force.principles.first(),
        )
    )


def test_it_refuses_a_decided_proposal_without_a_decision(require_postgres, agreement, contact):
    proposal = revisions.propose(
        agreement,
        part="vision",
        proposed_wording="Ett län där alla kan delta.",
        rationale="Kortare och tydligare.",
        by=contact,
        organisation=contact.party,
    )
    for status in (RevisionProposal.Status.ADOPTED, RevisionProposal.Status.REJECTED):
        refused(
            lambda status=status: RevisionProposal.objects.filter(pk=proposal.pk).update(
                status=status
            )
        )
    refused(
        lambda: RevisionProposal.objects.create(
            agreement=agreement,
            part="principle",
            proposed_wording="Ny lydelse.",
            rationale="Skäl.",
            proposed_by=contact,
        )
    )


# ---- two saves of the same response at the same moment --------------------------------------


def complete_answers(round, organisation, comment: str) -> dict[int, AnswerData]:
    answers = {}
    for question in services.questions_for(round, organisation):
        answers[question.pk] = {
            QuestionKind.SCALE: AnswerData(scale=3, comment=comment),
            QuestionKind.YES_NO: AnswerData(yes_no=False),
            QuestionKind.NUMBER: AnswerData(number=1),
            QuestionKind.SHORT_TEXT: AnswerData(text=comment),
            QuestionKind.LONG_TEXT: AnswerData(text=comment),
        }[question.kind]
    return answers


def race(*jobs) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second_submits", [True, False], ids=["both submit", "submit and draft"])
def test_it_keeps_one_consistent_response_when_two_saves_race(
    require_postgres, agreement, contact, applicant, second_submits
):
    round = services.new_round(
        agreement, year=2026, opens=today() - 5 * DAY, closes=today() + 30 * DAY
    )
    party = contact.party

    def save(user, comment, submit):
        def job():
            # Neither had opened the form before: both make the response now.
            response = services.response_for(round, party)
            services.save_answers(
                response, complete_answers(round, party, comment), by=user, submit=submit
            )

        return job

    errors = race(
        save(contact, "Från kontaktpersonen", True),
        save(applicant, "Från kollegan", second_submits),
    )

    assert not errors, errors
    response = Response.objects.get(round=round, organisation=party)
    assert response.status == Response.Status.SUBMITTED and response.submitted_at
    questions = services.questions_for(round, party)
    assert response.answers.count() == len(questions)
    # Every answer comes from the same save, the one that came last.
    texts = {a.comment for a in response.answers.all() if a.comment}
    assert len(texts) == 1
    transitions = [
        (entry.old_status, entry.new_status)
        for entry in AuditEntry.objects.about(response).order_by("pk")
    ]
    assert transitions[-1][1] == "submitted"
    assert [t for t in transitions if t[1] != "submitted" or t[0] != "submitted"] in (
        [("not_started", "submitted")],
        [("not_started", "draft"), ("draft", "submitted")],
    )
