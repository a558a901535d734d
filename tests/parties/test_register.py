import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from agreements.models import Agreement
from parties.demo import org_number
from parties.models import ActivityArea, LegalForm, Membership, Organisation

pytestmark = pytest.mark.django_db

# Queries for /undertecknare/ whatever the number of rows: count, page, areas of the page,
# counts per sector, and the choices of municipality, area and year in the filter form (the
# agreement comes with the request from the routing's table, config.agreement_routing).
REGISTER_QUERIES = 7


def bulk_parties(count: int, municipalities, *, serial_start: int = 100_000) -> list[Organisation]:
    """Many active parties, fast: bulk_create with two areas each, no contact persons."""
    areas = list(ActivityArea.objects.filter(slug__in=["folkhalsa", "kultur", "idrott"]))
    parties = Organisation.objects.bulk_create(
        Organisation(
            name=f"Massförening {serial_start + i:06d}",
            org_number=org_number(serial_start + i),
            sector="public" if i % 5 == 0 else "civil_society",
            legal_form=LegalForm.MUNICIPALITY if i % 5 == 0 else LegalForm.NON_PROFIT_ASSOCIATION,
            municipality=municipalities[i % len(municipalities)],
            website="https://exempel.se",
            description="En förening bland många.",
            slug=f"massforening-{serial_start + i}",
        )
        for i in range(count)
    )
    agreement = Agreement.objects.current()
    Membership.objects.bulk_create(
        Membership(
            organisation=party,
            agreement=agreement,
            status=Membership.Status.ACTIVE,
            joined_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 700),
        )
        for i, party in enumerate(parties)
    )
    Through = Organisation.areas.through
    Through.objects.bulk_create(
        Through(organisation_id=party.pk, activityarea_id=area.pk)
        for i, party in enumerate(parties)
        for area in (areas[i % 3], areas[(i + 1) % 3])
    )
    return parties


def listed(response) -> list[str]:
    """The names in the register table, in order."""
    page = response.content.decode()
    return [
        html.unescape(name) for name in re.findall(r'<th scope="row"><a [^>]*>([^<]*)</a>', page)
    ]


@pytest.fixture
def english(public):
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return public


@pytest.fixture
def sample(make_party, municipalities):
    """Parties that differ in one thing each, plus ones that must never be listed."""
    return {
        "idrott": make_party(
            "Alfa Idrottsförening",
            municipality=municipalities[0],
            areas=("idrott",),
            joined_on=datetime.date(2025, 5, 1),
        ),
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
            areas=("integration",),
            joined_on=datetime.date(2026, 3, 1),
        ),
        "pending": make_party("Delta Väntande", status="pending"),
        "withdrawn": make_party(
            "Epsilon Utträdd", status="withdrawn", joined_on=datetime.date(2025, 1, 1)
        ),
        "rejected": make_party("Zeta Avslagen", status="rejected"),
    }


# ---- the list ------------------------------------------------------------------------------


def test_it_lists_only_active_parties_by_name_with_links(public, sample):
    response = public.get("/undertecknare/")
    assert response.status_code == 200
    assert listed(response) == ["Alfa Idrottsförening", "Beta Kulturförening", "Gamma kommun"]
    page = response.content.decode()
    assert sample["kultur"].get_absolute_url() in page
    for hidden in ("Delta Väntande", "Epsilon Utträdd", "Zeta Avslagen"):
        assert hidden not in page


def test_it_shows_sector_municipality_areas_and_year_on_each_row(english, sample, municipalities):
    page = english.get("/undertecknare/?q=Beta").content.decode()
    row = page[
        page.index("Beta Kulturförening") : page.index("</tr>", page.index("Beta Kulturförening"))
    ]
    assert "Civil society" in row
    assert municipalities[1].name in row
    assert "Barn och unga, Kultur" in row
    assert '<time datetime="2026-02-01">2026</time>' in row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=kultur", ["Beta Kulturförening"]),
        ("q=KOMMUN", ["Gamma kommun"]),
        ("sektor=public", ["Gamma kommun"]),
        ("sektor=civil_society", ["Alfa Idrottsförening", "Beta Kulturförening"]),
        ("kommun=bjorkvik", ["Beta Kulturförening", "Gamma kommun"]),
        ("typ=stiftelse", ["Beta Kulturförening"]),
        ("omrade=barn-och-unga", ["Beta Kulturförening"]),
        ("ar=2025", ["Alfa Idrottsförening"]),
        ("ar=2026", ["Beta Kulturförening", "Gamma kommun"]),
        ("kommun=bjorkvik&sektor=civil_society", ["Beta Kulturförening"]),
        ("kommun=bjorkvik&ar=2026&typ=kommun&q=gam", ["Gamma kommun"]),
        ("sektor=public&omrade=idrott", []),
        (
            "q=&sektor=&kommun=&typ=&omrade=&ar=",
            ["Alfa Idrottsförening", "Beta Kulturförening", "Gamma kommun"],
        ),
    ],
)
def test_it_filters_alone_and_combined(public, sample, query, expected):
    response = public.get(f"/undertecknare/?{query}")
    assert response.status_code == 200
    assert listed(response) == expected


def test_it_keeps_the_chosen_filters_in_the_form(public, sample):
    page = public.get("/undertecknare/?kommun=bjorkvik&ar=2026&q=Gam").content.decode()
    assert '<option value="bjorkvik" selected>' in page
    assert '<option value="2026" selected>' in page
    assert 'value="Gam"' in page


def test_it_offers_the_years_from_the_first_active_party_to_the_latest(public, sample, make_party):
    make_party("Eta Äldst", joined_on=datetime.date(2023, 6, 1))
    make_party("Theta Utträdd tidigt", status="withdrawn", joined_on=datetime.date(2019, 6, 1))
    page = public.get("/undertecknare/").content.decode()
    select = page[page.index('name="ar"') : page.index("</select>", page.index('name="ar"'))]
    assert re.findall(r'<option value="(\d+)"', select) == ["2026", "2025", "2024", "2023"]
    # A year in the span without parties is a valid, empty choice.
    response = public.get("/undertecknare/?ar=2024")
    assert response.status_code == 200
    assert listed(response) == []


def test_it_renders_an_accessible_filter_form(english, sample):
    page = english.get("/undertecknare/").content.decode()
    for name in ("q", "sektor", "kommun", "typ", "omrade", "ar"):
        assert f'<label for="id_{name}">' in page
        assert f'id="id_{name}"' in page
    for empty in ("All sectors", "All municipalities", "All types", "All areas", "All years"):
        assert f'<option value="" selected>{empty}</option>' in page
    assert '<button type="submit" class="button">Filter</button>' in page
    assert page.count("<h1") == 1
    assert '<th scope="col">' in page and '<th scope="row">' in page
    # No filter, nothing to clear.
    assert "Clear filters" not in page
    assert "Clear filters" in english.get("/undertecknare/?sektor=public").content.decode()


def test_it_counts_the_hits_and_per_sector_for_the_filtered_set(english, sample):
    response = english.get("/undertecknare/")
    assert response.context["total"] == 3
    counts = {row["sector"]: row["count"] for row in response.context["sector_counts"]}
    assert counts == {"civil_society": 2, "public": 1}
    page = response.content.decode()
    assert "3 parties" in page
    assert '<li data-sector="civil_society"><span class="stat-number">2</span>' in page

    filtered = english.get("/undertecknare/?kommun=bjorkvik")
    counts = {row["sector"]: row["count"] for row in filtered.context["sector_counts"]}
    assert counts == {"civil_society": 1, "public": 1}
    assert "2 parties match the filter" in filtered.content.decode()


def test_it_says_when_nothing_matches(english, sample):
    response = english.get("/undertecknare/?q=finns-inte")
    assert response.status_code == 200
    assert listed(response) == []
    assert "No party matches the filter" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "kommun=finns-inte",
        "omrade=finns-inte",
        "sektor=okand",
        "typ=okand",
        "ar=1999",
        "ar=abc",
        "q=" + "x" * 101,
        "sektor=public&kommun=%00",
        "q=a%00b",
    ],
)
def test_it_answers_a_bad_filter_with_400_and_the_error(english, sample, query):
    response = english.get(f"/undertecknare/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert listed(response) == []
    # The downloads are offered without the broken filter.
    assert 'href="/undertecknare.csv"' in page


def test_it_paginates_25_per_page_and_keeps_the_filter(public, municipalities, agreement):
    bulk_parties(60, municipalities)
    first = public.get("/undertecknare/")
    assert len(listed(first)) == 25
    assert listed(first)[0] == "Massförening 100000"
    third = public.get("/undertecknare/?page=3")
    assert listed(third) == [f"Massförening {100_000 + i:06d}" for i in range(50, 60)]
    assert 'rel="next"' not in third.content.decode()

    # 60 parties, every fifth public: 48 in civil society, two pages.
    filtered = public.get("/undertecknare/?sektor=civil_society&page=2")
    assert len(listed(filtered)) == 23
    page = filtered.content.decode()
    assert 'href="?sektor=civil_society&amp;page=1" rel="prev"' in page
    assert filtered.context["total"] == 48


@pytest.mark.parametrize(
    ("page", "first_name"),
    [
        ("99", "Massförening 100025"),
        ("abc", "Massförening 100000"),
        ("-1", "Massförening 100025"),
        ("0", "Massförening 100025"),
    ],
)
def test_it_shows_the_last_or_first_page_for_a_page_out_of_range(
    public, municipalities, agreement, page, first_name
):
    bulk_parties(30, municipalities)
    response = public.get(f"/undertecknare/?page={page}")
    assert response.status_code == 200
    assert listed(response)[0] == first_name


def test_it_links_the_open_data_with_the_same_filter_and_no_page(public, sample):
    page = public.get("/undertecknare/?sektor=public&junk=1&page=1").content.decode()
    assert 'href="/undertecknare.csv?sektor=public"' in page
    assert 'href="/undertecknare.json?sektor=public"' in page
    assert 'href="/undertecknare/flode/?sektor=public"' in page
    unfiltered = public.get("/undertecknare/").content.decode()
    assert 'href="/undertecknare.csv"' in unfiltered
    assert 'rel="alternate" type="application/atom+xml"' in unfiltered


def test_it_documents_the_open_data_fields(public, sample):
    page = public.get("/undertecknare/").content.decode()
    for field in (
        "name",
        "org_number",
        "sector_label",
        "legal_form_label",
        "areas",
        "joined_on",
        "url",
    ):
        assert f"<dt><code>{field}</code></dt>" in page


def test_it_refuses_other_methods_than_get(public, sample):
    assert public.post("/undertecknare/").status_code == 405
    assert public.head("/undertecknare/").status_code == 200


@pytest.mark.parametrize("count", [10, 500])
def test_it_keeps_the_number_of_queries_whatever_the_number_of_parties(
    public, municipalities, agreement, django_assert_num_queries, count
):
    bulk_parties(count, municipalities)
    with django_assert_num_queries(REGISTER_QUERIES):
        response = public.get("/undertecknare/")
    assert response.status_code == 200
    assert response.context["total"] == count
    # Each filter that names a row costs one lookup to validate it; still not per party.
    with django_assert_num_queries(REGISTER_QUERIES + 2):
        response = public.get("/undertecknare/?kommun=norrastad&omrade=kultur&ar=2025&page=2")
    assert response.status_code == 200


# ---- one organisation ----------------------------------------------------------------------


def test_it_shows_an_active_partys_public_details(english, sample, municipalities):
    party = sample["kultur"]
    response = english.get(reverse("parties:detail", args=[party.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Beta Kulturförening</h1>" in page
    assert party.org_number in page
    assert "Civil society" in page
    assert "Foundation (stiftelse)" in page
    assert municipalities[1].name in page
    assert "Barn och unga, Kultur" in page
    assert '<a href="https://exempel.se" rel="nofollow noopener">' in page
    assert "Om Beta Kulturförening" in page
    assert '<time datetime="2026-02-01">' in page


@pytest.mark.parametrize("which", ["pending", "rejected"])
def test_it_hides_a_party_that_is_not_active(public, sample, which):
    response = public.get(reverse("parties:detail", args=[sample[which].slug]))
    assert response.status_code == 404
    assert sample[which].name not in response.content.decode()


def test_it_answers_404_for_an_unknown_party(public, sample):
    assert public.get("/undertecknare/finns-inte/").status_code == 404


def test_it_says_a_withdrawn_party_has_left_with_410(english, sample):
    party = sample["withdrawn"]
    response = english.get(reverse("parties:detail", args=[party.slug]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "has left the agreement" in page
    assert '<time datetime="2026-09-01">' in page
    assert party.org_number not in page
    assert party.description not in page


def test_it_shows_a_party_page_in_a_constant_number_of_queries(
    public, sample, django_assert_num_queries
):
    # The organisation with its municipality and areas, its seats in the steering group and
    # its activities in the action plan.
    # The organisation and its areas, the sections, the agreements it is party to.
    with django_assert_num_queries(5):
        public.get(reverse("parties:detail", args=[sample["kultur"].slug]))


# ---- the start page ------------------------------------------------------------------------


def test_it_shows_counts_per_sector_and_the_newest_parties_on_the_start_page(
    english, sample, agreement
):
    from parties.home import home_figures

    figures = home_figures(agreement)
    counts = {row["sector"]: row["count"] for row in figures["party_counts"]}
    assert counts["civil_society"] == 2 and counts["public"] == 1
    assert [party.name for party in figures["newest_parties"]] == [
        "Gamma kommun",
        "Beta Kulturförening",
        "Alfa Idrottsförening",
    ]
    assert figures["register_url"] == "/undertecknare/"

    page = english.get("/").content.decode()
    assert sample["kommun"].get_absolute_url() in page
    assert "Delta Väntande" not in page and "Epsilon Utträdd" not in page
    assert 'href="/undertecknare/"' in page


def test_it_lists_every_signing_sector_on_the_start_page_also_without_parties(agreement):
    from parties.home import home_figures

    figures = home_figures(agreement)
    assert [row["sector"] for row in figures["party_counts"]] == list(
        agreement.in_force.signing_sectors
    )
    assert all(row["count"] == 0 for row in figures["party_counts"])
    assert figures["newest_parties"] == []
