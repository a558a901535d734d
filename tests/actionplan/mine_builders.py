"""Builders for the contact person's activity pages and the action plan's reminders:
an action plan on the demo agreement with this year's annual plan, and activities in it."""

import datetime

import pytest
from django.utils import timezone

from actionplan.models import ActionPlan, Activity, ActivityArea, AnnualPlan, DevelopmentArea


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def action_plan(agreement):
    year = this_year()
    return ActionPlan.objects.create(
        agreement=agreement, title="Handlingsplan", first_year=year - 1, last_year=year + 2
    )


@pytest.fixture
def annual_plan(action_plan):
    return AnnualPlan.objects.create(plan=action_plan, year=this_year())


@pytest.fixture
def objective(action_plan):
    area = DevelopmentArea.objects.create(plan=action_plan, title="Dialog")
    return area.objectives.create(title="Fler mötesplatser")


@pytest.fixture
def make_activity(annual_plan, objective):
    """make_activity("Title", lead=party, responsible=[…], status=…, progress=…, …)."""

    def make(title: str, *, lead=None, responsible=(), plan=None, **fields):
        activity = Activity.objects.create(
            annual_plan=plan or annual_plan,
            objective=objective,
            area=fields.pop("area", None) or ActivityArea.objects.first(),
            title=title,
            lead_party=lead,
            **fields,
        )
        activity.responsible.set(list(responsible) or ([lead] if lead else []))
        return activity

    return make


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
