"""Every change the steering group makes happens here: one function per change, one
transaction each, one audit record each. The admin, the views, the commands and the
tasks all call these functions.

Recording a numbered paragraph lives in `steering.decisions`, and who votes between meetings
and how the answers count in `steering.voting`; their functions are imported here too, so
that callers keep calling `services.record_decision`, `services.tally` and the like."""

import datetime

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import trail
from steering import matters
from steering.decisions import (  # noqa: F401
    amend_decision,
    next_paragraph,
    next_per_capsulam_number,
    record_decision,
    why_no_decisions,
)
from steering.errors import SteeringError
from steering.models import (
    Decision,
    DecisionKind,
    Meeting,
    Motion,
    MotionAttachment,
    PerCapsulamAnswer,
    PerCapsulamQuestion,
    Seat,
)
from steering.voting import tally, voting_seat_of, voting_seats  # noqa: F401

# Queued by name: the task module runs the periodic jobs, which call these services, so
# importing it here would close a loop. `SteeringConfig.ready` imports it, so the task is
# registered (and runs eagerly without a broker) in every process.
SEND_EMAIL_TASK = "steering.tasks.send_steering_email"


def notify(kind: str, object_id: int) -> None:
    """Queue the emails of `kind` about one record once the transaction has committed."""
    current_app.tasks[SEND_EMAIL_TASK].delay_on_commit(kind, object_id)


# ---- seats --------------------------------------------------------------------------------


@transaction.atomic
def end_seat(seat: Seat, *, on: datetime.date, reason: str, by=None) -> Seat:
    """End a seat early: `on` is the first day without it. Seats are never deleted."""
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if seat.ended_on is not None and seat.ended_on <= on:
        return seat
    if on < seat.mandate_start:
        raise SteeringError(_("A seat cannot end before its mandate starts."))
    old = seat.ended_on.isoformat() if seat.ended_on else "held"
    seat.ended_on, seat.end_reason = on, reason.strip()[:300]
    seat.save(update_fields=["ended_on", "end_reason"])
    trail.record(seat, old, "ended", actor=by, reason=seat.end_reason)
    return seat


def end_seats_of_withdrawn_party(*, organisation, on, by=None, agreement=None) -> None:
    """On the ``party_withdrawn`` hook: inside the withdrawal's transaction. Only the seats
    in the agreement it left (all its seats when no agreement is named)."""
    reason = _("%(party)s left the agreement") % {"party": organisation.name}
    seats = Seat.objects.filter(organisation=organisation)
    if agreement is not None:
        seats = seats.filter(agreement=agreement)
    for seat in seats.on(on):
        end_seat(seat, on=on, reason=reason, by=by)
    # Seats that had not started yet end too: nobody may take a seat for a former party.
    for seat in seats.filter(mandate_start__gt=on):
        end_seat(seat, on=seat.mandate_start, reason=reason, by=by)


# ---- minutes ----


def why_not_publishable(meeting: Meeting) -> str:
    """Why the minutes cannot be published yet, or "" when they can."""
    if meeting.minutes_published_at is not None:
        return _("The minutes of this meeting are already published.")
    if not meeting.minutes.strip():
        return _("There are no minutes to publish yet.")
    if not (meeting.minutes_checked_by.strip() and meeting.minutes_checked_on):
        return _(
            "The minutes are published only once they are checked: fill in who checked them "
            "(justerare) and when, and save, first."
        )
    return ""


@transaction.atomic
def publish_minutes(meeting: Meeting, *, by) -> bool:
    """Make checked minutes public; False (nothing done) when they may not be published."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if why_not_publishable(meeting):
        return False
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_published_at"])
    trail.record(
        meeting,
        "",
        "minutes_published",
        actor=by,
        reason=_("Checked by %(who)s on %(date)s.")
        % {"who": meeting.minutes_checked_by, "date": meeting.minutes_checked_on.isoformat()},
    )
    return True


def record_party_decision(*, record, outcome, by=None, citation=None) -> None:
    """On the ``decision_taken`` hook (`steering/hooks.py`): the paragraph that decided it.

    `citation` is {"meeting": Meeting, "paragraph": int|None} from the admin's decision
    form, or {"question": PerCapsulamQuestion} from a decision between meetings. Nothing is
    recorded when neither is given (a decision registered without a reference).
    """
    citation = citation or {}
    meeting, question = citation.get("meeting"), citation.get("question")
    if question is None:
        _close_overtaken_questions(record, by=by)
    if meeting is None and question is None and not citation.get("paragraph"):
        return
    matter = matters.for_record(record)
    decided = matter.outcome_of_result(outcome) if matter else None
    kind = decided.kind if decided else DecisionKind.OTHER
    text = matters.decision_text(record, decided)
    if question is not None:
        record_decision(kind=kind, text=text, question=question, matter=record, by=by)
        return
    number = citation.get("paragraph")
    if meeting is None:
        raise SteeringError(_("Choose the meeting the paragraph belongs to."))
    record_decision(kind=kind, text=text, meeting=meeting, number=number, matter=record, by=by)
    # Several records decided in one go: the given number goes to the first, the next free
    # numbers to the rest.
    citation["paragraph"] = None


def references(keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """On the ``decision_references`` hook: one query for all keys."""
    from django.db.models import Q

    types = {}
    for label, _pk in keys:
        app_label, model = label.split(".")
        if label not in types:
            types[label] = ContentType.objects.get_by_natural_key(app_label, model)
    condition = Q()
    for label, pk in keys:
        condition |= Q(content_type=types[label], object_id=pk)
    found = {}
    labels = {content_type.pk: label for label, content_type in types.items()}
    for decision in Decision.objects.filter(condition).order_by("created_at"):
        found[(labels[decision.content_type_id], decision.object_id)] = decision.reference
    return found


# ---- deciding between meetings (per capsulam) ---------------------------------------------


def put_question(
    agreement,
    *,
    matter,
    proposal: str,
    deadline: datetime.datetime,
    by,
    title: str = "",
    motivation: str = "",
) -> PerCapsulamQuestion:
    """Put one waiting matter to the voting members with a deadline, and email them.

    `proposal` is one of the matter's outcomes (`Outcome.verb`): "approve", "register"...
    """
    matter_type = matters.for_record(matter)
    outcome = matter_type.outcome(proposal) if matter_type else None
    if outcome is None:
        raise SteeringError(_("This matter cannot be decided that way between meetings."))
    if deadline <= timezone.now():
        raise SteeringError(_("The deadline must be in the future."))
    if not matter_type.is_waiting(matter):
        raise SteeringError(_("This matter has already been decided."))
    if outcome.needs_reason and not motivation.strip():
        raise SteeringError(_("Give the reason for the proposed rejection."))
    text = matter_type.decision_text(matter, outcome)
    question = PerCapsulamQuestion(
        agreement=agreement,
        title=title.strip() or text,
        proposal=(text + ("\n\n" + motivation.strip() if motivation.strip() else "")),
        kind=outcome.kind,
        content_type=ContentType.objects.get_for_model(matter),
        object_id=matter.pk,
        deadline=deadline,
        put_by=by,
    )
    try:
        with transaction.atomic():
            question.save()
            trail.record(question, "", question.status, actor=by, reason=question.proposal)
    except IntegrityError:
        raise SteeringError(_("This matter has already been put to the members.")) from None
    notify("per_capsulam_question", question.pk)
    return question


@transaction.atomic
def put_free_question(
    agreement,
    *,
    title: str,
    text: str,
    deadline: datetime.datetime,
    by,
    attachments=(),
) -> PerCapsulamQuestion:
    """Put a yes/no question of the steering group's own (appointing the chair, adopting a
    programme, a statement), with attachments; a yes makes `text` a decision like any other.
    """
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise SteeringError(_("Write the question and the proposed decision."))
    motion = Motion.objects.create(agreement=agreement, title=title, text=text, put_by=by)
    for upload in attachments:
        MotionAttachment.objects.create(motion=motion, file=upload, name=upload.name[:200])
    return put_question(
        agreement, matter=motion, proposal="adopt", deadline=deadline, by=by, title=title
    )


@transaction.atomic
def answer_question(
    question: PerCapsulamQuestion, *, user, answer: str, comment: str = ""
) -> PerCapsulamAnswer:
    """A voting member's answer; it may be changed until the deadline or the decision."""
    question = PerCapsulamQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != PerCapsulamQuestion.Status.OPEN:
        raise SteeringError(_("This question has been closed; answers can no longer be given."))
    if question.deadline < timezone.now():
        raise SteeringError(_("The deadline for answers has passed."))
    seat = voting_seat_of(user, question.agreement)
    if seat is None:
        raise SteeringError(_("Only voting members of the steering group answer these questions."))
    if answer not in PerCapsulamAnswer.Answer.values:
        raise SteeringError(_("Answer yes, no or abstain."))
    before = PerCapsulamAnswer.objects.filter(question=question, seat=seat).first()
    given, _created = PerCapsulamAnswer.objects.update_or_create(
        question=question,
        seat=seat,
        defaults={"answer": answer, "comment": comment.strip(), "answered_by": user},
    )
    # The old value stays in the record, so the history reads "yes → abstain".
    trail.record(
        given,
        before.answer if before else "",
        answer,
        owner=question,
        actor=user,
        reason=given.comment,
    )
    settle(question, final=False)
    return given


def _outcome(question: PerCapsulamQuestion, counts: dict, *, final: bool) -> str | None:
    """'decided', 'to_meeting' or None (wait for more answers), by the agreement's rule."""
    if counts["no"]:
        return "to_meeting"
    everyone = counts["voters"] > 0 and counts["answered"] == counts["voters"]
    rule = question.rules.per_capsulam_rule
    if rule == "majority":
        if counts["yes"] * 2 > counts["voters"] and (everyone or final):
            return "decided"
    elif everyone and counts["yes"] > 0:
        return "decided"
    if everyone or final:
        return "to_meeting"
    return None


def settle(question: PerCapsulamQuestion, *, final: bool) -> str | None:
    """Decide or refer the question if the rule says so; `final` once the deadline passed."""
    counts = tally(question)
    outcome = _outcome(question, counts, final=final)
    if outcome is None:
        return None
    now = timezone.now()
    if outcome == "to_meeting":
        question.status = PerCapsulamQuestion.Status.TO_MEETING
        question.outcome_note = _(
            "%(yes)d yes, %(no)d no, %(abstain)d abstained, %(missing)d did not answer; "
            "the matter goes to the next meeting."
        ) % {
            "yes": counts["yes"],
            "no": counts["no"],
            "abstain": counts["abstain"],
            "missing": counts["voters"] - counts["answered"],
        }
    else:
        _carry_out(question)
        question.status = PerCapsulamQuestion.Status.DECIDED
        question.outcome_note = _("%(yes)d yes, %(abstain)d abstained; decided.") % counts
    question.closed_at = now
    question.save(update_fields=["status", "closed_at", "outcome_note"])
    # No actor: the steering group decided, not whoever put the question or answered last.
    trail.record(question, "open", question.status, reason=question.outcome_note)
    notify("per_capsulam_outcome", question.pk)
    return outcome


def _carry_out(question: PerCapsulamQuestion) -> None:
    """Decide the question's matter as proposed: its kind of matter calls the owning service."""
    matter = question.matter
    matter_type = matters.for_record(matter)
    outcome = matter_type.outcome_of_kind(question.kind) if matter_type else None
    # The steering group decides, not the process leader or chair who put the question:
    # no person is recorded as the decider, and the reason says who decided.
    by = None
    if outcome is None:
        record_decision(
            kind=question.kind, text=question.proposal, question=question, matter=matter, by=by
        )
        return
    reason = "{}\n\n{}".format(
        _("Decided by the steering group between meetings (per capsulam)."), question.proposal
    )
    matter_type.carry_out(matter, outcome, citation={"question": question}, by=by, reason=reason)


@transaction.atomic
def decide_at_meeting(
    matter, proposal: str, *, meeting: Meeting, by, paragraph: int | None = None, reason=""
) -> None:
    """Decide a waiting matter at `meeting` as `proposal` (one of its outcomes' verbs), as
    § `paragraph` or the next free one; its kind of matter calls the owning service."""
    matter_type = matters.for_record(matter)
    outcome = matter_type.outcome(proposal) if matter_type else None
    if outcome is None:
        raise SteeringError(_("This matter cannot be decided that way."))
    if not matter_type.is_waiting(matter):
        raise SteeringError(_("This matter has already been decided."))
    _close_overtaken_questions(matter, by=by)
    citation = {"meeting": meeting, "paragraph": paragraph}
    reason = reason.strip() or matter_type.decision_text(matter, outcome)
    matter_type.carry_out(matter, outcome, citation=citation, by=by, reason=reason)


def _close_overtaken_questions(matter, *, by) -> None:
    """A matter decided at a meeting or in the admin no longer waits for answers."""
    open_questions = PerCapsulamQuestion.objects.open().filter(
        content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
    )
    for question in open_questions.select_for_update():
        question.status = PerCapsulamQuestion.Status.OVERTAKEN
        question.closed_at = timezone.now()
        question.outcome_note = _("The matter was decided before all answers were in.")
        question.save(update_fields=["status", "closed_at", "outcome_note"])
        trail.record(question, "open", question.status, actor=by, reason=question.outcome_note)


def close_overdue_questions() -> int:
    """Settle every open question whose deadline has passed; returns how many closed.

    Looks at state, not at dates, so a missed run catches up.
    """
    closed = 0
    for pk in PerCapsulamQuestion.objects.past_deadline().values_list("pk", flat=True):
        with transaction.atomic():
            question = PerCapsulamQuestion.objects.select_for_update().get(pk=pk)
            if question.status == PerCapsulamQuestion.Status.OPEN and settle(question, final=True):
                closed += 1
    return closed


def per_capsulam_to_report(meeting: Meeting):
    """Decisions taken between the previous meeting and this one, reported at this one."""
    previous = (
        Meeting.objects.filter(agreement=meeting.agreement, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    decisions = Decision.objects.filter(
        agreement=meeting.agreement,
        series=Decision.Series.PER_CAPSULAM,
        decided_on__lte=meeting.date,
    )
    if previous is not None:
        decisions = decisions.filter(decided_on__gt=previous.date)
    return decisions.order_by("year", "number")
