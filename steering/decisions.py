"""Numbered decisions: a paragraph (§) of a held meeting whose minutes are not yet
published, or the next number in the year's series between meetings. Every way a decision
is recorded (the admin, the parties app's decisions, the follow-up, the demos) comes here.
What a paragraph says about each kind of matter is the matter's own (`steering.matters`).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import trail
from steering.errors import SteeringError
from steering.models import Decision, Meeting, PerCapsulamQuestion


def next_paragraph(meeting: Meeting) -> int:
    highest = meeting.decisions.aggregate(Max("number"))["number__max"] or 0
    return highest + 1


def next_per_capsulam_number(agreement, year: int) -> int:
    highest = (
        Decision.objects.filter(
            agreement=agreement, series=Decision.Series.PER_CAPSULAM, year=year
        ).aggregate(Max("number"))["number__max"]
        or 0
    )
    return highest + 1


def why_no_decisions(meeting: Meeting) -> str:
    """Why `meeting` cannot take a decision now, or "" when it can.

    Only a meeting that has been held and whose minutes are not yet published takes
    decisions: published minutes are a public record and stay as published.
    """
    date = meeting.date.isoformat()
    if meeting.starts_at > timezone.now():
        return _(
            "The meeting on %(date)s has not been held yet; a decision is recorded at a "
            "meeting that has taken place."
        ) % {"date": date}
    if meeting.minutes_published_at is not None:
        return _(
            "The minutes of the meeting on %(date)s are published; no decision can be added "
            "to them or changed in them."
        ) % {"date": date}
    return ""


def record_decision(
    *,
    kind: str,
    text: str,
    meeting: Meeting | None = None,
    number: int | None = None,
    question: PerCapsulamQuestion | None = None,
    matter=None,
    by=None,
    decided_on: datetime.date | None = None,
) -> Decision:
    """Record one decision as a paragraph of `meeting`, or in the per capsulam series.

    A paragraph number already used at the meeting is refused with a message; without a
    number the next free one is taken.
    """
    if (meeting is None) == (question is None):
        raise SteeringError(_("A decision is taken either at a meeting or between meetings."))
    agreement = meeting.agreement if meeting else question.agreement
    decided_on = decided_on or (meeting.date if meeting else timezone.localdate())
    decision = Decision(
        agreement=agreement,
        series=Decision.Series.MEETING if meeting else Decision.Series.PER_CAPSULAM,
        meeting=meeting,
        question=question,
        year=decided_on.year,
        decided_on=decided_on,
        kind=kind,
        text=text,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    if matter is not None:
        decision.content_type = ContentType.objects.get_for_model(matter)
        decision.object_id = matter.pk
    if meeting is not None:
        # Numbers are handed out one meeting at a time; the locked row says whether the
        # minutes were published meanwhile.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if why := why_no_decisions(meeting):
            raise SteeringError(why)
        decision.meeting = meeting
        decision.number = number or next_paragraph(meeting)
    else:
        # Lock the agreement row: the per capsulam series is numbered per agreement and year.
        type(agreement).objects.select_for_update().get(pk=agreement.pk)
        decision.number = number or next_per_capsulam_number(agreement, decided_on.year)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        if meeting is not None:
            raise SteeringError(
                _("§ %(number)s is already used at the meeting on %(date)s.")
                % {"number": decision.number, "date": meeting.date.isoformat()}
            ) from None
        raise SteeringError(_("This decision has already been recorded.")) from None
    trail.record(decision, "", "recorded", owner=meeting or question, actor=by, reason=text)
    return decision


@transaction.atomic
def amend_decision(decision: Decision, *, by) -> Decision:
    """Save a correction of a meeting paragraph (its number, kind or wording).

    Refused once the meeting's minutes are published, like a new paragraph.
    """
    if decision.meeting_id is None:
        raise SteeringError(_("A decision between meetings is what the members answered."))
    meeting = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
    if meeting.minutes_published_at is not None:
        raise SteeringError(why_no_decisions(meeting))
    decision.save()
    trail.record(decision, "recorded", "changed", owner=meeting, actor=by, reason=decision.text)
    return decision
