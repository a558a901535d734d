"""Deciding between meetings: put a matter, answer, decided by the agreement's rule."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from parties.models import Application, Membership
from steering import services
from steering.models import Decision, PerCapsulamAnswer, PerCapsulamQuestion
from tests.agreement_factory import change_rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are asserted in English; Swedish is tested on the pages."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def question(apply, voters, process_leader, agreement):
    return services.put_question(
        agreement,
        matter=apply("Föreningen Mellan Mötena"),
        proposal="approve",
        deadline=timezone.now() + datetime.timedelta(days=5),
        by=process_leader,
    )


def answer(question, user, value, comment=""):
    return services.answer_question(question, user=user, answer=value, comment=comment)


def test_it_approves_the_application_when_every_voting_member_says_yes(question, voters):
    for user in voters.values():
        answer(question, user, "yes")

    question.refresh_from_db()
    application = question.matter
    application.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.DECIDED
    assert application.status == Application.Status.APPROVED
    assert application.organisation.memberships.get().status == Membership.Status.ACTIVE
    decision = Decision.objects.get(question=question)
    assert decision.series == Decision.Series.PER_CAPSULAM
    assert (decision.year, decision.number) == (timezone.localdate().year, 1)
    assert decision.matter == application
    assert "per capsulam" in decision.reference


def test_it_waits_until_everyone_has_answered(question, voters):
    answer(question, voters["chair"], "yes")
    answer(question, voters["vice"], "yes")
    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.OPEN
    assert question.matter.status == Application.Status.PENDING


def test_it_counts_an_abstention_as_an_answer_but_not_as_a_no(question, voters):
    answer(question, voters["chair"], "abstain")
    for key in ("vice", "civil", "public"):
        answer(question, voters[key], "yes")
    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.DECIDED


def test_it_sends_the_matter_to_the_meeting_when_one_member_says_no(question, voters):
    answer(question, voters["chair"], "yes")
    answer(question, voters["civil"], "no", "Vi behöver diskutera detta.")

    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.TO_MEETING
    assert "next meeting" in question.outcome_note
    assert question.matter.status == Application.Status.PENDING
    assert not Decision.objects.exists()
    with pytest.raises(services.SteeringError):
        answer(question, voters["vice"], "yes")


def test_it_keeps_one_answer_per_member_and_records_the_old_answer(question, voters):
    answer(question, voters["chair"], "abstain")
    answer(question, voters["chair"], "yes", "Efter eftertanke.")
    given = PerCapsulamAnswer.objects.get(question=question)
    assert (given.answer, given.comment) == ("yes", "Efter eftertanke.")
    changes = AuditEntry.objects.owned_by(question).filter(content_type__model="percapsulamanswer")
    # The history reads "abstain → yes": the old value is kept in the record.
    assert [(entry.old_status, entry.new_status) for entry in changes.order_by("pk")] == [
        ("", "abstain"),
        ("abstain", "yes"),
    ]


def test_it_refuses_an_answer_after_the_deadline(question, voters):
    PerCapsulamQuestion.objects.filter(pk=question.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(services.SteeringError, match="deadline"):
        answer(question, voters["chair"], "yes")
    assert not PerCapsulamAnswer.objects.exists()


def test_it_refuses_an_answer_from_someone_without_a_vote(
    question, group, make_seat, steering_member
):
    make_seat(group["civil_b"], "deputy", deputy_for=group["civil"], user=steering_member)
    with pytest.raises(services.SteeringError, match="voting members"):
        answer(question, steering_member, "yes")
    co_opted = make_seat(None, "co_opted", affiliation="Universitetet", person_name="Co")
    co_opted.user = steering_member
    co_opted.save()
    with pytest.raises(services.SteeringError):
        answer(question, steering_member, "yes")
    assert not PerCapsulamAnswer.objects.exists()


def test_it_refers_an_unanswered_question_to_the_meeting_after_the_deadline(question, voters):
    answer(question, voters["chair"], "yes")
    PerCapsulamQuestion.objects.filter(pk=question.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.close_overdue_questions() == 1
    assert services.close_overdue_questions() == 0
    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.TO_MEETING
    assert "3 did not answer" in question.outcome_note


def test_it_decides_by_majority_when_the_agreement_says_so(question, voters, agreement):
    change_rules(agreement, per_capsulam_rule="majority")
    for key in ("chair", "vice", "civil"):
        answer(question, voters[key], "yes")
    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.OPEN  # the fourth may still answer
    PerCapsulamQuestion.objects.filter(pk=question.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    services.close_overdue_questions()
    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.DECIDED


def test_it_numbers_decisions_between_meetings_in_one_series_per_year(
    apply, voters, process_leader, agreement
):
    deadline = timezone.now() + datetime.timedelta(days=3)
    for name in ("Första Föreningen", "Andra Föreningen"):
        question = services.put_question(
            agreement, matter=apply(name), proposal="approve", deadline=deadline, by=process_leader
        )
        for user in voters.values():
            answer(question, user, "yes")
    assert list(Decision.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_it_rejects_by_question_with_the_reason_given(apply, voters, process_leader, agreement):
    application = apply("Tveksamma Föreningen")
    with pytest.raises(services.SteeringError, match="reason"):
        services.put_question(
            agreement,
            matter=application,
            proposal="reject",
            deadline=timezone.now() + datetime.timedelta(days=3),
            by=process_leader,
        )
    question = services.put_question(
        agreement,
        matter=application,
        proposal="reject",
        motivation="Stadgarna saknas.",
        deadline=timezone.now() + datetime.timedelta(days=3),
        by=process_leader,
    )
    for user in voters.values():
        answer(question, user, "yes")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert "Stadgarna saknas." in application.decision_reason


def test_it_refuses_to_put_a_matter_twice_or_a_decided_one(question, apply, process_leader):
    with pytest.raises(services.SteeringError, match="already"):
        services.put_question(
            question.agreement,
            matter=question.matter,
            proposal="approve",
            deadline=timezone.now() + datetime.timedelta(days=3),
            by=process_leader,
        )
    assert PerCapsulamQuestion.objects.count() == 1


def test_it_refuses_a_deadline_in_the_past(apply, process_leader, agreement):
    with pytest.raises(services.SteeringError, match="future"):
        services.put_question(
            agreement,
            matter=apply("Sena Föreningen"),
            proposal="approve",
            deadline=timezone.now() - datetime.timedelta(minutes=5),
            by=process_leader,
        )


def test_it_emails_every_voting_member_a_link(
    apply, voters, process_leader, agreement, mailoutbox, django_capture_on_commit_callbacks
):
    application = apply("Föreningen Med Post")
    with django_capture_on_commit_callbacks(execute=True):
        question = services.put_question(
            agreement,
            matter=application,
            proposal="approve",
            deadline=timezone.now() + datetime.timedelta(days=3),
            by=process_leader,
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in voters.values())
    assert f"/styrgrupp/per-capsulam/{question.pk}/" in mailoutbox[0].body


def test_it_lists_decisions_between_meetings_for_report_at_the_next_meeting(
    question, voters, agreement
):
    from steering.models import Meeting

    for user in voters.values():
        answer(question, user, "yes")
    earlier = Meeting.objects.create(
        agreement=agreement, starts_at=timezone.now() - datetime.timedelta(days=30)
    )
    later = Meeting.objects.create(
        agreement=agreement, starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    assert list(services.per_capsulam_to_report(later)) == [question.decision]
    assert list(services.per_capsulam_to_report(earlier)) == []


def test_it_closes_the_question_when_the_matter_is_decided_at_a_meeting_meanwhile(
    question, voters, steering_member
):
    from parties import services as party_services

    answer(question, voters["chair"], "yes")
    party_services.approve_application(question.matter, by=steering_member)

    question.refresh_from_db()
    assert question.status == PerCapsulamQuestion.Status.OVERTAKEN
    with pytest.raises(services.SteeringError, match="closed"):
        answer(question, voters["vice"], "yes")
    assert not Decision.objects.filter(question=question).exists()
