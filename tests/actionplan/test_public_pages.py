"""/handlingsplan/ and /handlingsplan/aktiviteter/<id>/: who may read, what they show,
filters, pagination, query counts, the party page's section and privacy."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.models import Status
from tests.actionplan.plan_fixtures import add_activity, add_update, build_plan, bulk_activities

pytestmark = pytest.mark.django_db

PLAN_URL = "/handlingsplan/"
# The agreement, the plan, its annual plans (two: the list and the default year), the
# count and a page of activities with their responsible parties, the areas and objectives,
# the year's activities for the progress, and the filter's choices (three).
PLAN_QUERIES = 13


@pytest.fixture
def english(public):
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return public


@pytest.fixture
def sample(agreement, make_party, process_leader):
    """This year: an ongoing activity (40 %), a done one and a cancelled one; last year: one."""
    built = build_plan(agreement)
    alfa = make_party("Alfa Föreningen", contact_phone="070-111 22 33")
    beta = make_party("Beta kommun", sector="public")
    objectives = built.objectives
    built.activities["earlier"] = add_activity(
        built.last_year, objectives[0], "Dialogmöten förra året", progress=20, lead=alfa
    )
    built.activities["dialog"] = add_activity(
        built.this_year,
        objectives[0],
        "Dialogmöten i länet",
        area="dialog-och-motesplatser",
        progress=40,
        responsible=[alfa, beta],
        lead=alfa,
        perspectives=["barnets-rattigheter"],
        carried_from=built.activities["earlier"],
    )
    built.activities["knowledge"] = add_activity(
        built.this_year,
        objectives[2],
        "Kunskapsöversikt",
        status=Status.DONE,
        progress=100,
        responsible=[beta],
        lead=beta,
    )
    built.activities["cancelled"] = add_activity(
        built.this_year,
        objectives[0],
        "Inställd konferens",
        status=Status.CANCELLED,
        progress=10,
        responsible=[alfa],
    )
    contact_user = alfa.contacts.get().user
    add_update(
        built.activities["dialog"],
        status=Status.ONGOING,
        progress=40,
        text="Två dialogmöten hållna.",
        by=contact_user,
        party=alfa,
    )
    add_update(
        built.activities["dialog"],
        status=Status.ONGOING,
        progress=10,
        text="Planeringen har börjat.",
        by=process_leader,
        month=2,
    )
    built.alfa, built.beta = alfa, beta
    return built


def bar(html: str, label: str) -> int:
    """The value of the progress bar named `label`."""
    match = re.search(rf'<progress max="100" value="(\d+)" aria-label="{re.escape(label)}">', html)
    assert match, f"no progress bar named {label!r}"
    return int(match.group(1))


@pytest.mark.parametrize(
    "persona", ["public", "applicant", "contact", "steering_member", "process_leader", "admin_user"]
)
def test_it_shows_the_plan_and_an_activity_to_everyone(request, client, sample, persona):
    if persona != "public":
        client.force_login(request.getfixturevalue(persona))
    assert client.get(PLAN_URL).status_code == 200
    assert client.get(sample.activities["dialog"].get_absolute_url()).status_code == 200


def test_it_says_when_there_is_no_plan_yet(english, agreement):
    response = english.get(PLAN_URL)
    assert response.status_code == 200
    assert "The action plan has not been published yet." in response.content.decode()


def test_it_computes_progress_leaving_cancelled_activities_out(english, sample):
    html = english.get(PLAN_URL).content.decode()
    assert bar(html, "Progress of the whole plan") == 70
    assert bar(html, "Progress of Dialog och delaktighet") == 40
    assert bar(html, "Progress of Fler mötesplatser") == 40
    assert bar(html, "Progress of Kunskap och lärande") == 100
    assert "rests on 2 activities" in html
    assert "rests on 1 activity<" in html
    # The number is there as text too, not only in the bar.
    assert '<span class="progress-value">70 %</span>' in html
    # An objective without activities says so instead of showing 0 %.
    assert "No progress to show yet" in html


def test_it_lists_this_years_activities_by_default(english, sample):
    html = english.get(PLAN_URL).content.decode()
    assert "Dialogmöten i länet" in html
    assert "Kunskapsöversikt" in html
    assert "Dialogmöten förra året" not in html
    assert f"Activities in the annual plan for {sample.this_year.year}" in html


@pytest.mark.parametrize(
    "query, shown",
    [
        ("ar={last}", {"earlier"}),
        ("omrade={area1}", {"knowledge"}),
        ("aktivitetsomrade=dialog-och-motesplatser", {"dialog"}),
        ("status=done", {"knowledge"}),
        ("part={alfa}", {"dialog", "cancelled"}),
        ("part={beta}&status=ongoing", {"dialog"}),
    ],
)
def test_it_filters_the_activities(english, sample, query, shown):
    url = (
        PLAN_URL
        + "?"
        + query.format(
            last=sample.last_year.year,
            area1=sample.areas[1].pk,
            alfa=sample.alfa.slug,
            beta=sample.beta.slug,
        )
    )
    response = english.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for key, activity in sample.activities.items():
        link = f'href="{activity.get_absolute_url()}"'
        assert (link in html) == (key in shown), f"{activity.title} on {url}"


@pytest.mark.parametrize(
    "query",
    [
        "ar=1999",
        "ar=tjugo",
        "omrade=999999",
        "omrade=dialog",
        "aktivitetsomrade=finns-inte",
        "status=klar",
        "part=okand-forening",
        "status=done&part=%00",
    ],
)
def test_it_answers_an_invalid_filter_with_400_and_a_message(client, sample, query):
    response = client.get(f"{PLAN_URL}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    # The message next to the field, in Swedish by default, and summed up at the top.
    assert 'class="error-summary"' in html
    assert 'class="field-error"' in html
    assert 'lang="sv"' in html


def test_it_refuses_a_party_outside_the_plan_in_swedish(client, sample, make_party):
    outsider = make_party("Utanför Föreningen")
    response = client.get(f"{PLAN_URL}?part={outsider.slug}")
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_it_pages_a_long_list(english, sample):
    bulk_activities(sample, 60, [sample.alfa, sample.beta])
    first = english.get(PLAN_URL).content.decode()
    assert "63 activities" in first
    assert "Page 1 of 2" in first
    second = english.get(PLAN_URL + "?page=2").content.decode()
    assert "Page 2 of 2" in second
    assert "Aktivitet 0059" in second or "Aktivitet 0059" in first


def test_it_needs_the_same_number_of_queries_for_10_and_300_activities(
    client, agreement, make_party, django_assert_max_num_queries
):
    built = build_plan(agreement)
    parties = [make_party(f"Part {i}") for i in range(3)]
    bulk_activities(built, 10, parties)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PLAN_URL).status_code == 200
    bulk_activities(built, 290, parties)
    with CaptureQueriesContext(connection) as many:
        assert client.get(PLAN_URL).status_code == 200
    assert len(few) == len(many) == PLAN_QUERIES
    # A filter by party costs one query more, to check the party's slug.
    with django_assert_max_num_queries(PLAN_QUERIES + 1):
        client.get(f"{PLAN_URL}?status=ongoing&part={parties[0].slug}&page=2")


def test_it_shows_an_activity_with_its_facts_and_timeline(english, sample):
    dialog = sample.activities["dialog"]
    response = english.get(dialog.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Dialogmöten i länet</h1>" in html
    assert bar(html, "Progress of Dialogmöten i länet") == 40
    assert "Barnets rättigheter" in html
    assert "Dialog och mötesplatser" in html
    assert "Fler mötesplatser" in html
    assert "Beta kommun" in html
    earlier = sample.activities["earlier"]
    assert f'href="{earlier.get_absolute_url()}"' in html
    assert f"Dialogmöten förra året (annual plan {earlier.annual_plan.year})" in html
    assert "Två dialogmöten hållna." in html
    assert "On behalf of <bdi>Alfa Föreningen</bdi>" in html
    assert "Recorded by the process leader" in html
    # Newest first.
    assert html.index("Två dialogmöten hållna.") < html.index("Planeringen har börjat.")


def test_it_answers_404_for_an_unknown_activity(client, sample):
    assert client.get("/handlingsplan/aktiviteter/999999/").status_code == 404


def test_it_lists_the_partys_activities_on_its_register_page(english, sample, make_party):
    html = english.get(sample.alfa.get_absolute_url()).content.decode()
    assert "Activities in the action plan" in html
    assert f'href="{sample.activities["dialog"].get_absolute_url()}"' in html
    assert "Inställd konferens" in html
    # Last year's plan is not the current one.
    assert "Dialogmöten förra året" not in html
    idle = make_party("Vilande Föreningen")
    assert (
        "Activities in the action plan" not in english.get(idle.get_absolute_url()).content.decode()
    )


def test_it_shows_no_personal_data(client, sample, process_leader):
    from parties.models import ContactPerson

    contacts = list(ContactPerson.objects.all())
    assert contacts
    secrets = {process_leader.email}
    for person in contacts:
        secrets |= {person.email, person.phone, person.name, person.user.email}
    urls = [
        PLAN_URL,
        f"{PLAN_URL}?part={sample.alfa.slug}",
        sample.activities["dialog"].get_absolute_url(),
        sample.alfa.get_absolute_url(),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in html, f"{secret} on {url}"


def test_it_adds_a_constant_number_of_queries_to_the_party_page(client, sample):
    url = sample.alfa.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    bulk_activities(sample, 40, [sample.alfa, sample.beta])
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Aktivitet 0039" in html
    assert len(few) == len(many)
