"""The admin per agreement: a process leader of B sees nothing of A — not in lists, filters,
exports, forms, nor by guessing ids — a person in both switches, a superuser sees all."""

import datetime

import pytest
from django.utils import timezone

from agreements import staff

SWITCH = "/admin/agreements/agreement/switch/"


def listed(client, model: str, query: str = "") -> set:
    response = client.get(f"/admin/{model}/{query}")
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("key", "model"),
    [
        ("seat", "steering/seat"),
        ("meeting", "steering/meeting"),
        ("followupround", "followup/followupround"),
    ],
)
def test_a_process_leader_of_b_lists_only_bs_records(as_user, leader_b, records, key, model):
    client = as_user(leader_b)

    assert listed(client, model) == {records["b"][key].pk}
    # Not by naming A in the list's filter either.
    agreement_a = records["a"][key].agreement_id
    assert records["a"][key].pk not in listed(client, model, f"?agreement__id__exact={agreement_a}")


@pytest.mark.parametrize(
    ("key", "model", "page"),
    [
        ("seat", "steering/seat", "change"),
        ("seat", "steering/seat", "history"),
        ("seat", "steering/seat", "end"),
        ("meeting", "steering/meeting", "change"),
        ("meeting", "steering/meeting", "publish"),
        ("followupround", "followup/followupround", "change"),
        ("followupround", "followup/followupround", "oppna"),
        ("followupround", "followup/followupround", "svarsfrekvens"),
        ("followupround", "followup/followupround", "svarsfrekvens/svar.csv"),
    ],
)
def test_a_record_of_another_agreement_is_not_found_by_its_id(
    as_user, leader_b, records, key, model, page
):
    client = as_user(leader_b)
    theirs, mine = records["a"][key], records["b"][key]

    end = "" if "." in page else "/"
    assert client.get(f"/admin/{model}/{theirs.pk}/{page}{end}").status_code == 404
    assert client.get(f"/admin/{model}/{mine.pk}/{page}{end}").status_code in (200, 302, 405)


def test_the_agreement_list_and_the_version_of_another_agreement(
    as_user, leader_b, agreement, agreement_b
):
    client = as_user(leader_b)

    assert listed(client, "agreements/agreement") == {agreement_b.pk}
    assert client.get(f"/admin/agreements/agreement/{agreement.pk}/change/").status_code == 404
    version = agreement.in_force
    assert client.get(f"/admin/agreements/version/{version.pk}/change/").status_code == 404
    adopt = f"/admin/steering/decision/adopt-version/{version.pk}/"
    assert client.get(adopt).status_code in (403, 404)


def test_a_new_records_agreement_offers_only_the_persons_agreements(
    as_user, leader_b, agreement, agreement_b
):
    response = as_user(leader_b).get("/admin/steering/seat/add/")

    field = response.context["adminform"].form.fields["agreement"]
    assert set(field.queryset) == {agreement_b}
    assert response.context["adminform"].form.initial["agreement"] == agreement_b.pk


def test_a_seat_cannot_be_saved_into_another_agreement(as_user, leader_b, agreement):
    response = as_user(leader_b).post(
        "/admin/steering/seat/add/",
        {
            "agreement": agreement.pk,
            "role": "co_opted",
            "affiliation": "Adjungerad",
            "person_name": "Smugglad",
            "mandate_start": "2026-01-01",
        },
    )

    assert response.status_code == 200  # the form again, with an error
    assert "agreement" in response.context["adminform"].form.errors


def test_the_activity_export_has_only_the_active_agreements_rows(
    as_user, leader_b, agreement, agreement_b
):
    from actionplan.models import ActionPlan, Activity, ActivityArea, AnnualPlan, DevelopmentArea

    year = timezone.localdate().year
    for one, title in ((agreement, "Aktivitet i A"), (agreement_b, "Aktivitet i B")):
        plan = ActionPlan.objects.create(
            agreement=one, title="Plan", first_year=year - 1, last_year=year + 1
        )
        objective = DevelopmentArea.objects.create(plan=plan, title="Område").objectives.create(
            title="Mål"
        )
        Activity.objects.create(
            title=title,
            annual_plan=AnnualPlan.objects.create(plan=plan, year=year),
            objective=objective,
            area=ActivityArea.objects.order_by("order").first(),
        )
    client = as_user(leader_b)

    assert {
        a.title for a in client.get("/admin/actionplan/activity/").context["cl"].result_list
    } == {"Aktivitet i B"}
    page = client.get("/admin/actionplan/activity/export/")
    form = page.context["form"]
    data = {name: "on" for name in form.fields if name.startswith("activityresource_")}
    response = client.post(
        "/admin/actionplan/activity/export/", {**data, "resource": "0", "format": "0"}
    )
    text = response.content.decode("utf-8-sig")
    assert "Aktivitet i B" in text and "Aktivitet i A" not in text


def test_someone_in_two_agreements_switches_between_them(as_user, leader_both, records):
    client = as_user(leader_both)
    a, b = records["a"]["seat"], records["b"]["seat"]

    # Their first agreement until they choose; the header offers the other.
    assert listed(client, "steering/seat") == {a.pk}
    page = client.get("/admin/steering/seat/").content.decode()
    assert 'action="/admin/agreements/agreement/switch/"' in page

    response = client.post(SWITCH, {"agreement": b.agreement_id, "next": "/admin/steering/seat/"})
    assert response.status_code == 302 and response["Location"] == "/admin/steering/seat/"
    assert client.session[staff.SESSION_KEY] == b.agreement_id
    assert listed(client, "steering/seat") == {b.pk}
    assert client.get(f"/admin/steering/seat/{a.pk}/change/").status_code == 404

    client.post(SWITCH, {"agreement": a.agreement_id})
    assert listed(client, "steering/seat") == {a.pk}


def test_nobody_switches_into_an_agreement_not_theirs(as_user, leader_b, agreement):
    client = as_user(leader_b)

    assert client.post(SWITCH, {"agreement": agreement.pk}).status_code == 404
    assert client.post(SWITCH, {"agreement": "all"}).status_code == 404
    assert client.get(SWITCH).status_code == 405
    # With one agreement there is nothing to switch between.
    assert 'action="/admin/agreements/agreement/switch/"' not in (
        client.get("/admin/").content.decode()
    )


def test_the_switch_goes_back_only_to_this_site(as_user, leader_both, agreement_b):
    response = as_user(leader_both).post(
        SWITCH, {"agreement": agreement_b.pk, "next": "https://evil.test/"}
    )

    assert response["Location"] == "/admin/"


def test_a_superuser_sees_every_agreement_until_choosing_one(as_user, admin_user, records):
    client = as_user(admin_user)
    seats = {records[key]["seat"].pk for key in ("a", "b")}

    assert listed(client, "steering/seat") == seats
    response = client.get("/admin/steering/seat/")
    agreement_filter = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", "") == "agreement"
    ]
    assert len(agreement_filter[0].lookup_choices) == 2

    client.post(SWITCH, {"agreement": records["b"]["seat"].agreement_id})
    assert listed(client, "steering/seat") == {records["b"]["seat"].pk}
    client.post(SWITCH, {"agreement": "all"})
    assert listed(client, "steering/seat") == seats


def test_a_process_leader_of_b_is_not_one_of_a(leader_b, agreement, agreement_b):
    from steering.admin.access import is_process_leader, works_in_steering_group

    assert is_process_leader(leader_b, agreement_b)
    assert not is_process_leader(leader_b, agreement)
    assert not works_in_steering_group(leader_b, agreement)


def test_saving_a_seat_with_an_account_makes_its_holder_a_member_of_that_agreement(
    as_user, leader_b, agreement_b
):
    from agreements.models import AgreementRole
    from common.roles import STEERING_GROUP
    from tests.conftest import _make_user

    member = _make_user("ny.ledamot@bjorkvik.test", group=STEERING_GROUP, staff=True)
    response = as_user(leader_b).post(
        "/admin/steering/seat/add/",
        {
            "agreement": agreement_b.pk,
            "role": "co_opted",
            "affiliation": "Adjungerad",
            "person_name": "Ny Ledamot",
            "user": member.pk,
            "mandate_start": "2026-01-01",
            "mandate_end": (datetime.date(2026, 1, 1) + datetime.timedelta(days=700)).isoformat(),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AgreementRole.objects.filter(
        agreement=agreement_b, user=member, kind="steering_member"
    ).exists()


def test_only_a_process_leader_of_the_agreement_hands_out_its_roles(as_user, leader_b, agreement_b):
    response = as_user(leader_b).get(f"/admin/agreements/agreement/{agreement_b.pk}/change/")

    assert response.status_code == 200
    formsets = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert "roles" in formsets
    html = response.content.decode()
    for name in ("steering_email", "controller_name", "dpo_email", "language", "email_name"):
        assert f'name="{name}"' in html


def test_the_outbox_lists_only_emails_about_the_agreements_records(as_user, leader_b, records):
    from django.contrib.contenttypes.models import ContentType

    from audit.models import SentNotification

    seat_type = ContentType.objects.get_for_model(records["a"]["seat"])
    sent = {
        key: SentNotification.objects.create(
            kind="mandate_ending",
            content_type=seat_type,
            object_id=records[key]["seat"].pk,
            recipient=f"{key}@region.test",
            subject=f"Om {key}",
        )
        for key in ("a", "b")
    }
    client = as_user(leader_b)

    assert listed(client, "audit/sentnotification") == {sent["b"].pk}
    response = client.get(f"/admin/audit/sentnotification/{sent['a'].pk}/change/")
    assert response.status_code == 404


def test_an_action_on_a_guessed_id_of_another_agreement_touches_nothing(as_user, leader_b, records):
    theirs = records["a"]["followupround"]

    as_user(leader_b).post(
        "/admin/followup/followupround/",
        {"action": "open_selected_now", "_selected_action": [theirs.pk]},
    )

    theirs.refresh_from_db()
    assert theirs.opened_at is None
