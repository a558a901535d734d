"""/handlingsplan.csv, /handlingsplan.json and the Atom feed /handlingsplan/flode/."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.models import Status
from tests.actionplan.plan_fixtures import add_activity, add_update, build_plan, bulk_activities

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FIELDS = [
    "id",
    "year",
    "title",
    "development_area",
    "objective",
    "activity_area",
    "status",
    "status_label",
    "progress",
    "starts",
    "ends",
    "responsible_parties",
    "lead_party",
    "url",
]


@pytest.fixture
def english(public):
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return public


@pytest.fixture
def sample(agreement, make_party, process_leader):
    built = build_plan(agreement)
    alfa = make_party("Alfa Föreningen")
    beta = make_party("=Beta kommun", sector="public")
    built.activities["earlier"] = add_activity(
        built.last_year, built.objectives[0], "Förra årets aktivitet", progress=20
    )
    built.activities["dialog"] = add_activity(
        built.this_year,
        built.objectives[0],
        "Dialogmöten i länet",
        area="dialog-och-motesplatser",
        progress=40,
        responsible=[alfa, beta],
        lead=alfa,
    )
    built.activities["formula"] = add_activity(
        built.this_year,
        built.objectives[2],
        '=HYPERLINK("https://ond.example","klicka")',
        status=Status.DONE,
        progress=100,
        responsible=[beta],
    )
    add_update(
        built.activities["dialog"],
        status=Status.ONGOING,
        progress=40,
        text="Två dialogmöten hållna.",
        by=alfa.contacts.get().user,
        party=alfa,
    )
    add_update(
        built.activities["formula"],
        status=Status.DONE,
        progress=100,
        text="Klart.",
        by=process_leader,
        month=4,
    )
    built.alfa, built.beta = alfa, beta
    return built


def read_csv(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert reader.fieldnames == FIELDS
    return list(reader)


def test_it_gives_this_years_activities_as_csv(english, sample):
    rows = {row["id"]: row for row in read_csv(english, "/handlingsplan.csv")}
    dialog = sample.activities["dialog"]
    assert set(rows) == {str(dialog.pk), str(sample.activities["formula"].pk)}
    row = rows[str(dialog.pk)]
    assert row["year"] == str(sample.this_year.year)
    assert row["title"] == "Dialogmöten i länet"
    assert row["development_area"] == "Dialog och delaktighet"
    assert row["objective"] == "Fler mötesplatser"
    assert row["activity_area"] == "Dialog och mötesplatser"
    assert (row["status"], row["status_label"], row["progress"]) == ("ongoing", "Ongoing", "40")
    assert row["starts"] == f"{sample.this_year.year}-02-01"
    assert row["ends"] == f"{sample.this_year.year}-11-30"
    assert row["responsible_parties"] == "'=Beta kommun;Alfa Föreningen"
    assert row["lead_party"] == "Alfa Föreningen"
    assert row["url"] == f"http://testserver/handlingsplan/aktiviteter/{dialog.pk}/"


def test_it_neutralises_formula_cells_in_the_csv(client, sample):
    rows = read_csv(client, "/handlingsplan.csv?status=done")
    assert [row["title"] for row in rows] == ['\'=HYPERLINK("https://ond.example","klicka")']
    assert rows[0]["responsible_parties"] == "'=Beta kommun"
    # JSON is for programs: the text stays as it was typed.
    results = client.get("/handlingsplan.json?status=done").json()["results"]
    assert results[0]["title"].startswith("=HYPERLINK")


def test_it_gives_the_same_list_as_json_with_its_fields(english, sample):
    response = english.get(f"/handlingsplan.json?ar={sample.last_year.year}")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    payload = json.loads(response.content)
    assert list(payload["fields"]) == FIELDS
    assert payload["count"] == 1
    assert payload["results"][0]["title"] == "Förra årets aktivitet"
    assert payload["results"][0]["responsible_parties"] == []
    assert list(payload["results"][0]) == FIELDS


@pytest.mark.parametrize(
    "query, titles",
    [
        ("status=ongoing", {"Dialogmöten i länet"}),
        ("part={alfa}", {"Dialogmöten i länet"}),
        ("aktivitetsomrade=kunskap", {'=HYPERLINK("https://ond.example","klicka")'}),
        ("omrade={area0}", {"Dialogmöten i länet"}),
    ],
)
def test_it_filters_the_open_data_as_the_page(client, sample, query, titles):
    url = "/handlingsplan.json?" + query.format(alfa=sample.alfa.slug, area0=sample.areas[0].pk)
    assert {row["title"] for row in client.get(url).json()["results"]} == titles


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("query", ["ar=1999", "status=klar", "part=ingen", "omrade=x"])
def test_it_answers_an_invalid_filter_with_400(client, sample, fmt, query):
    response = client.get(f"/handlingsplan.{fmt}?{query}")
    assert response.status_code == 400
    if fmt == "json":
        assert response.json()["errors"]
    else:
        assert query.split("=")[0] in response.content.decode()


def test_it_downloads_in_the_same_number_of_queries_for_10_and_300_activities(
    client, agreement, make_party
):
    built = build_plan(agreement)
    parties = [make_party(f"Part {i}") for i in range(3)]
    bulk_activities(built, 10, parties)
    counts = []
    for more in (0, 290):
        bulk_activities(built, more, parties) if more else None
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/handlingsplan.json").json()["results"]) == 10 + more
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_answers_404_without_a_plan(client, agreement):
    assert client.get("/handlingsplan.csv").status_code == 404
    assert client.get("/handlingsplan.json").status_code == 404


def test_it_publishes_the_progress_updates_as_an_atom_feed(english, sample):
    response = english.get("/handlingsplan/flode/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        '=HYPERLINK("https://ond.example","klicka"): Done, 100 %',
        "Dialogmöten i länet: Ongoing, 40 %",
    ]
    dialog = sample.activities["dialog"]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link.startswith(f"{settings.SITE_URL}{dialog.get_absolute_url()}")
    summaries = [entry.find(f"{ATOM}summary").text for entry in entries]
    assert "Recorded by the process leader." in summaries[0]
    assert "On behalf of Alfa Föreningen." in summaries[1]


def test_it_keeps_the_feed_to_50_entries(client, sample):
    for _i in range(55):
        add_update(sample.activities["dialog"], status=Status.ONGOING, progress=50, text="")
    root = ET.fromstring(client.get("/handlingsplan/flode/").content)
    assert len(root.findall(f"{ATOM}entry")) == 50


def test_it_publishes_no_personal_data(client, sample, process_leader):
    from parties.models import ContactPerson

    secrets = {process_leader.email}
    for person in ContactPerson.objects.all():
        secrets |= {person.email, person.phone, person.name, person.user.email}
    for url in ["/handlingsplan.csv", "/handlingsplan.json", "/handlingsplan/flode/"]:
        response = client.get(url)
        body = response.content.decode()
        assert "@" not in body, url
        for secret in secrets:
            assert secret not in body, f"{secret} in {url}"
