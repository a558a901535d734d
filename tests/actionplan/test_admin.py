"""The action plan's admin: who may see and change what, the roll forward, bulk status
changes and the activity form's checks."""

import pytest

from actionplan.models import Activity, AnnualPlan, Status
from audit.models import AuditEntry
from tests.actionplan import builders
from tests.actionplan.builders import (
    ACTIVITIES,
    EXPORT,
    IMPORT,
    english,
    messages_of,
    this_year,
)

# The builders' fixtures, for this module.
plan = builders.plan
annual_plan = builders.annual_plan
objective = builders.objective
make_activity = builders.make_activity

pytestmark = pytest.mark.django_db

PAGES = [
    # (url, steering member, process leader, administrator)
    (ACTIVITIES, 200, 200, 200),
    (f"{ACTIVITIES}add/", 403, 200, 200),
    (f"{ACTIVITIES}{{activity}}/change/", 200, 200, 200),
    (IMPORT, 403, 200, 200),
    (EXPORT, 200, 200, 200),
    ("/admin/actionplan/annualplan/", 200, 200, 200),
    ("/admin/actionplan/annualplan/{annual_plan}/change/", 200, 200, 200),
    ("/admin/actionplan/actionplan/{plan}/change/", 200, 200, 200),
    ("/admin/actionplan/developmentarea/add/", 403, 200, 200),
    ("/admin/actionplan/activityarea/add/", 403, 200, 200),
    ("/admin/actionplan/perspective/add/", 403, 200, 200),
]


@pytest.fixture
def records(plan, annual_plan, make_activity):
    return {"activity": make_activity(), "annual_plan": annual_plan, "plan": plan}


@pytest.mark.parametrize(("template", "member", "leader", "superuser"), PAGES)
def test_it_lets_in_only_who_may_see_each_page(
    template,
    member,
    leader,
    superuser,
    records,
    public,
    as_user,
    contact,
    steering_member,
    process_leader,
    admin_user,
):
    url = template.format(**{key: record.pk for key, record in records.items()})

    assert public.get(url).status_code == 302
    assert public.get(url)["Location"].startswith("/admin/login/")
    assert as_user(contact).get(url).status_code == 302
    assert as_user(steering_member).get(url).status_code == member
    assert as_user(process_leader).get(url).status_code == leader
    assert as_user(admin_user).get(url).status_code == superuser


def test_it_shows_a_steering_member_the_activity_read_only(as_user, steering_member, records):
    html = as_user(steering_member).get(f"{ACTIVITIES}{records['activity'].pk}/change/")

    assert 'name="progress"' not in html.content.decode()


@pytest.mark.parametrize("model", ["activity", "annualplan", "actionplan"])
def test_it_deletes_nothing_not_even_for_an_administrator(model, records, as_user, admin_user):
    key = {"activity": "activity", "annualplan": "annual_plan", "actionplan": "plan"}[model]
    record = records[key]
    client = as_user(admin_user)

    response = client.post(f"/admin/actionplan/{model}/{record.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_it_rolls_forward_once_and_says_so(as_user, process_leader, annual_plan, make_activity):
    make_activity("Pågår", status=Status.ONGOING, progress=40)
    make_activity("Klar", status=Status.DONE, progress=100)
    client = english(as_user(process_leader))
    action = {"action": "roll_forward", "_selected_action": [annual_plan.pk]}

    first = client.post("/admin/actionplan/annualplan/", action, follow=True)
    second = client.post("/admin/actionplan/annualplan/", action, follow=True)

    following = AnnualPlan.objects.get(year=this_year() + 1)
    assert following.activities.count() == 1
    assert f"1 activity carried from {this_year()} into {this_year() + 1}." in messages_of(first)
    assert "Nothing new to carry" in " ".join(messages_of(second))


def test_it_rolls_forward_from_the_button_on_the_plan(as_user, process_leader, annual_plan):
    client = as_user(process_leader)
    url = f"/admin/actionplan/annualplan/{annual_plan.pk}/roll-forward/"

    assert (
        "roll-forward"
        in client.get(f"/admin/actionplan/annualplan/{annual_plan.pk}/change/").content.decode()
    )
    assert client.get(url).status_code == 405
    response = client.post(url)

    following = AnnualPlan.objects.get(year=this_year() + 1)
    assert response["Location"].endswith(f"/annualplan/{following.pk}/change/")


def test_it_refuses_the_roll_forward_to_a_steering_member(as_user, steering_member, annual_plan):
    response = as_user(steering_member).post(
        f"/admin/actionplan/annualplan/{annual_plan.pk}/roll-forward/"
    )

    assert response.status_code == 403
    assert not AnnualPlan.objects.filter(year=this_year() + 1).exists()


def test_it_sets_the_status_of_many_and_records_each(as_user, process_leader, make_activity):
    first, second = make_activity("A", progress=30), make_activity("B")
    client = english(as_user(process_leader))

    response = client.post(
        ACTIVITIES,
        {"action": "set_status_done", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert Activity.objects.filter(status=Status.DONE, progress=100).count() == 2
    for activity in (first, second):
        assert activity.updates.get().by == process_leader
    assert AuditEntry.objects.filter(new_status="done 100").count() == 2
    assert "2 activities set to Done" in " ".join(messages_of(response))


def test_it_offers_no_bulk_status_change_to_a_steering_member(
    as_user, steering_member, make_activity
):
    make_activity()

    html = as_user(steering_member).get(ACTIVITIES).content.decode()

    assert "set_status_done" not in html


def form_data(activity, **changes) -> dict:
    return {
        "annual_plan": activity.annual_plan_id,
        "objective": activity.objective_id,
        "area": activity.area_id,
        "title": activity.title,
        "description": "",
        "lead_party": "",
        "starts_on": "",
        "ends_on": "",
        "status": activity.status,
        "progress": activity.progress,
        "weight": 1,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "updates-MIN_NUM_FORMS": 0,
        "updates-MAX_NUM_FORMS": 1000,
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"progress": 101}, "Progress is a number from 0 to 100."),
        ({"progress": -1}, "Progress is a number from 0 to 100."),
        ({"status": "ongoing", "progress": ""}, "Give the progress as a number from 0 to 100."),
        (
            {"starts_on": "2026-05-02", "ends_on": "2026-05-01"},
            "An activity cannot end before it starts.",
        ),
    ],
)
def test_it_says_what_is_wrong_in_the_form(
    changes, message, as_user, process_leader, make_activity
):
    activity = make_activity()
    client = english(as_user(process_leader))

    response = client.post(f"{ACTIVITIES}{activity.pk}/change/", form_data(activity, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not activity.updates.exists()


def test_it_sets_a_done_activity_to_100_and_says_so(as_user, process_leader, make_activity):
    activity = make_activity(progress=20, status=Status.ONGOING)
    client = english(as_user(process_leader))

    assert (
        "Status done sets it to 100"
        in client.get(f"{ACTIVITIES}{activity.pk}/change/").content.decode()
    )
    response = client.post(
        f"{ACTIVITIES}{activity.pk}/change/", form_data(activity, status="done", progress=60)
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (Status.DONE, 100)
    assert activity.updates.get().by == process_leader


def test_it_shows_the_timeline_on_the_activity(as_user, process_leader, make_activity):
    from actionplan import services

    activity = make_activity()
    services.update_progress(
        activity, by=process_leader, status="ongoing", progress=35, text="Första mötet hölls."
    )

    html = as_user(process_leader).get(f"{ACTIVITIES}{activity.pk}/change/").content.decode()

    assert "Första mötet hölls." in html
