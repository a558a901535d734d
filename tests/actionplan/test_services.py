"""The action plan's services: the yearly roll forward and progress updates."""

import pytest

from actionplan import services
from actionplan.models import Activity, ActivityUpdate, AnnualPlan, Status
from audit.models import AuditEntry
from tests.actionplan import builders
from tests.actionplan.builders import (
    this_year,
)

# The builders' fixtures, for this module.
plan = builders.plan
annual_plan = builders.annual_plan
objective = builders.objective
make_activity = builders.make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The services' messages are asserted in English; Swedish is tested on the pages."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_it_rolls_forward_twice_without_duplicates(annual_plan, make_activity, process_leader):
    ongoing = make_activity("Pågår", status=Status.ONGOING, progress=40)
    planned = make_activity("Planerad")
    make_activity("Klar", status=Status.DONE, progress=100)
    make_activity("Inställd", status=Status.CANCELLED)

    following, carried = services.roll_forward(annual_plan, by=process_leader)
    again, carried_again = services.roll_forward(annual_plan, by=process_leader)

    assert (carried, carried_again) == (2, 0)
    assert again == following and following.year == this_year() + 1
    assert following.rolled_from == annual_plan
    assert set(following.activities.values_list("carried_from", flat=True)) == {
        ongoing.pk,
        planned.pk,
    }
    copy = following.activities.get(carried_from=ongoing)
    assert (copy.status, copy.progress, copy.title) == (Status.ONGOING, 40, "Pågår")
    assert AuditEntry.objects.filter(new_status="carried_over").count() == 2
    assert AnnualPlan.objects.count() == 2


def test_it_carries_an_activity_added_after_the_first_roll(annual_plan, make_activity):
    services.roll_forward(annual_plan)
    late = make_activity("Sen")

    following, carried = services.roll_forward(annual_plan)

    assert carried == 1
    assert following.activities.get(carried_from=late).title == "Sen"


@pytest.mark.parametrize(
    ("status", "progress", "stored"),
    [
        ("done", 60, 100),
        ("done", None, 100),
        ("planned", None, 0),
        ("ongoing", 45, 45),
        ("postponed", 0, 0),
        ("ongoing", 100, 100),
    ],
)
def test_it_stores_the_progress_the_status_allows(
    status, progress, stored, make_activity, process_leader
):
    activity = make_activity()

    update = services.update_progress(
        activity, by=process_leader, status=status, progress=progress, check_permission=False
    )

    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (status, stored)
    assert (update.status, update.progress, update.by) == (status, stored, process_leader)
    entry = AuditEntry.objects.get(object_id=activity.pk)
    assert (entry.old_status, entry.new_status, entry.actor) == (
        "planned 0",
        f"{status} {stored}",
        process_leader,
    )


@pytest.mark.parametrize(
    ("status", "progress", "message"),
    [
        ("ongoing", 101, "Progress is a number from 0 to 100."),
        ("ongoing", -1, "Progress is a number from 0 to 100."),
        ("finished", 50, "Unknown status."),
        ("ongoing", None, "Give the progress as a number from 0 to 100."),
    ],
)
def test_it_refuses_what_cannot_be(status, progress, message, make_activity, process_leader):
    activity = make_activity(status=Status.ONGOING, progress=10)

    with pytest.raises(services.PlanError, match=message):
        services.update_progress(
            activity, by=process_leader, status=status, progress=progress, check_permission=False
        )

    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (Status.ONGOING, 10)
    assert not ActivityUpdate.objects.exists() and not AuditEntry.objects.exists()


def test_it_lets_only_the_process_leader_or_a_responsible_party_update(
    make_activity, contact, applicant, process_leader
):
    activity = make_activity(lead_party=contact.party)
    other = make_activity("Annan")

    services.update_progress(activity, by=contact, status="ongoing", progress=10)
    services.update_progress(other, by=process_leader, status="ongoing", progress=10)
    with pytest.raises(services.PlanError):
        services.update_progress(other, by=contact, status="ongoing", progress=20)
    with pytest.raises(services.PlanError):
        services.update_progress(activity, by=applicant, status="ongoing", progress=20)

    assert activity.updates.get().by_party == contact.party
    assert Activity.objects.get(pk=other.pk).progress == 10


def test_it_records_each_bulk_status_change(make_activity, process_leader):
    first, second = make_activity("A", progress=30), make_activity("B", status=Status.ONGOING)

    changed = services.set_status(
        Activity.objects.order_by("pk"), by=process_leader, status=Status.ONGOING
    )

    assert changed == 1
    assert first.updates.get().progress == 30
    assert not second.updates.exists()
