"""The follow-up's periodic jobs: invitations, reminders before closing, the close report.

As in the other apps' reminders: every job looks at state, never at "the date is today",
so a run that beat missed is caught up by the next one, and every email is claimed in
the outbox under (kind, record, recipient, occasion) in the transaction that sends it.
Reminders go only to parties that have not submitted.

Each function returns how many emails it sent now; `now` is for tests.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from audit.trail import record
from common import outbox
from common.periodic import Job, send_reminder
from followup import invitations, response_rate
from followup.models import FollowUpRound, Response, RoundStatus
from steering.recipients import process_leaders_by_agreement

REMINDER = "followup_reminder"
CLOSED = "followup_closed"


def send_invitations(now: datetime.datetime | None = None) -> int:
    """Every open round: invite the parties not yet invited (new parties, new contacts)."""
    now = now or timezone.now()
    rounds = (
        FollowUpRound.objects.open_on(timezone.localdate(now))
        .select_related("agreement")
        .order_by("pk")
    )
    return sum(invitations.invite(round, now=now) for round in rounds)


def due_reminder(round: FollowUpRound, today: datetime.date) -> tuple[str, int] | None:
    """("first" or "second", its days before closing) when one is due today, else None.

    Only the latest due reminder: a run that missed the first until the second was due
    sends the second alone.
    """
    if round.status_on(today) != RoundStatus.OPEN:
        return None
    days_left = (round.closes - today).days
    if days_left <= round.second_reminder_days:
        return "second", round.second_reminder_days
    if days_left <= round.first_reminder_days:
        return "first", round.first_reminder_days
    return None


def remind_not_submitted(now: datetime.datetime | None = None) -> int:
    """Parties that have not submitted, 14 and 3 days (as set on the round) before closing.

    The occasion names the reminder and the close date, so a moved close date reminds
    again. A party invited after the reminder fell due is not reminded: its invitation
    already said when the round closes.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for round in FollowUpRound.objects.open_on(today).select_related("agreement").order_by("pk"):
        due = due_reminder(round, today)
        if due is None:
            continue
        which, days = due
        due_from = timezone.make_aware(
            datetime.datetime.combine(round.closes - datetime.timedelta(days=days), datetime.time())
        )
        responses = list(
            round.responses.exclude(status=Response.Status.SUBMITTED)
            .filter(
                organisation__memberships__agreement=round.agreement_id,
                organisation__memberships__status="active",
                invited_at__lt=due_from,
            )
            .select_related("organisation")
            .order_by("pk")
        )
        contacts = invitations.current_contacts([r.organisation_id for r in responses])
        occasion = f"{which} {round.closes.isoformat()}"
        for response in responses:
            contact = contacts.get(response.organisation_id)
            if contact is None:
                continue
            context = {
                "agreement": round.agreement,
                "round": round,
                "response": response,
                "organisation": response.organisation,
                "contact": contact,
                "days_left": (round.closes - today).days,
                "has_draft": response.status == Response.Status.DRAFT,
                "form_url": invitations.form_url(round),
            }
            sent += send_reminder(
                REMINDER,
                response,
                contact.email,
                "followup/email/reminder",
                context,
                occasion,
            )
    return sent


def _in_email_language(function, *args):
    """`function(*args)` in the language emails are written in (common.outbox), so that the
    labels it makes (the sectors) match the email, whatever the caller has active."""
    with translation.override(settings.LANGUAGE_CODE):
        return function(*args)


def report_closed(now: datetime.datetime | None = None) -> int:
    """A round that has closed: its agreement's process leaders get the response rate, once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rounds = list(
        FollowUpRound.objects.closed_before(today)
        .filter(opened_at__isnull=False, closed_at__isnull=True)
        .select_related("agreement")
        .order_by("pk")
    )
    if not rounds:
        return 0
    # Each round to its own agreement's process leaders.
    leaders_of = process_leaders_by_agreement({round.agreement_id for round in rounds})
    sent = 0
    for round in rounds:
        leaders = leaders_of.get(round.agreement_id, [])
        context = {
            "agreement": round.agreement,
            "round": round,
            # Labels (the sectors) in the email's language, whatever the caller has active.
            "rates": _in_email_language(response_rate.response_rates, round),
            # The round's response-rate page: figures, who did not answer, the export.
            "admin_url": outbox.absolute(
                reverse("admin:followup_followupround_rates", args=[round.pk])
            ),
        }
        for recipient in leaders:
            sent += send_reminder(
                CLOSED, round, recipient, "followup/email/closed", context, occasion="closed"
            )
        # Only once every leader has the email: a mail server that refused leaves the
        # round unclaimed, and the next run sends what is missing.
        if FollowUpRound.objects.filter(pk=round.pk, closed_at__isnull=True).update(closed_at=now):
            record(round, RoundStatus.OPEN, RoundStatus.CLOSED, reason="")
    return sent


JOBS: dict[str, Job] = {
    "invitations": Job(send_invitations, "emails sent"),
    "reminders": Job(remind_not_submitted, "emails sent"),
    "closed": Job(report_closed, "emails sent"),
}


def run(name: str) -> int:
    return JOBS[name].run()
