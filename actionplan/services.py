"""Every change to the action plan happens here: one function per change, one transaction
each, one audit record each. The admin, the views, the import, the commands and the tasks
all call these functions."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import (
    SUGGESTED_PROGRESS,
    ActionPlan,
    Activity,
    ActivityUpdate,
    AnnualPlan,
    Status,
)
from audit import trail
from parties.models import ContactPerson


class PlanError(Exception):
    """A change the rules do not allow; the message is for the person who tried."""


def current_plan(agreement) -> ActionPlan | None:
    if agreement is None:
        return None
    return ActionPlan.objects.filter(agreement=agreement).order_by("-first_year").first()


def annual_plan_for(plan: ActionPlan | None, year: int | None = None) -> AnnualPlan | None:
    """The year's annual plan, else the newest one not after it, else the newest."""
    if plan is None:
        return None
    year = year or timezone.localdate().year
    plans = AnnualPlan.objects.filter(plan=plan)
    return (
        plans.filter(year=year).first()
        or plans.filter(year__lt=year).order_by("-year").first()
        or plans.order_by("-year").first()
    )


# ---- the yearly review ------------------------------------------------------------------------


def roll_forward(annual_plan: AnnualPlan, *, by=None) -> tuple[AnnualPlan, int]:
    """Next year's annual plan with every activity not done or cancelled carried over.

    Running it again carries nothing twice (a unique constraint per year and origin);
    returns the plan and how many activities were carried now.
    """
    with transaction.atomic():
        annual_plan = AnnualPlan.objects.select_for_update().get(pk=annual_plan.pk)
        following, created = AnnualPlan.objects.get_or_create(
            plan=annual_plan.plan,
            year=annual_plan.year + 1,
            defaults={"rolled_from": annual_plan},
        )
        if created:
            trail.record(following, "", "created", actor=by, reason=str(annual_plan))
        carried = 0
        already = set(
            following.activities.filter(carried_from__isnull=False).values_list(
                "carried_from_id", flat=True
            )
        )
        for activity in (
            annual_plan.activities.open()
            .exclude(pk__in=already)
            .prefetch_related("responsible", "perspectives")
        ):
            copy = Activity.objects.create(
                annual_plan=following,
                objective_id=activity.objective_id,
                area_id=activity.area_id,
                title=activity.title,
                description=activity.description,
                lead_party_id=activity.lead_party_id,
                starts_on=_next_year(activity.starts_on),
                ends_on=_next_year(activity.ends_on),
                # What had not started (or was put off) is planned again; the rest goes on.
                status=Status.ONGOING if activity.status == Status.ONGOING else Status.PLANNED,
                progress=activity.progress,
                weight=activity.weight,
                carried_from=activity,
            )
            copy.responsible.set(activity.responsible.all())
            copy.perspectives.set(activity.perspectives.all())
            trail.record(copy, "", "carried_over", owner=following, actor=by, reason=str(activity))
            carried += 1
        if annual_plan.reviewed_on is None:
            annual_plan.reviewed_on = timezone.localdate()
            annual_plan.save(update_fields=["reviewed_on"])
        return following, carried


def _next_year(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# ---- progress ---------------------------------------------------------------------------------


def parties_user_speaks_for(user) -> list[int]:
    """The parties whose current contact person `user` is."""
    if not user.is_authenticated:
        return []
    return list(
        ContactPerson.objects.current()
        .filter(user=user, organisation__memberships__status="active")
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def may_update(user, activity: Activity) -> bool:
    """The process leader (and anyone allowed to change activities), or the contact person
    of a party responsible for (or leading) the activity."""
    if not user.is_authenticated:
        return False
    if user.has_perm("actionplan.change_activity"):
        return True
    parties = set(parties_user_speaks_for(user))
    if not parties:
        return False
    if activity.lead_party_id in parties:
        return True
    return activity.responsible.filter(pk__in=parties).exists()


def check_values(status: str, progress: int | None) -> int:
    """The progress to store for `status`: done is 100; refuses what cannot be."""
    if status not in Status.values:
        raise PlanError(_("Unknown status."))
    if progress is None:
        progress = SUGGESTED_PROGRESS.get(status)
        if progress is None:
            raise PlanError(_("Give the progress as a number from 0 to 100."))
    if not 0 <= progress <= 100:
        raise PlanError(_("Progress is a number from 0 to 100."))
    if status == Status.DONE:
        progress = 100
    return progress


@transaction.atomic
def update_progress(
    activity: Activity,
    *,
    by,
    status: str,
    progress: int | None,
    text: str = "",
    date: datetime.date | None = None,
    check_permission: bool = True,
) -> ActivityUpdate:
    """Record a step on the activity's timeline and set its status and progress."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if check_permission and not may_update(by, activity):
        raise PlanError(_("Only the process leader or a responsible party may update this."))
    progress = check_values(status, progress)
    old = f"{activity.status} {activity.progress}"
    parties = parties_user_speaks_for(by) if by is not None else []
    update = ActivityUpdate.objects.create(
        activity=activity,
        date=date or timezone.localdate(),
        text=text.strip(),
        status=status,
        progress=progress,
        by=by if by is not None and by.is_authenticated else None,
        by_party_id=parties[0] if parties and not by.is_staff else None,
    )
    activity.status, activity.progress = status, progress
    activity.save(update_fields=["status", "progress", "updated_at"])
    trail.record(activity, old, f"{status} {progress}", actor=by, reason=update.text)
    return update


def set_status(activities, *, by, status: str) -> int:
    """Bulk status change (the admin's action): each recorded as an update; the count."""
    changed = 0
    for activity in activities:
        if activity.status == status:
            continue
        progress = SUGGESTED_PROGRESS.get(status, activity.progress)
        update_progress(activity, by=by, status=status, progress=progress, check_permission=False)
        changed += 1
    return changed
