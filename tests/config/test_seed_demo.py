import pytest
from django.apps import apps
from django.core.management import call_command


def _snapshot() -> dict:
    rows = {}
    for model in apps.get_models():
        if (
            model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}
            and model.__name__ != "User"
        ):
            continue
        rows[model._meta.label] = sorted(
            tuple(
                sorted((k, str(v)) for k, v in row.items() if k not in {"updated_at", "last_login"})
            )
            for row in model.objects.values()
        )
    return rows


@pytest.mark.django_db
def test_it_loads_the_demo_twice_without_changing_anything(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = _snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert _snapshot() == first
    # Two agreements: the region's and Björkvik's.
    assert sorted(dict(row)["slug"] for row in first["agreements.Agreement"]) == [
        "bjorkvik",
        "norradalen",
    ]
    # The region's version 1 (expired) has six principles, its version 2 (in force) seven;
    # Björkvik's one version three.
    assert len(first["agreements.Version"]) == 2 + 1
    assert len(first["agreements.Principle"]) == 6 + 7 + 3
    emails = {dict(row)["email"] for row in first["auth.User"]}
    assert {
        "processledare@exempel.se",
        "styrgrupp@exempel.se",
        "processledare@bjorkvik.exempel.se",
        "styrgrupp@bjorkvik.exempel.se",
        "kontakt@exempel.se",
    } <= emails
    # Each staff login holds its roles in one agreement.
    roles = {
        (dict(row)["user_id"], dict(row)["agreement_id"])
        for row in first["agreements.AgreementRole"]
    }
    assert len(roles) == 4 and len({user for user, _agreement in roles}) == 4
    statuses = [dict(row)["status"] for row in first["parties.Membership"]]
    assert statuses.count("active") >= 35
    assert statuses.count("pending") >= 2 + 1 and statuses.count("withdrawn") == 1
    # The steering group's tables are in the snapshot too: seats, meetings, decisions.
    assert len(first["steering.Seat"]) >= 12
    assert len(first["steering.Meeting"]) >= 7
    assert len(first["steering.Decision"]) >= 40
    # One question about a waiting application, one of the steering group's own.
    assert len(first["steering.PerCapsulamQuestion"]) == 2
    assert len(first["steering.Motion"]) == len(first["steering.MotionAttachment"]) == 1
    assert first["steering.Attendance"] and first["steering.PerCapsulamAnswer"]
    # And the action plans: the region's two annual plans, Björkvik's one, activities with
    # timelines.
    assert len(first["actionplan.AnnualPlan"]) == 2 + 1
    assert first["actionplan.Activity"] and first["actionplan.ActivityUpdate"]
