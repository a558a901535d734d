"""The annual report's first chapter, the year in figures, and its appendix of parties."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from followup.report.chapters import parties as chapter
from followup.report.render import render_report, report_html
from parties.models import Membership, Organisation

D = datetime.date


def sv(message: str, **values) -> str:
    with translation.override("sv"):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def parties(make_party, municipalities):
    """Parties joining and leaving around 2026 (the agreement takes effect 1 January 2026)."""
    first, second = municipalities[0], municipalities[1]
    made = {
        "anga": make_party("Ängens Förening", municipality=first, joined_on=D(2026, 3, 1)),
        "kommun": make_party(
            "Björkviks kommun", sector="public", municipality=second, joined_on=D(2026, 5, 1)
        ),
        "later": make_party("Föreningen Sedan", municipality=first, joined_on=D(2027, 2, 1)),
        "left": make_party("Föreningen Lämnade", status="withdrawn", municipality=first),
        "leaves_later": make_party(
            "Föreningen Stannade Året Ut", status="withdrawn", municipality=second
        ),
        "pending": make_party("Föreningen Väntar", status="pending"),
        "rejected": make_party("Föreningen Avslogs", status="rejected"),
    }
    Membership.objects.filter(organisation=made["left"]).update(
        joined_on=D(2026, 2, 1), withdrawn_on=D(2026, 9, 1)
    )
    Membership.objects.filter(organisation=made["leaves_later"]).update(
        joined_on=D(2026, 1, 10), withdrawn_on=D(2027, 3, 1)
    )
    Membership.objects.filter(organisation=made["rejected"]).update(joined_on=D(2026, 4, 1))
    return made


# The reports below are made after their year (and the next) have ended: their figures
# hold on 31 December. `test_it_dates_every_figure_*` makes one while the year runs.
LATER = D(2028, 1, 15)


def collect(agreement, year, today=LATER):
    with translation.override("sv"):
        return chapter.collect_figures(agreement, year, today=today)


def test_it_counts_the_parties_of_the_years_last_day_per_sector(agreement, parties):
    data = collect(agreement, 2026)

    assert data["total"] == 3
    assert [(row.label, row.count) for row in data["per_sector"]] == [
        (sv("Civil society"), 2),
        (sv("Public sector"), 1),
    ]


def test_it_counts_the_parties_per_municipality_and_sector(agreement, parties, municipalities):
    data = collect(agreement, 2026)

    rows = {row.name: (row.by_sector, row.total) for row in data["per_municipality"]}
    assert rows[municipalities[0].name] == ([1, 0], 1)
    assert rows[municipalities[1].name] == ([1, 1], 2)
    assert rows[municipalities[2].name] == ([0, 0], 0)
    assert data["sector_totals"] == [2, 1]


def test_it_counts_the_years_new_parties_and_withdrawals(agreement, parties):
    data = collect(agreement, 2026)

    assert data["new_count"] == 4
    assert [party["name"] for party in data["new_parties"]] == [
        "Föreningen Stannade Året Ut",
        "Föreningen Lämnade",
        "Ängens Förening",
        "Björkviks kommun",
    ]
    assert data["withdrawn_count"] == 1

    next_year = collect(agreement, 2027)
    assert [party["name"] for party in next_year["new_parties"]] == ["Föreningen Sedan"]
    assert next_year["withdrawn_count"] == 1
    assert next_year["total"] == 3


def test_it_counts_the_parties_at_the_end_of_every_year_since_the_agreement_began(
    agreement, parties
):
    data = collect(agreement, 2027)

    assert [(point.label, point.count) for point in data["over_time"]] == [
        ("2026", 3),
        ("2027", 3),
    ]
    Membership.objects.filter(organisation=parties["later"]).update(joined_on=D(2028, 1, 1))
    data = collect(agreement, 2028)
    assert [point.count for point in data["over_time"]] == [3, 2, 3]


def test_it_says_so_when_the_agreement_had_no_parties(agreement, municipalities):
    data = collect(agreement, 2026)

    assert data["total"] == 0
    assert data["chart"] is None
    assert data["new_parties"] == []
    with translation.override("sv"):
        html = render_to_string(
            "followup/report/figures.html", {"agreement": agreement, "year": 2026, "data": data}
        )
    assert sv("The agreement had no parties on %(end)s.", end="31 december 2026") in html
    assert "<svg" not in html
    assert '<td class="number">0</td>' in html  # new parties and withdrawals: none


def test_it_draws_the_chart_with_a_title_and_the_same_figures_in_a_table(agreement, parties):
    html = report_html(agreement, 2027, today=LATER)

    data = collect(agreement, 2027)
    assert str(data["chart"]) in html
    chart = re.search(r'<svg [^>]*role="img"[^>]*><title>([^<]+)</title>', str(data["chart"]))
    assert chart is not None
    assert "2026" in chart.group(1)
    assert sv("Parties at the end of each year") in html
    assert '<th scope="row">2026</th><td class="number">3</td>' in html


def test_it_says_the_first_years_count_in_a_sentence_instead_of_a_single_bar(agreement, parties):
    html = report_html(agreement, 2026, today=LATER)

    assert collect(agreement, 2026)["chart"] is None
    assert sv("Parties at the end of each year") not in html
    with translation.override("sv"):
        sentence = translation.ngettext(
            "%(year)s is the agreement's first year, so there is nothing earlier to compare "
            "with: it had %(counter)s party on %(day)s.",
            "%(year)s is the agreement's first year, so there is nothing earlier to compare "
            "with: it had %(counter)s parties on %(day)s.",
            3,
        ) % {"year": 2026, "counter": 3, "day": "31 december 2026"}
    assert sentence in html


def test_it_dates_every_figure_on_the_day_it_is_made_while_the_year_runs(agreement, parties):
    html = report_html(agreement, 2026, today=D(2026, 12, 7))

    assert "31 december 2026" not in html
    assert "Den 7 december 2026 hade överenskommelsen 3 parter." in html
    assert sv("Parties per sector on %(end)s", end="7 december 2026") in html


def test_it_dates_every_figure_on_the_years_last_day_once_it_has_ended(agreement, parties):
    html = report_html(agreement, 2026, today=D(2027, 1, 2))

    assert "Den 31 december 2026 hade överenskommelsen 3 parter." in html
    assert "7 december 2026" not in html


def test_it_lists_the_figures_as_sheets(agreement, parties):
    data = collect(agreement, 2026)

    with translation.override("sv"):
        sheets = {str(sheet.title): sheet for sheet in chapter.figure_sheets(data)}
    per_sector = sheets[sv("Parties per sector")]
    assert per_sector.rows == [[sv("Civil society"), 2], [sv("Public sector"), 1]]
    assert sheets[sv("Parties over time")].rows == [[2026, 3]]
    assert sheets[sv("New parties and withdrawals")].rows == [
        [sv("New parties"), 4],
        [sv("Withdrawals"), 1],
    ]
    assert len(sheets[sv("New parties")].rows) == 4


# ---- the appendix ---------------------------------------------------------------------------


def test_it_lists_every_party_of_the_years_last_day_by_sector_and_municipality(
    agreement, parties, municipalities
):
    with translation.override("sv"):
        data = chapter.collect_appendix(agreement, 2026, today=LATER)

    assert data["total"] == 3
    assert [sector.label for sector in data["sectors"]] == [
        sv("Civil society"),
        sv("Public sector"),
    ]
    civil, public = data["sectors"]
    assert [(group.label, [row[0] for row in group.parties]) for group in civil.municipalities] == [
        (municipalities[0].name, ["Ängens Förening"]),
        (municipalities[1].name, ["Föreningen Stannade Året Ut"]),
    ]
    assert public.municipalities[0].parties[0][2] == D(2026, 5, 1)


def test_it_renders_the_appendix_as_plain_long_tables(agreement, parties):
    with translation.override("sv"):
        data = chapter.collect_appendix(agreement, 2026, today=LATER)
        html = render_to_string(
            "followup/report/appendix.html", {"agreement": agreement, "year": 2026, "data": data}
        )

    assert html.count('<table class="long">') == 3
    assert '<th scope="row">Ängens Förening</th>' in html
    assert "1 mars 2026" in html
    assert "Föreningen Lämnade" not in html
    assert "Föreningen Väntar" not in html
    assert "Föreningen Avslogs" not in html


def test_it_lists_the_appendix_as_a_sheet(agreement, parties, municipalities):
    with translation.override("sv"):
        data = chapter.collect_appendix(agreement, 2026, today=LATER)
        (sheet,) = chapter.appendix_sheets(data)

    assert [row[2] for row in sheet.rows] == [
        "Ängens Förening",
        "Föreningen Stannade Året Ut",
        "Björkviks kommun",
    ]
    assert sheet.rows[0][1] == municipalities[0].name
    assert sheet.title == "Parter den 31 december 2026"
    with translation.override("sv"):
        running = chapter.collect_appendix(agreement, 2026, today=D(2026, 12, 7))
        (sheet,) = chapter.appendix_sheets(running)
    assert sheet.title == "Parter den 7 december 2026"


def test_it_reads_the_parties_in_a_constant_number_of_queries(
    agreement, parties, make_party, municipalities, django_assert_max_num_queries
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            chapter.collect_figures(agreement, 2026, today=LATER)
            chapter.collect_appendix(agreement, 2026, today=LATER)
        return len(captured)

    few = queries()
    for number in range(12):
        make_party(
            f"Förening {number}",
            sector="public" if number % 3 else "civil_society",
            municipality=municipalities[number % len(municipalities)],
        )

    with django_assert_max_num_queries(few):
        data = chapter.collect_appendix(agreement, 2026, today=LATER)
        chapter.collect_figures(agreement, 2026, today=LATER)
    assert data["total"] == 15


# ---- the PDF --------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_shows_the_figures_and_the_parties_in_the_pdf(agreement, parties):
    pdf, pages = render_report(agreement, 2026, today=LATER)

    text = pdf_text(pdf)
    assert pages > 3
    assert sv("Civil society") in text
    assert "Ängens Förening" in text
    assert "Föreningen Stannade Året Ut" in text
    assert "Kontakt Person" not in text
    assert "@forening.test" not in text
    assert "070-123 45 67" not in text


def test_it_makes_a_valid_report_for_a_year_without_parties(agreement, municipalities):
    pdf, pages = render_report(agreement, 2026, today=LATER)

    assert pdf.startswith(b"%PDF")
    assert pages >= 3
    assert "31 december 2026" in pdf_text(pdf)


def test_it_names_the_first_hundred_new_parties_and_points_to_the_appendix_for_the_rest(
    agreement, municipalities
):
    from parties.demo import org_number

    Organisation.objects.bulk_create(
        Organisation(
            name=f"Ny förening {number:03}",
            org_number=org_number(700_000 + number),
            sector="civil_society",
            legal_form="non_profit_association",
            municipality=municipalities[0],
            slug=f"ny-forening-{number}",
        )
        for number in range(105)
    )
    Membership.objects.bulk_create(
        Membership(
            organisation=party, agreement=agreement, status="active", joined_on=D(2026, 4, 1)
        )
        for party in Organisation.objects.filter(slug__startswith="ny-forening-")
    )
    context = chapter.collect_figures(agreement, 2026, today=LATER)
    html = render_to_string(
        "followup/report/figures.html", {"agreement": agreement, "year": 2026, "data": context}
    )

    assert "Ny förening 099" in html
    assert "Ny förening 100" not in html
    # The spreadsheet keeps every one of them.
    assert any(len(sheet.rows) == 105 for sheet in chapter.figure_sheets(context))
    with translation.override("sv"):
        note = translation.ngettext(
            "And %(unlisted)s more party; the appendix lists every party.",
            "And %(unlisted)s more parties; the appendix lists every party.",
            5,
        ) % {"unlisted": 5}
        html = render_to_string(
            "followup/report/figures.html",
            {"agreement": agreement, "year": 2026, "data": context},
        )
    assert note in html
