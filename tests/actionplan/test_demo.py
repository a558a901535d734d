import pytest
from django.contrib.auth import get_user_model

from actionplan import demo
from actionplan.models import (
    CLOSED,
    ActionPlan,
    Activity,
    ActivityUpdate,
    AnnualPlan,
    DevelopmentArea,
    Objective,
    Status,
)
from actionplan.services import may_update, parties_user_speaks_for
from audit.models import AuditEntry
from common import demo_clock
from steering.models import Decision, DecisionKind

# The demo's first year (2026 as its story is written), moved with the day it is loaded.
FIRST_YEAR = demo_clock.year(2026)


@pytest.fixture
def seeded(demo_world):
    # The region's (Björkvik's: tests/demo/test_demo_two_agreements.py).
    return ActionPlan.objects.get(agreement__slug="norradalen")


def test_it_seeds_the_period_plan_adopted_by_the_steering_group(seeded):
    assert (seeded.first_year, seeded.last_year) == (FIRST_YEAR, FIRST_YEAR + 3)
    assert seeded.adopted_by.kind == DecisionKind.ACTION_PLAN_ADOPTED
    areas = DevelopmentArea.objects.filter(plan=seeded)
    assert areas.count() == 4
    assert all(2 <= area.objectives.count() <= 3 for area in areas)


def test_it_seeds_a_reviewed_2026_and_a_2027_rolled_forward_from_it(seeded):
    first = AnnualPlan.objects.get(plan=seeded, year=FIRST_YEAR)
    second = AnnualPlan.objects.get(plan=seeded, year=FIRST_YEAR + 1)
    assert first.reviewed_on is not None and first.adopted_by is not None
    assert second.rolled_from == first and second.adopted_by is not None
    assert first.activities.count() >= 18
    assert set(first.activities.values_list("status", flat=True)) == set(Status.values)


def test_it_carries_every_open_2026_activity_and_nothing_closed(seeded):
    first = AnnualPlan.objects.get(plan=seeded, year=FIRST_YEAR)
    carried = Activity.objects.filter(
        annual_plan__plan=seeded, annual_plan__year=FIRST_YEAR + 1, carried_from__isnull=False
    )
    origins = set(carried.values_list("carried_from", flat=True))
    assert origins == set(first.activities.open().values_list("pk", flat=True))
    assert not first.activities.filter(pk__in=origins, status__in=CLOSED).exists()


def test_it_lets_the_demo_contact_person_update_an_activity_their_party_leads(seeded):
    user = get_user_model().objects.get(username=demo.CONTACT_LOGIN)
    [party] = parties_user_speaks_for(user)
    led = Activity.objects.filter(
        annual_plan__plan=seeded, annual_plan__year=FIRST_YEAR, lead_party=party
    ).open()
    assert led.filter(status=Status.ONGOING).exists()
    assert all(may_update(user, activity) for activity in led)
    others = Activity.objects.filter(
        annual_plan__plan=seeded, annual_plan__year=FIRST_YEAR, responsible=party
    ).exclude(lead_party=party)
    assert others.exists() and all(may_update(user, activity) for activity in others)


def test_it_keeps_timelines_consistent_with_status_and_progress(seeded):
    activities = Activity.objects.filter(annual_plan__year=FIRST_YEAR)
    assert all(a.progress == 100 for a in activities.filter(status=Status.DONE))
    for activity in activities.exclude(status=Status.PLANNED):
        updates = list(activity.updates.order_by("date"))
        assert 1 <= len(updates) <= 4, activity
        assert (updates[-1].status, updates[-1].progress) == (activity.status, activity.progress)
        assert all(u.by is None and u.by_party_id for u in updates)
        assert all(activity.starts_on <= u.date <= activity.ends_on for u in updates)
    assert not ActivityUpdate.objects.filter(activity__status=Status.PLANNED).exists()


def test_it_adds_no_rows_when_seeded_again(seeded):
    models = [
        ActionPlan, DevelopmentArea, Objective, AnnualPlan, Activity, ActivityUpdate,
        Decision, AuditEntry,
    ]  # fmt: skip
    before = [model.objects.count() for model in models]
    demo.seed_actionplan(seeded.agreement)
    assert [model.objects.count() for model in models] == before
