"""The follow-up's services: rounds and their questions, answering a round from draft to
submission and after it closes, the response rate, and revision proposals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from agreements.models import Principle
from audit.models import AuditEntry
from followup import response_rate, revisions, services
from followup.models import (
    Answer,
    FollowUpRound,
    QuestionKind,
    Response,
    RevisionProposal,
    RoundStatus,
)
from followup.services import AnswerData, FollowUpError, RoundNotOpen

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def open_round(agreement, process_leader) -> FollowUpRound:
    return services.new_round(
        agreement,
        year=today().year,
        opens=today() - 10 * DAY,
        closes=today() + 30 * DAY,
        by=process_leader,
    )


@pytest.fixture
def response(open_round, contact) -> Response:
    return services.response_for(open_round, contact.party)


def complete_answers(round: FollowUpRound, organisation) -> dict[int, AnswerData]:
    """An answer to every question the party is asked, required or not."""
    answers = {}
    for question in services.questions_for(round, organisation):
        answers[question.pk] = {
            QuestionKind.SCALE: AnswerData(scale=4, comment="Bra dialog med kommunen."),
            QuestionKind.YES_NO: AnswerData(yes_no=True),
            QuestionKind.NUMBER: AnswerData(number=3),
            QuestionKind.SHORT_TEXT: AnswerData(text="Gemensam läxhjälp"),
            QuestionKind.LONG_TEXT: AnswerData(text="Fler möten på kvällstid."),
        }[question.kind]
    return answers


def history(response: Response) -> list[tuple[str, str, str]]:
    return [
        (entry.old_status, entry.new_status, entry.actor.username if entry.actor else "")
        for entry in AuditEntry.objects.about(response).order_by("pk")
    ]


# ---- rounds and questions -------------------------------------------------------------------


def test_it_gives_a_first_round_a_required_scale_question_per_principle(open_round, agreement):
    principles = list(agreement.in_force.principles.all())
    scale = list(open_round.questions.filter(principle__isnull=False))

    assert [question.principle for question in scale] == principles
    assert all(q.kind == QuestionKind.SCALE and q.required and q.with_comment for q in scale)
    assert all(principle.name in q.text for principle, q in zip(principles, scale, strict=True))
    orders = list(open_round.questions.values_list("order", flat=True))
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert open_round.questions.filter(sector="public").exists()
    assert open_round.questions.filter(sector="civil_society").exists()


def test_it_copies_the_last_rounds_questions_and_asks_about_a_principle_added_since(
    open_round, agreement, process_leader
):
    edited = open_round.questions.get(kind=QuestionKind.SHORT_TEXT)
    edited.text = "Berätta om ett samarbete ni är stolta över."
    edited.save()
    open_round.questions.filter(kind=QuestionKind.LONG_TEXT).delete()
    innovation = Principle.objects.create(
        version=agreement.in_force,
        order=99,
        name="Nyskapande",
        slug="nyskapande",
        summary="Vi prövar nya sätt att samverka.",
        description="Parterna prövar nya arbetssätt.",
    )

    following = services.new_round(
        agreement,
        year=open_round.year + 1,
        opens=open_round.closes + 200 * DAY,
        closes=open_round.closes + 240 * DAY,
        by=process_leader,
    )

    old = list(open_round.questions.values_list("text", "kind", "sector", "principle"))
    new = list(following.questions.values_list("text", "kind", "sector", "principle"))
    this, next_ = str(open_round.year), str(following.year)
    assert new[: len(old)] == [(row[0].replace(this, next_), *row[1:]) for row in old]
    # A question about the old round's year asks about the new round's.
    yes_no = following.questions.filter(kind=QuestionKind.YES_NO, sector="").first()
    assert yes_no.text.endswith(f"under {following.year}?")
    assert yes_no.theme == f"Samverkan under {following.year}"
    assert "Berätta om ett samarbete ni är stolta över." in [row[0] for row in new]
    assert not following.questions.filter(kind=QuestionKind.LONG_TEXT).exists()
    (added,) = new[len(old) :]
    assert added[1:] == (QuestionKind.SCALE, "", innovation.pk)
    assert "Nyskapande" in added[0]
    last = following.questions.order_by("order").last()
    assert last.principle == innovation and last.required
    # The copies are the new round's own: the old round keeps its questions.
    assert open_round.questions.count() == len(old)


def test_it_refuses_a_second_round_for_the_same_year(open_round, agreement, process_leader):
    with pytest.raises(ValidationError):
        services.new_round(
            agreement,
            year=open_round.year,
            opens=today() + 100 * DAY,
            closes=today() + 130 * DAY,
            by=process_leader,
        )
    assert FollowUpRound.objects.count() == 1


def test_it_asks_each_sector_only_its_own_questions_besides_the_common_ones(open_round, make_party):
    civil = make_party("Föreningen Civil")
    public = make_party("Kommunen Offentlig", sector="public")

    civil_questions = services.questions_for(open_round, civil)
    public_questions = services.questions_for(open_round, public)

    assert {q.sector for q in civil_questions} == {"", "civil_society"}
    assert {q.sector for q in public_questions} == {"", "public"}
    common = [q for q in open_round.questions.all() if not q.sector]
    assert [q for q in civil_questions if not q.sector] == common
    assert len(civil_questions) + len(public_questions) == 2 * len(common) + 2


def test_it_opens_a_planned_round_today_and_refuses_to_open_it_twice(
    agreement, process_leader, django_capture_on_commit_callbacks
):
    planned = services.new_round(
        agreement,
        year=2031,
        opens=today() + 20 * DAY,
        closes=today() + 50 * DAY,
        by=process_leader,
    )
    assert services.questions_editable(planned)

    with django_capture_on_commit_callbacks(execute=True):
        opened = services.open_now(planned, by=process_leader)

    assert opened.opens == today() and opened.status == RoundStatus.OPEN
    assert not services.questions_editable(FollowUpRound.objects.get(pk=planned.pk))
    with pytest.raises(FollowUpError):
        services.open_now(opened, by=process_leader)
    entry = AuditEntry.objects.about(planned).order_by("pk").filter(new_status="open").first()
    assert entry.actor == process_leader


def test_it_refuses_to_open_a_round_without_questions(agreement, process_leader):
    planned = services.new_round(
        agreement, year=2031, opens=today() + 5 * DAY, closes=today() + 9 * DAY, by=process_leader
    )
    planned.questions.all().delete()

    with pytest.raises(FollowUpError):
        services.open_now(planned, by=process_leader)
    assert FollowUpRound.objects.get(pk=planned.pk).opens == today() + 5 * DAY


def test_it_shows_the_open_round_before_a_planned_or_a_closed_one(agreement, process_leader):
    closed = services.new_round(
        agreement, year=2025, opens=today() - 400 * DAY, closes=today() - 370 * DAY
    )
    assert services.latest_round(agreement) == closed
    planned = services.new_round(
        agreement, year=2027, opens=today() + 30 * DAY, closes=today() + 60 * DAY
    )
    assert services.latest_round(agreement) == planned
    current = services.new_round(
        agreement, year=2026, opens=today() - 3 * DAY, closes=today() + 20 * DAY
    )
    assert services.latest_round(agreement) == current
    assert services.round_for_year(2025) == closed
    assert services.round_for_year(2040) is None


# ---- answering: draft → submit → change → close ---------------------------------------------


def test_it_saves_a_draft_without_the_required_answers(response, contact):
    scale = response.round.questions.filter(kind=QuestionKind.SCALE).first()

    saved = services.save_answers(
        response, {scale.pk: AnswerData(scale=2, comment="  Lite  ")}, by=contact, submit=False
    )

    assert saved.status == Response.Status.DRAFT
    assert saved.saved_by == contact and saved.submitted_at is None
    answer = Answer.objects.get(response=response, question=scale)
    assert (answer.scale, answer.comment) == (2, "Lite")
    assert history(response) == [("not_started", "draft", contact.username)]


def test_it_refuses_to_submit_while_a_required_question_is_unanswered(response, contact):
    answers = complete_answers(response.round, contact.party)
    required = response.round.questions.filter(required=True).first()
    del answers[required.pk]

    with pytest.raises(FollowUpError) as refused:
        services.save_answers(response, answers, by=contact, submit=True)

    assert str(refused.value) == gettext("Answer every required question before you submit.")
    response.refresh_from_db()
    assert response.status == Response.Status.NOT_STARTED
    assert not response.answers.exists()
    assert history(response) == []


def test_it_submits_a_draft_once_every_required_question_is_answered(response, contact):
    answers = complete_answers(response.round, contact.party)
    services.save_answers(response, {}, by=contact, submit=False)

    submitted = services.save_answers(response, answers, by=contact, submit=True)

    assert submitted.status == Response.Status.SUBMITTED
    assert submitted.submitted_by == contact and submitted.submitted_at is not None
    assert response.answers.count() == len(services.questions_for(response.round, contact.party))
    assert history(response) == [
        ("not_started", "draft", contact.username),
        ("draft", "submitted", contact.username),
    ]
    assert Response.objects.submitted().get() == response


def test_it_counts_cannot_judge_as_an_answer_and_stores_no_scale_with_it(response, contact):
    answers = complete_answers(response.round, contact.party)
    scale = response.round.questions.filter(kind=QuestionKind.SCALE).first()
    answers[scale.pk] = AnswerData(scale=5, cannot_judge=True)

    services.save_answers(response, answers, by=contact, submit=True)

    answer = Answer.objects.get(response=response, question=scale)
    assert answer.cannot_judge and answer.scale is None


def test_it_keeps_a_submitted_response_submitted_when_it_is_saved_again(
    response, contact, applicant
):
    answers = complete_answers(response.round, contact.party)
    services.save_answers(response, answers, by=contact, submit=True)
    number = response.round.questions.get(kind=QuestionKind.NUMBER)
    answers[number.pk] = AnswerData(number=12)

    changed = services.save_answers(response, answers, by=applicant, submit=False)

    assert changed.status == Response.Status.SUBMITTED
    assert Answer.objects.get(response=response, question=number).number == 12
    assert changed.saved_by == applicant
    last = AuditEntry.objects.about(response).order_by("pk").last()
    assert (last.old_status, last.new_status, last.actor) == ("submitted", "submitted", applicant)
    assert last.reason == gettext("Answers changed after submission")


def test_it_refuses_to_empty_a_required_answer_of_a_submitted_response(response, contact):
    answers = complete_answers(response.round, contact.party)
    services.save_answers(response, answers, by=contact, submit=True)
    required = response.round.questions.filter(required=True).first()

    with pytest.raises(FollowUpError):
        services.save_answers(
            response, {**answers, required.pk: AnswerData()}, by=contact, submit=False
        )
    assert Answer.objects.get(response=response, question=required).is_empty is False


def test_it_refuses_answers_after_the_round_closed_and_keeps_the_draft(response, contact):
    scale = response.round.questions.filter(kind=QuestionKind.SCALE).first()
    services.save_answers(response, {scale.pk: AnswerData(scale=3)}, by=contact, submit=False)
    after = at(response.round.closes + DAY, 9)
    answers = complete_answers(response.round, contact.party)

    for submit in (False, True):
        with pytest.raises(RoundNotOpen) as refused:
            services.save_answers(response, answers, by=contact, submit=submit, now=after)
        assert str(refused.value) == services.closed_message(response.round)

    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT
    kept = [(a.question_id, a.scale) for a in response.answers.all() if not a.is_empty]
    assert kept == [(scale.pk, 3)]


def test_it_still_takes_answers_on_the_closing_day(response, contact):
    last_day = at(response.round.closes, 23)
    answers = complete_answers(response.round, contact.party)

    saved = services.save_answers(response, answers, by=contact, submit=True, now=last_day)

    assert saved.status == Response.Status.SUBMITTED


def test_it_refuses_answers_before_the_round_opens(agreement, contact):
    planned = services.new_round(
        agreement, year=2031, opens=today() + 3 * DAY, closes=today() + 30 * DAY
    )
    response = services.response_for(planned, contact.party)

    with pytest.raises(RoundNotOpen):
        services.save_answers(response, {}, by=contact, submit=False)
    assert Response.objects.get(pk=response.pk).status == Response.Status.NOT_STARTED


# ---- the response rate ----------------------------------------------------------------------


@pytest.fixture
def answered_round(open_round, make_party, municipalities):
    """Seven parties invited, counted by hand:

    party                       sector  municipality   state
    Föreningen A                civil   first          submitted
    Föreningen B                civil   first          draft
    Föreningen C                civil   second         not started
    Föreningen D (withdrew)     civil   second         submitted before it left: counted
    Kommunen E                  public  first          submitted
    Kommunen F                  public  second         submitted
    Kommunen G                  public  second         draft
    Föreningen H (withdrew)     civil   first          not started when it left: not counted
    """
    first, second = municipalities[0], municipalities[1]
    rows = [
        ("Föreningen A", "civil_society", first, "active", "submitted"),
        ("Föreningen B", "civil_society", first, "active", "draft"),
        ("Föreningen C", "civil_society", second, "active", "not_started"),
        ("Föreningen D", "civil_society", second, "withdrawn", "submitted"),
        ("Kommunen E", "public", first, "active", "submitted"),
        ("Kommunen F", "public", second, "active", "submitted"),
        ("Kommunen G", "public", second, "active", "draft"),
        ("Föreningen H", "civil_society", first, "withdrawn", "not_started"),
    ]
    for name, sector, municipality, status, state in rows:
        party = make_party(name, sector=sector, municipality=municipality, status=status)
        Response.objects.create(
            round=open_round,
            organisation=party,
            status=state,
            submitted_at=timezone.now() if state == "submitted" else None,
        )
    # A party that joined after the round was asked is not in its figures.
    make_party("Föreningen Sen", municipality=first)
    return open_round


def rate_row(rate) -> tuple:
    return (rate.label, rate.invited, rate.submitted, rate.drafts, rate.not_started, rate.percent)


def test_it_counts_the_response_rate_per_sector_and_municipality(
    answered_round, municipalities, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        rates = response_rate.response_rates(answered_round)

    assert rate_row(rates.overall) == (gettext("All parties"), 7, 4, 2, 1, 57.1)
    assert sorted(rate_row(rate) for rate in rates.by_sector) == sorted(
        [
            (gettext("Civil society"), 4, 2, 1, 1, 50.0),
            (gettext("Public sector"), 3, 2, 1, 0, 66.7),
        ]
    )
    first, second = municipalities[0].name, municipalities[1].name
    assert sorted(rate_row(rate) for rate in rates.by_municipality) == sorted(
        [
            (first, 3, 2, 1, 0, 66.7),
            (second, 4, 2, 1, 1, 50.0),
        ]
    )


def test_it_lists_the_parties_that_have_not_submitted(answered_round):
    assert [r.organisation.name for r in response_rate.not_submitted(answered_round)] == [
        "Föreningen B",
        "Föreningen C",
        "Kommunen G",
    ]


def test_it_gives_no_percentage_when_nobody_was_invited(open_round):
    rates = response_rate.response_rates(open_round)

    assert (rates.overall.invited, rates.overall.percent) == (0, None)
    assert rates.by_sector == [] and rates.by_municipality == []


# ---- revision proposals ---------------------------------------------------------------------


@pytest.fixture
def meeting(agreement):
    from steering.models import Meeting

    return Meeting.objects.create(agreement=agreement, starts_at=timezone.now() - 2 * DAY)


def test_it_takes_a_proposal_through_the_conference_to_a_recorded_decision(
    agreement, contact, process_leader, meeting
):
    principle = agreement.in_force.principles.first()
    proposal = revisions.propose(
        agreement,
        part="principle",
        principle=principle,
        proposed_wording="Parterna ska samråda innan beslut som rör den andra sektorn.",
        rationale="Samråd sker i dag för sent.",
        by=contact,
        organisation=contact.party,
    )
    assert not RevisionProposal.objects.public().exists()

    revisions.check_proposal(proposal, by=process_leader)
    revisions.to_conference(proposal, by=process_leader)
    decided = revisions.decide_proposal(
        proposal,
        adopted=True,
        meeting=meeting,
        text="Förslaget antas och förs in i överenskommelsen.",
        by=process_leader,
    )

    assert decided.status == RevisionProposal.Status.ADOPTED
    assert decided.decision.meeting == meeting
    assert decided.decision.text == "Förslaget antas och förs in i överenskommelsen."
    assert RevisionProposal.objects.public().get() == proposal
    statuses = [
        (entry.old_status, entry.new_status)
        for entry in AuditEntry.objects.about(proposal).order_by("pk")
    ]
    assert statuses == [
        ("", "received"),
        ("received", "received"),
        ("received", "to_conference"),
        ("to_conference", "adopted"),
    ]
    assert all(entry.owner == contact.party for entry in AuditEntry.objects.about(proposal))


def test_it_refuses_to_decide_a_proposal_twice_or_without_wording(
    agreement, process_leader, meeting
):
    proposal = revisions.propose(
        agreement,
        part="vision",
        proposed_wording="Ett län där alla kan delta.",
        rationale="Kortare.",
        by=process_leader,
    )
    with pytest.raises(FollowUpError):
        revisions.decide_proposal(proposal, adopted=False, meeting=meeting, text=" ", by=None)
    revisions.decide_proposal(
        proposal, adopted=False, meeting=meeting, text="Förslaget avslås.", by=process_leader
    )

    with pytest.raises(FollowUpError):
        revisions.decide_proposal(
            proposal, adopted=True, meeting=meeting, text="Antas.", by=process_leader
        )
    with pytest.raises(FollowUpError):
        revisions.to_conference(proposal, by=process_leader)
    assert RevisionProposal.objects.get(pk=proposal.pk).status == RevisionProposal.Status.REJECTED


def test_it_refuses_a_principle_proposal_without_its_principle(agreement, contact):
    with pytest.raises(FollowUpError):
        revisions.propose(
            agreement,
            part="principle",
            proposed_wording="Ny lydelse.",
            rationale="Skäl.",
            by=contact,
            organisation=contact.party,
        )
    assert not RevisionProposal.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        services.AnswerData(scale=7),
        services.AnswerData(scale=0),
        services.AnswerData(number=10_000_000),
        services.AnswerData(comment="x" * 100_000),
        services.AnswerData(text="ord " * 2_000),
    ],
)
def test_it_refuses_an_answer_the_question_cannot_take_and_saves_nothing(agreement, contact, bad):
    round = services.new_round(
        agreement,
        year=2030,
        opens=timezone.localdate(),
        closes=timezone.localdate() + datetime.timedelta(days=30),
    )
    response = services.response_for(round, contact.party)
    questions = services.questions_for(round, contact.party)
    answers = {question.pk: bad for question in questions}

    with pytest.raises(services.FollowUpError):
        services.save_answers(response, answers, by=contact, submit=False)

    response.refresh_from_db()
    assert response.status == Response.Status.NOT_STARTED
    assert not response.answers.exists()
