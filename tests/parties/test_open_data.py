import csv
import datetime
import gzip
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from parties.models import LegalForm, Membership
from tests.parties.test_register import bulk_parties

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FIELDS = [
    "name",
    "org_number",
    "sector",
    "sector_label",
    "legal_form",
    "legal_form_label",
    "municipality",
    "areas",
    "website",
    "description",
    "joined_on",
    "url",
]
# Open data in a fixed number of queries: the parties and their areas; a filter by
# municipality, area or year adds one query each to validate it.
DOWNLOAD_QUERIES = 2


@pytest.fixture
def english(public):
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return public


@pytest.fixture
def sample(make_party, municipalities):
    return {
        "kultur": make_party(
            "Beta Kulturförening",
            municipality=municipalities[1],
            areas=("kultur", "barn-och-unga"),
            legal_form=LegalForm.FOUNDATION,
            joined_on=datetime.date(2026, 2, 1),
        ),
        "kommun": make_party(
            "Gamma kommun",
            sector="public",
            municipality=municipalities[1],
            areas=(),
            joined_on=datetime.date(2026, 3, 1),
        ),
        "idrott": make_party(
            "Alfa Idrottsförening", areas=("idrott",), joined_on=datetime.date(2025, 5, 1)
        ),
        "pending": make_party("Delta Väntande", status="pending"),
        "withdrawn": make_party("Epsilon Utträdd", status="withdrawn"),
        "rejected": make_party("Zeta Avslagen", status="rejected"),
    }


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert not body.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(body, newline=""))
    assert reader.fieldnames == FIELDS
    return list(reader)


# ---- CSV -----------------------------------------------------------------------------------


def test_it_downloads_all_active_parties_as_csv(english, sample):
    response = english.get("/undertecknare.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename=undertecknare.csv"
    rows = read_csv(response)
    assert [row["name"] for row in rows] == [
        "Alfa Idrottsförening",
        "Beta Kulturförening",
        "Gamma kommun",
    ]
    beta = rows[1]
    assert beta == {
        "name": "Beta Kulturförening",
        "org_number": sample["kultur"].org_number,
        "sector": "civil_society",
        "sector_label": "Civil society",
        "legal_form": "stiftelse",
        "legal_form_label": "Foundation (stiftelse)",
        "municipality": "Björkvik",
        "areas": "Barn och unga;Kultur",
        "website": "https://exempel.se",
        "description": "Om Beta Kulturförening",
        "joined_on": "2026-02-01",
        "url": f"http://testserver/undertecknare/{sample['kultur'].slug}/",
    }
    assert rows[2]["areas"] == ""


def test_it_filters_the_csv_like_the_page(public, sample):
    rows = read_csv(public.get("/undertecknare.csv?kommun=bjorkvik&sektor=public"))
    assert [row["name"] for row in rows] == ["Gamma kommun"]
    rows = read_csv(public.get("/undertecknare.csv?omrade=kultur&ar=2026&page=7"))
    assert [row["name"] for row in rows] == ["Beta Kulturförening"]


def test_it_keeps_a_spreadsheet_from_running_a_name_as_a_formula(public, make_party):
    make_party('=HYPERLINK("http://evil.example")')
    rows = read_csv(public.get("/undertecknare.csv"))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example")'
    # JSON is for programs: the name as entered.
    data = json.loads(public.get("/undertecknare.json").content)
    assert data["results"][0]["name"] == '=HYPERLINK("http://evil.example")'


def test_it_answers_a_bad_filter_on_the_csv_with_400(public, sample):
    response = public.get("/undertecknare.csv?kommun=finns-inte")
    assert response.status_code == 400
    assert "kommun" in response.content.decode()


# ---- JSON ----------------------------------------------------------------------------------


def test_it_downloads_the_parties_as_json_with_field_descriptions(english, sample):
    response = english.get("/undertecknare.json?sektor=civil_society")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    # Swedish letters as they are, not \u escapes.
    assert "Kulturförening".encode() in response.content
    data = json.loads(response.content)
    assert data["count"] == 2
    assert list(data["fields"]) == FIELDS
    assert all(isinstance(text, str) and text for text in data["fields"].values())
    assert [row["name"] for row in data["results"]] == [
        "Alfa Idrottsförening",
        "Beta Kulturförening",
    ]
    beta = data["results"][1]
    assert list(beta) == FIELDS
    assert beta["areas"] == ["Barn och unga", "Kultur"]
    assert beta["joined_on"] == "2026-02-01"
    assert beta["sector_label"] == "Civil society"
    assert beta["url"] == f"http://testserver/undertecknare/{sample['kultur'].slug}/"


def test_it_answers_an_empty_json_list_when_nothing_matches(public, sample):
    data = json.loads(public.get("/undertecknare.json?q=finns-inte").content)
    assert data == {"count": 0, "fields": data["fields"], "results": []}


def test_it_answers_a_bad_filter_on_the_json_with_400_and_the_errors(public, sample):
    response = public.get("/undertecknare.json?ar=abc&sektor=okand")
    assert response.status_code == 400
    assert set(json.loads(response.content)["errors"]) == {"ar", "sektor"}


def test_it_leaves_out_parties_that_are_not_active(public, sample):
    names = {
        row["name"] for row in json.loads(public.get("/undertecknare.json").content)["results"]
    }
    names |= {row["name"] for row in read_csv(public.get("/undertecknare.csv"))}
    assert names == {"Alfa Idrottsförening", "Beta Kulturförening", "Gamma kommun"}


@pytest.mark.parametrize("count", [10, 500])
def test_it_downloads_in_a_constant_number_of_queries(
    public, municipalities, agreement, django_assert_num_queries, count
):
    bulk_parties(count, municipalities)
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        rows = read_csv(public.get("/undertecknare.csv"))
    assert len(rows) == count
    assert rows[0]["areas"].count(";") == 1
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        data = json.loads(public.get("/undertecknare.json").content)
    assert data["count"] == count
    with django_assert_num_queries(DOWNLOAD_QUERIES + 3):
        public.get("/undertecknare.json?kommun=norrastad&omrade=kultur&ar=2025")


# ---- Atom feed -----------------------------------------------------------------------------


def entries(response) -> list[ET.Element]:
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_it_publishes_the_newest_parties_as_an_atom_feed(public, sample, settings):
    settings.SITE_URL = "https://samverkan.example"
    response = public.get("/undertecknare/flode/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    items = entries(response)
    assert [item.findtext(f"{ATOM}title") for item in items] == [
        "Gamma kommun",
        "Beta Kulturförening",
        "Alfa Idrottsförening",
    ]
    beta = items[1]
    link = f"https://samverkan.example/undertecknare/{sample['kultur'].slug}/"
    assert beta.find(f"{ATOM}link").get("href") == link
    assert beta.findtext(f"{ATOM}id") == link
    assert beta.findtext(f"{ATOM}summary") == "<p>Om Beta Kulturförening</p>"
    assert beta.findtext(f"{ATOM}published").startswith("2026-02-01T00:00:00")


def test_it_filters_the_feed_and_links_back_to_the_filtered_register(public, sample, settings):
    settings.SITE_URL = "https://samverkan.example"
    response = public.get("/undertecknare/flode/?sektor=public")
    assert [item.findtext(f"{ATOM}title") for item in entries(response)] == ["Gamma kommun"]
    root = ET.fromstring(response.content)
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == "https://samverkan.example/undertecknare/?sektor=public"
    assert public.get("/undertecknare/flode/?kommun=finns-inte").status_code == 400


def test_it_escapes_markup_in_a_description_in_the_feed(public, make_party):
    party = make_party("Theta")
    party.description = "<script>alert(1)</script>"
    party.save()
    summary = entries(public.get("/undertecknare/flode/"))[0].findtext(f"{ATOM}summary")
    assert "<script>" not in summary
    assert "&lt;script&gt;" in summary


def test_it_keeps_the_feed_to_the_50_newest_in_a_constant_number_of_queries(
    public, municipalities, agreement, django_assert_max_num_queries
):
    parties = bulk_parties(80, municipalities)
    # The parties, and the Site the first time.
    with django_assert_max_num_queries(2):
        items = entries(public.get("/undertecknare/flode/"))
    assert len(items) == 50
    joined = dict(Membership.objects.values_list("organisation_id", "joined_on"))
    newest = max(parties, key=lambda party: (joined[party.pk], party.pk))
    assert items[0].findtext(f"{ATOM}title") == newest.name


# ---- compressed for the clients that accept it ------------------------------------------


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("path", ["/undertecknare.csv", "/undertecknare.json"])
def test_it_sends_open_data_gzip_compressed_to_a_client_that_accepts_it(
    public, sample, settings, path
):
    settings.PAGE_CACHE_SECONDS = 0  # the view itself, not the page cache
    plain = public.get(path)
    zipped = public.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert zipped["Content-Type"] == plain["Content-Type"]
    assert zipped.get("Content-Disposition") == plain.get("Content-Disposition")
    assert gzip.decompress(body_of(zipped)) == body_of(plain)


@pytest.mark.parametrize("encoding", [None, "identity", "gzip;q=0, identity", "br", "deflate"])
@pytest.mark.parametrize("path", ["/undertecknare.csv", "/undertecknare.json"])
def test_it_sends_open_data_as_it_is_to_a_client_that_does_not_accept_gzip(
    public, sample, settings, path, encoding
):
    settings.PAGE_CACHE_SECONDS = 0
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    response = public.get(path, **headers)

    assert "Content-Encoding" not in response
    assert "Accept-Encoding" in response["Vary"]  # a shared cache on the way keeps both
    text = body_of(response).decode("utf-8")
    assert "Alfa Idrottsförening" in text


def test_it_sends_a_large_register_in_a_fraction_of_the_bytes(
    public, agreement, municipalities, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    bulk_parties(300, municipalities)
    plain = body_of(public.get("/undertecknare.json"))
    zipped = body_of(public.get("/undertecknare.json", HTTP_ACCEPT_ENCODING="gzip"))
    assert len(zipped) * 4 < len(plain)
