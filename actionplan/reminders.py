"""The action plan's periodic reminders: what is due, who hears about it, the email.

As in `steering.reminders`: every job looks at state ("due and not yet reminded"), never
at "the date is today", so a run that beat missed is caught up by the next one, and every
email is claimed in the outbox under (kind, record, recipient, occasion) in the
transaction that sends it. A new occasion (a moved end date, another 90 days without an
update, next year's review) is a new reminder.

Each `remind_*` function returns how many emails it sent now; `now` is for tests.
"""

import datetime

from django.db.models import Max
from django.utils import timezone

from actionplan.models import ActionPlan, Activity, AnnualPlan, Status
from agreements.models import Agreement
from agreements.pages import agreement_link
from common.admin_pages import record_admin_url as admin_url
from common.periodic import Job, send_reminder
from parties.models import ContactPerson
from steering.recipients import process_leaders_by_agreement

ENDING_NOTICE = datetime.timedelta(days=14)
UPDATE_INTERVAL = datetime.timedelta(days=90)

ACTIVITY_ENDING = "activity_ending"
ACTIVITY_WITHOUT_UPDATE = "activity_without_update"
ANNUAL_REVIEW_DUE = "annual_review_due"


def _send(kind: str, record, recipient: str, template: str, context: dict, occasion: str) -> bool:
    return send_reminder(kind, record, recipient, f"actionplan/email/{template}", context, occasion)


def _live_activities():
    """Activities still in play: open, and not carried into a later year's plan (the copy
    is the one that gets updated, so the origin must not nag)."""
    return (
        Activity.objects.open()
        .filter(carried_into__isnull=True)
        .select_related("lead_party", "annual_plan__plan__agreement")
        .prefetch_related("responsible")
    )


def lead_contacts(activity: Activity) -> list[ContactPerson]:
    """Who answers for the activity: the current contact of its lead party, or, when it
    has none, of each responsible party. Only parties still active."""
    if activity.lead_party_id is not None:
        parties = [activity.lead_party_id]
    else:
        parties = [party.pk for party in activity.responsible.all()]
    contacts = (
        ContactPerson.objects.current()
        .filter(
            organisation_id__in=parties,
            organisation__memberships__agreement=activity.annual_plan.plan.agreement_id,
            organisation__memberships__status="active",
        )
        .exclude(email="")
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return list(contacts)


def _agreement(activity: Activity) -> Agreement:
    return activity.annual_plan.plan.agreement


def _update_url(activity: Activity) -> str:
    """The activity's update page, at its own agreement's address (agreements.pages)."""
    return agreement_link(_agreement(activity), "actionplan:update", activity.pk)


# ---- an activity ends within 14 days and is not done → its lead ---------------------------


def remind_activities_ending(now: datetime.datetime | None = None) -> int:
    """Open activities that end within 14 days. The occasion is the end date, so a moved
    end is reminded of again, and the same one never twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    activities = _live_activities().filter(ends_on__gte=today, ends_on__lte=today + ENDING_NOTICE)
    sent = 0
    for activity in activities.order_by("ends_on", "pk"):
        for contact in lead_contacts(activity):
            context = {
                "agreement": _agreement(activity),
                "activity": activity,
                "contact": contact,
                "days_left": (activity.ends_on - today).days,
                "update_url": _update_url(activity),
            }
            sent += _send(
                ACTIVITY_ENDING,
                activity,
                contact.email,
                "activity_ending",
                context,
                occasion=f"ends {activity.ends_on.isoformat()}",
            )
    return sent


# ---- an ongoing activity without an update for 90 days → its lead, every 90 days ----------


def quiet_since(activity: Activity) -> datetime.date:
    """The last update's date, else the start, else the first day of its plan's year."""
    return (
        activity.last_update or activity.starts_on or datetime.date(activity.annual_plan.year, 1, 1)
    )


def remind_activities_without_update(now: datetime.datetime | None = None) -> int:
    """Ongoing activities nobody has updated for 90 days.

    The occasion names the date the silence began and the number of whole 90-day periods
    since: one reminder per period while nothing is recorded, and an update starts a new
    count. A run that missed a period's start still sends that period's reminder.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    activities = (
        _live_activities()
        .filter(status=Status.ONGOING)
        .annotate(last_update=Max("updates__date"))
        .order_by("pk")
    )
    sent = 0
    for activity in activities:
        since = quiet_since(activity)
        period = (today - since).days // UPDATE_INTERVAL.days
        if period < 1:
            continue
        for contact in lead_contacts(activity):
            context = {
                "agreement": _agreement(activity),
                "activity": activity,
                "contact": contact,
                "since": since,
                "days": (today - since).days,
                "update_url": _update_url(activity),
            }
            sent += _send(
                ACTIVITY_WITHOUT_UPDATE,
                activity,
                contact.email,
                "activity_without_update",
                context,
                occasion=f"quiet since {since.isoformat()} period {period}",
            )
    return sent


# ---- the annual review is due and next year's plan is missing → the process leader --------


def review_date(plan: ActionPlan, year: int) -> datetime.date:
    """The plan's review day in `year`; a day the month lacks (30 February) is its last."""
    day = plan.review_day
    while True:
        try:
            return datetime.date(year, plan.review_month, day)
        except ValueError:
            day -= 1


def remind_annual_review(now: datetime.datetime | None = None) -> int:
    """After the review date of the year, while next year's annual plan does not exist:
    the agreement's process leaders, once a year (the occasion names the year).

    The plans of every agreement in force are read together, so a run with nothing due costs
    the same few queries however many agreements there are."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    next_year = today.year + 1
    plans: dict[int, ActionPlan] = {}
    # The current plan of each agreement in force: its newest (as services.current_plan).
    for plan in (
        ActionPlan.objects.filter(agreement__in=Agreement.objects.in_force())
        .select_related("agreement")
        .order_by("agreement_id", "-first_year")
    ):
        plans.setdefault(plan.agreement_id, plan)
    due_plans = [
        plan
        for plan in plans.values()
        if plan.first_year <= next_year <= plan.last_year and today >= review_date(plan, today.year)
    ]
    if not due_plans:
        return 0
    made = set(
        AnnualPlan.objects.filter(plan__in=due_plans, year=next_year).values_list(
            "plan_id", flat=True
        )
    )
    due_plans = [plan for plan in due_plans if plan.pk not in made]
    if not due_plans:
        return 0
    leaders_of = process_leaders_by_agreement({plan.agreement_id for plan in due_plans})
    sent = 0
    for plan in sorted(due_plans, key=lambda plan: plan.agreement_id):
        due = review_date(plan, today.year)
        current = AnnualPlan.objects.filter(plan=plan, year=today.year).first()
        context = {
            "agreement": plan.agreement,
            "plan": plan,
            "year": next_year,
            "due": due,
            "current": current,
            "admin_url": admin_url(current or plan),
        }
        for recipient in leaders_of.get(plan.agreement_id, []):
            sent += _send(
                ANNUAL_REVIEW_DUE,
                plan,
                recipient,
                "annual_review_due",
                context,
                occasion=f"review {today.year}",
            )
    return sent


# ---- every periodic job, by name: for beat, the task and the management command -----------


JOBS: dict[str, Job] = {
    "activities_ending": Job(remind_activities_ending, "emails sent"),
    "activities_without_update": Job(remind_activities_without_update, "emails sent"),
    "annual_review": Job(remind_annual_review, "emails sent"),
}


def run(name: str) -> int:
    """Run one periodic job by name; returns how many emails it sent."""
    return JOBS[name].run()
