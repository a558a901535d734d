"""What changes the follow-up's state: rounds and their questions, and the parties' answers.

Views, admin actions, commands and tasks call these; each runs in one transaction and
writes its audit record there. Invitations are in `followup.invitations`, the response
rate in `followup.response_rate`, revision proposals in `followup.revisions`.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, Sector
from audit.trail import record
from followup import versions
from followup.models import (
    Answer,
    FollowUpRound,
    Question,
    QuestionKind,
    Response,
    RoundStatus,
)
from followup.models.round import (
    COMMENT_MAX,
    LONG_TEXT_MAX,
    NUMBER_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
)
from followup.queue import task
from parties.models import Organisation


class FollowUpError(Exception):
    """A follow-up operation that cannot be done; the message says why, in Swedish."""


class RoundNotOpen(FollowUpError):
    pass


# ---- rounds and their questions -----------------------------------------------------------


def default_questions(round: FollowUpRound) -> list[Question]:
    """The questions of a first round: one scale question per principle, then the year's
    collaboration. Content in Swedish, as the agreement itself; the process leader edits it."""
    questions = [
        Question(
            round=round,
            theme="Principerna",
            kind=QuestionKind.SCALE,
            text=f"Hur väl fungerar principen ”{principle.name}” i er samverkan?",
            principle=principle,
            low_label="Fungerar inte alls",
            high_label="Fungerar mycket väl",
            required=True,
            with_comment=True,
        )
        for principle in round.agreement.rules_on(round.opens).principles.all()
    ]
    # Each question names the year it is about: "under året" in December reads as the
    # year that is ending, whatever year the round follows up.
    year = f"Samverkan under {round.year}"
    questions += [
        Question(
            round=round,
            theme=year,
            kind=QuestionKind.YES_NO,
            text=f"Har ni samverkat med en part från den andra sektorn under {round.year}?",
            required=True,
        ),
        Question(
            round=round,
            theme=year,
            kind=QuestionKind.NUMBER,
            text=(
                f"Hur många gemensamma aktiviteter med andra parter har ni haft under {round.year}?"
            ),
            help_text="Räkna varje aktivitet en gång, även om den pågick flera dagar.",
        ),
        Question(
            round=round,
            theme=year,
            kind=QuestionKind.YES_NO,
            text=f"Har överenskommelsen tagits upp i er nämnd eller styrelse under {round.year}?",
            sector=Sector.PUBLIC,
        ),
        Question(
            round=round,
            theme=year,
            kind=QuestionKind.YES_NO,
            text="Känner era medlemmar eller anställda till överenskommelsen?",
            sector=Sector.CIVIL_SOCIETY,
        ),
        Question(
            round=round,
            theme="Erfarenheter och förslag",
            kind=QuestionKind.SHORT_TEXT,
            text=f"Ge ett gott exempel på samverkan från {round.year}.",
        ),
        Question(
            round=round,
            theme="Erfarenheter och förslag",
            kind=QuestionKind.LONG_TEXT,
            text="Vad borde ändras, i överenskommelsen eller i arbetet med den?",
        ),
    ]
    for order, question in enumerate(questions, start=1):
        question.order = order * 10
    return questions


def _copied_questions(round: FollowUpRound, previous: FollowUpRound) -> list[Question]:
    """The previous round's questions, plus a scale question for every principle the
    agreement has gained since. A question that names the previous round's year names the
    new round's instead."""
    copies = []
    asked = set()
    old, new = str(previous.year), str(round.year)
    for question in previous.questions.all():
        question.pk = None
        question.round = round
        question.theme = question.theme.replace(old, new)
        question.text = question.text.replace(old, new)
        question.help_text = question.help_text.replace(old, new)
        copies.append(question)
        asked.add(question.principle_id)
    last = max((question.order for question in copies), default=0)
    for extra in default_questions(round):
        if extra.principle_id and extra.principle_id not in asked:
            last += 10
            extra.order = last
            copies.append(extra)
    return copies


@transaction.atomic
def new_round(
    agreement: Agreement,
    *,
    year: int,
    opens: datetime.date,
    closes: datetime.date,
    by=None,
    introduction: str = "",
    first_reminder_days: int = 14,
    second_reminder_days: int = 3,
) -> FollowUpRound:
    """A round for `year`, starting as a copy of the last round's questions."""
    round = FollowUpRound(
        agreement=agreement,
        year=year,
        opens=opens,
        closes=closes,
        introduction=introduction,
        first_reminder_days=first_reminder_days,
        second_reminder_days=second_reminder_days,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    round.full_clean()
    round.save()
    add_first_questions(round)
    record(round, "", RoundStatus.PLANNED, actor=by, reason=_("Round created"))
    return round


def add_first_questions(round: FollowUpRound) -> None:
    """Give a round without questions the last round's, or the default ones."""
    if round.questions.exists():
        return
    previous = (
        FollowUpRound.objects.filter(agreement=round.agreement, year__lt=round.year)
        .order_by("-year")
        .first()
    )
    questions = _copied_questions(round, previous) if previous else default_questions(round)
    Question.objects.bulk_create(questions)


def questions_editable(round: FollowUpRound, today: datetime.date | None = None) -> bool:
    """Questions change only before the round opens and before anyone is invited."""
    today = today or timezone.localdate()
    return round.status_on(today) == RoundStatus.PLANNED and round.opened_at is None


@transaction.atomic
def open_now(round: FollowUpRound, *, by) -> FollowUpRound:
    """Open a planned round today; invitations go out when the transaction commits."""
    round = FollowUpRound.objects.select_for_update().get(pk=round.pk)
    today = timezone.localdate()
    if round.status_on(today) != RoundStatus.PLANNED:
        raise FollowUpError(_("Only a round that has not opened yet can be opened now."))
    if not round.questions.exists():
        raise FollowUpError(_("Add questions before the round opens."))
    round.opens = today
    round.save(update_fields=["opens"])
    record(round, RoundStatus.PLANNED, RoundStatus.OPEN, actor=by, reason=_("Opened now"))
    task("send_invitations").delay_on_commit(round.pk)
    return round


def questions_for(round: FollowUpRound, organisation: Organisation) -> list[Question]:
    """The round's questions asked of the party's sector, in order."""
    return [
        question
        for question in round.questions.select_related("principle")
        if question.asked_of(organisation.sector)
    ]


def round_for_year(year: int, agreement: Agreement | None = None) -> FollowUpRound | None:
    agreement = agreement or Agreement.objects.current()
    if agreement is None:
        return None
    return FollowUpRound.objects.filter(agreement=agreement, year=year).first()


def latest_round(agreement: Agreement | None, today: datetime.date | None = None):
    """The open round, else the next planned one, else the last closed one."""
    if agreement is None:
        return None
    today = today or timezone.localdate()
    rounds = FollowUpRound.objects.filter(agreement=agreement)
    return (
        rounds.open_on(today).order_by("-year").first()
        or rounds.filter(opens__gt=today).order_by("opens").first()
        or rounds.order_by("-closes").first()
    )


# ---- answering -------------------------------------------------------------------------------


@dataclass
class AnswerData:
    scale: int | None = None
    cannot_judge: bool = False
    yes_no: bool | None = None
    number: int | None = None
    text: str = ""
    comment: str = ""

    def is_empty(self) -> bool:
        return (
            self.scale is None
            and not self.cannot_judge
            and self.yes_no is None
            and self.number is None
            and not self.text.strip()
        )


def response_for(round: FollowUpRound, organisation: Organisation) -> Response:
    """The party's response; made now when the party was not invited (it joined today)."""
    response, _created = Response.objects.get_or_create(round=round, organisation=organisation)
    return response


def unanswered_required(questions: list[Question], answers: dict[int, AnswerData]) -> list:
    return [
        question
        for question in questions
        if question.required and answers.get(question.pk, AnswerData()).is_empty()
    ]


def answer_problem(question: Question, data: AnswerData) -> str:
    """What is wrong with `data` as an answer to `question`, or "" when nothing is.

    The form says the same next to each field; this is the service's own guard, so that
    no caller can store what the question cannot take.
    """
    if data.scale is not None and not SCALE_MIN <= data.scale <= SCALE_MAX:
        return _("Choose a value from 1 to 5, or “cannot judge”.")
    if data.number is not None and not 0 <= data.number <= NUMBER_MAX:
        return _("Give a whole number from 0 to %(max)s.") % {"max": NUMBER_MAX}
    longest = SHORT_TEXT_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    if len(data.text) > longest or len(data.comment) > COMMENT_MAX:
        return _("The text is too long.")
    if "\x00" in data.text or "\x00" in data.comment:
        return _("The text contains characters that cannot be saved.")
    return ""


def closed_message(round: FollowUpRound) -> str:
    return _(
        "The follow-up closed on %(date)s. Your answers were not sent; what you had saved "
        "before is kept. Contact the process leader if you need to add something."
    ) % {"date": round.closes.strftime("%Y-%m-%d")}


@transaction.atomic
def save_answers(
    response: Response,
    answers: dict[int, AnswerData],
    *,
    by,
    submit: bool,
    now: datetime.datetime | None = None,
    receipt: bool = True,
) -> Response:
    """Save the party's answers as a draft, or submit them.

    A submitted response stays submitted: saving it again sends the changes in. Each
    submission that changes something is kept as a `SubmittedVersion`, and its receipt is
    sent to the contact person unless `receipt` is False (the demo's past answers). Refused
    when the round is not open (RoundNotOpen) or, when submitting, while a required
    question is unanswered (FollowUpError); nothing is saved then.
    """
    now = now or timezone.now()
    response = (
        Response.objects.select_for_update()
        .select_related("round", "organisation")
        .get(pk=response.pk)
    )
    round = response.round
    if round.status_on(timezone.localdate(now)) != RoundStatus.OPEN:
        raise RoundNotOpen(closed_message(round))
    old = response.status
    submit = submit or old == Response.Status.SUBMITTED
    questions = questions_for(round, response.organisation)
    if submit and unanswered_required(questions, answers):
        raise FollowUpError(_("Answer every required question before you submit."))
    for question in questions:
        problem = answer_problem(question, answers.get(question.pk, AnswerData()))
        if problem:
            raise FollowUpError(f"{question.text}: {problem}")
    existing = {answer.question_id: answer for answer in response.answers.all()}
    for question in questions:
        data = answers.get(question.pk, AnswerData())
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        answer.scale = None if data.cannot_judge else data.scale
        answer.cannot_judge = data.cannot_judge
        answer.yes_no = data.yes_no
        answer.number = data.number
        answer.text = data.text.strip()
        answer.comment = data.comment.strip()
        answer.save()
    response.saved_at, response.saved_by = now, by
    if submit:
        response.status = Response.Status.SUBMITTED
        response.submitted_at, response.submitted_by = now, by
    elif old == Response.Status.NOT_STARTED:
        response.status = Response.Status.DRAFT
    response.save()
    if submit:
        # Every version sent in is kept, with a receipt to the contact person.
        versions.keep(response, questions, by=by, now=now, receipt=receipt)
    if response.status != old:
        record(response, old, response.status, owner=response.organisation, actor=by)
    elif old == Response.Status.SUBMITTED:
        record(
            response,
            old,
            response.status,
            owner=response.organisation,
            actor=by,
            reason=_("Answers changed after submission"),
        )
    return response
