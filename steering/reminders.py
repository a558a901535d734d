"""The steering group's periodic reminders: what is due, who hears about it, the email.

Every job looks at state ("due and not yet reminded"), never at "the date is today", so a
run that beat missed is caught up by the next one. Every email is claimed in the outbox
under (kind, record, recipient, occasion) in the transaction that sends it: a second beat,
a retried task or a racing worker sends nothing twice, while a new occasion (a renewed
mandate, a moved deadline, the next meeting) is a new reminder.

Each `remind_*` function returns how many emails it sent now; `now` is for tests.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from agreements import staff
from agreements.models import Agreement
from agreements.pages import agreement_link
from audit.models import SentNotification
from common import outbox
from common.admin_pages import record_admin_url as admin_url
from common.periodic import Job, send_reminder
from steering import matters, services
from steering.models import CHAIR_ROLES, Meeting, PerCapsulamQuestion, Seat
from steering.recipients import (
    chair_addresses,
    process_leaders_by_agreement,
    seat_address,
    unique_addresses,
)
from steering.voting import voting_seats

MANDATE_NOTICE = datetime.timedelta(days=60)
MATTER_OVERDUE = datetime.timedelta(days=14)
MEETING_NOTICE = datetime.timedelta(days=7)
ANSWER_NOTICE = datetime.timedelta(days=2)
MINUTES_OVERDUE = datetime.timedelta(days=14)

MANDATE_ENDING = "mandate_ending"
WAITING_MATTERS = "waiting_matters_digest"
UNANSWERED_QUESTION = "per_capsulam_reminder"
UNPUBLISHED_MINUTES = "minutes_unpublished"


# ---- shared pieces ------------------------------------------------------------------------


def _send(kind: str, record, recipient: str, template: str, context: dict, occasion: str) -> bool:
    return send_reminder(kind, record, recipient, f"steering/email/{template}", context, occasion)


# ---- a mandate ends within 60 days → the process leader and the chair ----------------------


def mandate_ends_on(seat: Seat) -> datetime.date | None:
    """The last day of the seat's mandate: its own end, and for the chair and vice chair at
    the latest the end of the period the agreement allows them."""
    ends = [seat.mandate_end] if seat.mandate_end else []
    if seat.role in CHAIR_ROLES:
        months = seat.agreement.rules_on(seat.mandate_start).steering_chair_mandate_months
        ends.append(seat.mandate_start + relativedelta(months=months))
    return min(ends) if ends else None


def remind_mandates_ending(now: datetime.datetime | None = None) -> int:
    """Seats whose mandate ends within 60 days, each to its agreement's process leaders and
    chair. The occasion is the end date, so a renewed or moved mandate is reminded of again,
    and the same one never twice. One query for the seats of every agreement in force."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + MANDATE_NOTICE
    seats = (
        Seat.objects.filter(agreement__in=Agreement.objects.in_force())
        .on(today)
        # A seat already ended early has had its end decided; nothing to remind of.
        .filter(ended_on__isnull=True)
        .filter(Q(mandate_end__lte=horizon) | Q(role__in=CHAIR_ROLES))
        .select_related("agreement", "organisation")
        # The chair's longest mandate is a rule of the version in force when it began: read
        # every agreement's versions at once, not one query per chair.
        .prefetch_related("agreement__versions")
        .order_by("agreement_id", "mandate_end", "pk")
    )
    ending: dict[Agreement, list] = {}
    for seat in seats:
        ends = mandate_ends_on(seat)
        if ends is not None and today <= ends <= horizon:
            ending.setdefault(seat.agreement, []).append((seat, ends))
    if not ending:
        return 0
    leaders = process_leaders_by_agreement(ending)
    sent = 0
    for agreement, its_seats in ending.items():
        recipients = unique_addresses(
            leaders.get(agreement.pk, []) + chair_addresses(agreement, today)
        )
        for seat, ends in its_seats:
            context = {
                "agreement": agreement,
                "seat": seat,
                "ends_on": ends,
                "days_left": (ends - today).days,
                "is_chair_mandate": seat.role in CHAIR_ROLES,
                "admin_url": admin_url(seat),
            }
            for recipient in recipients:
                sent += _send(
                    MANDATE_ENDING,
                    seat,
                    recipient,
                    "mandate_ending",
                    context,
                    occasion=f"mandate ends {ends.isoformat()}",
                )
    return sent


# ---- matters waiting → one digest to the steering group -----------------------------------


@dataclass
class WaitingMatter:
    record: object
    label: str
    name: str
    since: datetime.datetime
    days: int
    admin_url: str
    question: PerCapsulamQuestion | None = None


def waiting_matters_by_agreement(
    now: datetime.datetime | None = None, agreements=None
) -> dict[int | None, list[WaitingMatter]]:
    """The waiting matters of every agreement, read once and shared out: {agreement id:
    [matter, …]}, oldest first. A matter that names no agreement counts as the installation's
    default agreement's."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    found, _total = matters.waiting_matters()
    if not found:
        return {}
    questions = {
        (question.content_type_id, question.object_id): question
        for question in PerCapsulamQuestion.objects.open().filter(object_id__isnull=False)
    }
    default = None
    by_agreement: dict[int | None, list[WaitingMatter]] = {}
    for matter in found:
        agreement_id = staff.agreement_id_of(matter.record)
        if agreement_id is None:
            if default is None:
                default = staff.default_agreement()
            agreement_id = default.pk if default else None
        by_agreement.setdefault(agreement_id, []).append(
            WaitingMatter(
                record=matter.record,
                label=matter.kind.label,
                name=matter.name,
                since=matter.since,
                days=(today - timezone.localdate(matter.since)).days,
                admin_url=admin_url(matter.record),
                question=questions.get(
                    (ContentType.objects.get_for_model(matter.record).pk, matter.record.pk)
                ),
            )
        )
    if agreements is not None:
        wanted = {getattr(a, "pk", a) for a in agreements}
        by_agreement = {pk: ms for pk, ms in by_agreement.items() if pk in wanted}
    return by_agreement


def _meeting_digest_sent_for_week(agreement, day: datetime.date) -> bool:
    """Whether the digest before a meeting held in `day`'s ISO week has gone out."""
    monday = day - datetime.timedelta(days=day.isoweekday() - 1)
    occasions = [f"meeting {monday + datetime.timedelta(days=n):%Y-%m-%d}" for n in range(7)]
    return SentNotification.objects.filter(
        kind=WAITING_MATTERS,
        content_type=ContentType.objects.get_for_model(agreement),
        object_id=agreement.pk,
        occasion__in=occasions,
    ).exists()


def remind_waiting_matters(now: datetime.datetime | None = None) -> int:
    """One digest to the steering group's address when a matter has waited more than 14
    days, or a meeting is within 7 days while matters are undecided.

    The occasion is "meeting <date>" when a meeting is that close: one digest to prepare
    each meeting. Otherwise it is the ISO week ("week 2027-W10"): while matters stay
    overdue the group hears of them once a week, not every time the job runs, and the
    week of a meeting whose digest went out gets no second list. (A weekly digest can
    still be followed, days later, by the one for a meeting that has come within 7 days.)
    """
    now = now or timezone.now()
    waiting = waiting_matters_by_agreement(now)
    if not waiting:
        return 0
    agreements = Agreement.objects.with_published_version().filter(pk__in=list(waiting))
    sent = 0
    for agreement in agreements.order_by("pk"):
        sent += _remind_waiting_matters_of(agreement, waiting[agreement.pk], now)
    return sent


def _remind_waiting_matters_of(agreement: Agreement, matters: list, now) -> int:
    recipient = agreement.steering_address
    if not recipient:
        return 0
    overdue = [matter for matter in matters if matter.since < now - MATTER_OVERDUE]
    meeting = (
        Meeting.objects.filter(
            agreement=agreement, starts_at__gte=now, starts_at__lte=now + MEETING_NOTICE
        )
        .order_by("starts_at")
        .first()
    )
    if meeting is not None:
        occasion = f"meeting {meeting.date.isoformat()}"
    elif overdue:
        today = timezone.localdate(now)
        if _meeting_digest_sent_for_week(agreement, today):
            return 0
        year, week, _weekday = today.isocalendar()
        occasion = f"week {year}-W{week:02d}"
    else:
        return 0
    context = {
        "agreement": agreement,
        "matters": matters,
        "overdue_count": len(overdue),
        "overdue_days": MATTER_OVERDUE.days,
        "meeting": meeting,
        "admin_index_url": outbox.absolute(reverse("admin:index")),
    }
    return int(_send(WAITING_MATTERS, agreement, recipient, "waiting_matters", context, occasion))


# ---- a question's deadline within 2 days → each voting member who has not answered ---------


def remind_unanswered_questions(now: datetime.datetime | None = None) -> int:
    """Open questions due within 2 days: each voting member without an answer. The occasion
    is the deadline, so a question whose deadline is moved is reminded of again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    questions = (
        PerCapsulamQuestion.objects.open()
        .filter(deadline__gt=now, deadline__lte=now + ANSWER_NOTICE)
        .select_related("agreement")
        .prefetch_related("answers")
        .order_by("deadline", "pk")
    )
    sent = 0
    for question in questions:
        answered = {answer.seat_id for answer in question.answers.all()}
        deadline = timezone.localtime(question.deadline)
        url = agreement_link(question.agreement, "steering:answer", question.pk)
        for seat in voting_seats(question.agreement, on=today):
            address = seat_address(seat)
            if seat.pk in answered or not address:
                continue
            context = {
                "agreement": question.agreement,
                "question": question,
                "seat": seat,
                "answer_url": url,
            }
            sent += _send(
                UNANSWERED_QUESTION,
                question,
                address,
                "per_capsulam_reminder",
                context,
                occasion=f"deadline {deadline:%Y-%m-%d %H:%M}",
            )
    return sent


# ---- minutes unpublished 14 days after the meeting → the process leader --------------------


def remind_unpublished_minutes(now: datetime.datetime | None = None) -> int:
    """Meetings held more than 14 days ago whose minutes are not published; once per
    meeting (the occasion names it) and process leader."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(
            minutes_published_at__isnull=True, starts_at__lt=now - MINUTES_OVERDUE
        )
        .select_related("agreement")
        .order_by("starts_at", "pk")
    )
    if not meetings:
        return 0
    # Each meeting to its own agreement's process leaders.
    leaders_of = process_leaders_by_agreement({meeting.agreement_id for meeting in meetings})
    today = timezone.localdate(now)
    sent = 0
    for meeting in meetings:
        leaders = leaders_of.get(meeting.agreement_id, [])
        context = {
            "agreement": meeting.agreement,
            "meeting": meeting,
            "days_since": (today - meeting.date).days,
            "minutes_checked": meeting.minutes_checked_on is not None,
            "admin_url": admin_url(meeting),
        }
        for recipient in leaders:
            sent += _send(
                UNPUBLISHED_MINUTES,
                meeting,
                recipient,
                "minutes_unpublished",
                context,
                occasion=f"meeting {meeting.date.isoformat()}",
            )
    return sent


# ---- every periodic job, by name: for beat, the task and the management command -----------


JOBS: dict[str, Job] = {
    # First: a question past its deadline is settled, and no longer reminded of.
    "close_overdue_questions": Job(services.close_overdue_questions, "questions closed"),
    "mandates_ending": Job(remind_mandates_ending, "emails sent"),
    "waiting_matters": Job(remind_waiting_matters, "emails sent"),
    "unanswered_questions": Job(remind_unanswered_questions, "emails sent"),
    "unpublished_minutes": Job(remind_unpublished_minutes, "emails sent"),
}


def run(name: str) -> int:
    """Run one periodic job by name; returns how many it did (emails sent, questions closed)."""
    return JOBS[name].run()
