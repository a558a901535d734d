"""The contact person's activities: /min-organisation/aktiviteter/ and the progress form,
and the section on /min-organisation/. Only the party's own activities; another party's
is a 404."""

import pytest
from django.urls import reverse

from actionplan.models import ActivityUpdate, Status
from audit.models import AuditEntry
from tests.actionplan import mine_builders
from tests.actionplan.mine_builders import this_year

# The builders' fixtures, for this module.
action_plan = mine_builders.action_plan
annual_plan = mine_builders.annual_plan
objective = mine_builders.objective
make_activity = mine_builders.make_activity

LIST_URL = "/min-organisation/aktiviteter/"


def update_url(activity) -> str:
    return f"/min-organisation/aktiviteter/{activity.pk}/"


@pytest.fixture
def english(client):
    # Our own messages are English msgids; ask for English so the assertions do not
    # depend on how far the Swedish catalogue has come.
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def party_b(make_party):
    return make_party("Bortre Föreningen")


@pytest.fixture
def ours(contact, make_activity):
    return make_activity(
        "Dialogmöte i Ängen", lead=contact.party, status=Status.ONGOING, progress=20
    )


@pytest.fixture
def theirs(party_b, make_activity):
    return make_activity("Bortre kursen", lead=party_b, status=Status.ONGOING, progress=40)


def test_urls_are_the_contract():
    assert reverse("actionplan:mine") == LIST_URL
    assert reverse("actionplan:update", args=[7]) == "/min-organisation/aktiviteter/7/"


# ---- who may and who may not ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["list", "form"])
def test_it_sends_an_anonymous_visitor_to_sign_in(public, ours, url):
    response = public.get(LIST_URL if url == "list" else update_url(ours))

    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


@pytest.mark.parametrize("persona", ["applicant", "steering_member", "process_leader"])
@pytest.mark.parametrize("url", ["list", "form"])
def test_it_sends_someone_who_is_no_partys_contact_to_my_organisation(
    request, as_user, ours, persona, url
):
    client = as_user(request.getfixturevalue(persona))

    response = client.get(LIST_URL if url == "list" else update_url(ours))
    assert response.status_code == 302
    assert response.url == "/min-organisation/"
    # …where the parties app explains what the account can do, without our section.
    page = client.get("/min-organisation/")
    assert page.status_code == 200
    assert "Dialogmöte i Ängen" not in page.content.decode()


@pytest.mark.parametrize("persona", ["applicant", "steering_member", "process_leader"])
def test_it_saves_nothing_posted_by_someone_who_is_no_partys_contact(
    request, as_user, ours, persona
):
    client = as_user(request.getfixturevalue(persona))

    client.post(update_url(ours), {"status": "done", "progress": "100", "date": "2020-01-01"})

    ours.refresh_from_db()
    assert (ours.status, ours.progress) == (Status.ONGOING, 20)
    assert not ActivityUpdate.objects.exists()


def test_it_lists_the_activities_the_party_leads_or_is_responsible_for(
    as_user, contact, english, ours, theirs, party_b, make_activity
):
    shared = make_activity(
        "Gemensam utbildning", lead=party_b, responsible=[party_b, contact.party]
    )

    response = as_user(contact).get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dialogmöte i Ängen" in html and "Gemensam utbildning" in html
    assert "Bortre kursen" not in html
    assert update_url(ours) in html and update_url(shared) in html
    assert update_url(theirs) not in html


def test_it_lists_only_the_current_annual_plans_activities(
    as_user, contact, ours, action_plan, make_activity
):
    from actionplan.models import AnnualPlan

    last_year = AnnualPlan.objects.create(plan=action_plan, year=this_year() - 1)
    make_activity("Förra årets möte", lead=contact.party, plan=last_year)

    html = as_user(contact).get(LIST_URL).content.decode()

    assert "Dialogmöte i Ängen" in html
    assert "Förra årets möte" not in html


def test_it_lists_in_a_fixed_number_of_queries(
    as_user, contact, make_activity, django_assert_max_num_queries
):
    for n in range(12):
        make_activity(f"Aktivitet {n}", lead=contact.party)
    client = as_user(contact)

    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert response.content.decode().count("Aktivitet ") >= 12


def test_it_lets_the_contact_of_the_lead_party_update_its_activity(as_user, contact, english, ours):
    client = as_user(contact)
    form = client.get(update_url(ours))
    assert form.status_code == 200
    assert "Dialogmöte i Ängen" in form.content.decode()

    response = client.post(
        update_url(ours),
        {"status": "ongoing", "progress": "60", "date": "2026-01-15", "text": "Två möten hållna."},
        follow=True,
    )

    assert response.redirect_chain[-1] == (LIST_URL, 302)
    assert "has been saved" in response.content.decode()
    ours.refresh_from_db()
    assert (ours.status, ours.progress) == (Status.ONGOING, 60)
    update = ours.updates.get()
    assert (update.text, update.by, update.by_party) == (
        "Två möten hållna.",
        contact,
        contact.party,
    )
    assert str(update.date) == "2026-01-15"
    assert AuditEntry.objects.filter(new_status="ongoing 60").exists()


def test_it_lets_the_contact_of_a_responsible_party_update_it(
    as_user, contact, party_b, make_activity
):
    shared = make_activity(
        "Gemensam utbildning", lead=party_b, responsible=[party_b, contact.party]
    )

    response = as_user(contact).post(
        update_url(shared), {"status": "ongoing", "progress": "10", "date": "2026-02-01"}
    )

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.progress == 10


def test_it_sets_100_when_the_activity_is_done(as_user, contact, ours):
    as_user(contact).post(
        update_url(ours), {"status": "done", "progress": "70", "date": "2026-02-01"}
    )

    ours.refresh_from_db()
    assert (ours.status, ours.progress) == (Status.DONE, 100)


def test_it_answers_404_for_another_partys_activity(as_user, contact, theirs):
    client = as_user(contact)

    assert client.get(update_url(theirs)).status_code == 404
    response = client.post(update_url(theirs), {"status": "done", "date": "2026-02-01"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.ONGOING
    assert not ActivityUpdate.objects.exists()


def test_it_answers_404_for_an_activity_that_does_not_exist(as_user, contact):
    assert as_user(contact).get("/min-organisation/aktiviteter/999999/").status_code == 404


def test_it_sends_the_contact_of_a_withdrawn_party_to_my_organisation(
    as_user, make_party, make_activity
):
    from tests.conftest import _make_user

    user = _make_user("gick@forening.test")
    gone = make_party("Föreningen Gick", status="withdrawn", user=user)
    activity = make_activity("Gammalt uppdrag", lead=gone)

    response = as_user(user).get(update_url(activity))
    assert (response.status_code, response.url) == (302, "/min-organisation/")


# ---- bad input: 400, messages next to the fields, nothing saved -----------------------------


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"status": "ongoing", "progress": "101", "date": "2026-02-01"},
            "progress",
            "Progress is a number from 0 to 100.",
        ),
        (
            {"status": "ongoing", "progress": "-1", "date": "2026-02-01"},
            "progress",
            "Progress is a number from 0 to 100.",
        ),
        (
            {"status": "ongoing", "progress": "mycket", "date": "2026-02-01"},
            "progress",
            "Give the progress as a whole number from 0 to 100.",
        ),
        (
            {"status": "ongoing", "progress": "", "date": "2026-02-01"},
            "progress",
            "Give the progress as a number from 0 to 100.",
        ),
        (
            {"status": "finished", "progress": "50", "date": "2026-02-01"},
            "status",
            "Choose one of the statuses in the list.",
        ),
        ({}, "status", "Choose the activity&#x27;s status."),
        (
            {"status": "ongoing", "progress": "50", "date": "15/2"},
            "date",
            "Write the date as year-month-day",
        ),
        (
            {"status": "ongoing", "progress": "50", "date": "2999-01-01"},
            "date",
            "The date cannot be in the future.",
        ),
    ],
)
def test_it_refuses_bad_input_with_a_message_next_to_the_field(
    as_user, contact, english, ours, data, field, message
):
    response = as_user(contact).post(update_url(ours), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert 'class="error-summary"' in html and f'href="#id_{field}' in html
    ours.refresh_from_db()
    assert (ours.status, ours.progress) == (Status.ONGOING, 20)
    assert not ActivityUpdate.objects.exists()


def test_it_refuses_a_long_text(as_user, contact, english, ours):
    response = as_user(contact).post(
        update_url(ours),
        {"status": "ongoing", "progress": "50", "date": "2026-02-01", "text": "x" * 4001},
    )

    assert response.status_code == 400
    assert "at most 4000 characters" in response.content.decode()


# ---- the section on /min-organisation/ ------------------------------------------------------


def test_it_shows_our_activities_on_my_organisation(as_user, contact, english, ours, theirs):
    html = as_user(contact).get("/min-organisation/").content.decode()

    assert "Our activities in the action plan" in html
    assert "Dialogmöte i Ängen" in html and update_url(ours) in html
    assert "Bortre kursen" not in html
    assert LIST_URL in html


def test_it_says_so_when_the_party_has_no_activities(as_user, contact, english, annual_plan):
    html = as_user(contact).get("/min-organisation/").content.decode()

    assert "Our activities in the action plan" in html
    assert "leads no activity" in html


def test_it_shows_no_section_without_an_action_plan(as_user, contact, english):
    html = as_user(contact).get("/min-organisation/").content.decode()

    assert "Our activities in the action plan" not in html
