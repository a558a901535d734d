"""The report a process leader hands out: the key figures first, beside the previous
year's with the change; the chair's foreword and the method note written before
generating; the contact details; dates in one format; "§ 4" kept on one line."""

import datetime
import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from followup import reports
from followup.models import AnnualReport
from followup.report import summary
from followup.report.render import keep_together, render_report, report_html
from parties.models import Membership
from steering.models import Decision, Meeting

D = datetime.date
LATER = D(2028, 1, 15)  # both 2026 and 2027 are over
URL = "/rapporter/"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def collect(agreement, year, today=LATER) -> dict:
    with translation.override("sv"):
        return summary.collect(agreement, year, today=today)


def figures(data) -> dict:
    return {
        figure.label: (figure.shown, figure.previous_shown, figure.change)
        for figure in data["figures"]
    }


@pytest.fixture
def two_years(agreement, make_party, municipalities):
    """Two parties at the end of 2026, three at the end of 2027 (two joined, one left)."""
    make_party("Föreningen Första", joined_on=D(2026, 3, 1))
    leaves = make_party("Föreningen Lämnar", joined_on=D(2026, 4, 1))
    make_party("Föreningen Andra", joined_on=D(2027, 2, 1))
    make_party("Andra kommun", sector="public", joined_on=D(2027, 5, 1))
    Membership.objects.filter(organisation=leaves).update(
        status="withdrawn", withdrawn_on=D(2027, 6, 1)
    )


def test_it_compares_each_key_figure_with_the_previous_year_and_gives_the_change(
    agreement, two_years
):
    data = collect(agreement, 2027)

    assert data["has_previous"] and data["previous_year"] == 2026
    shown = figures(data)
    with translation.override("sv"):
        parties, joined, left = (
            translation.gettext("Parties to the agreement"),
            translation.gettext("New parties"),
            translation.gettext("Withdrawals"),
        )
    assert shown[parties] == ("3", "2", "+1")
    assert shown[joined] == ("2", "2", "±0")
    assert shown[left] == ("1", "0", "+1")


def test_it_puts_the_key_figures_first_in_the_pdf(agreement, two_years):
    pdf, _pages = render_report(agreement, 2027, today=LATER)

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    brief = next(index for index, text in enumerate(pages) if "Nyckeltal 2027" in text)
    assert brief == 2  # after the cover and the contents, before every chapter
    assert "Året i siffror" not in pages[brief]
    assert re.search(r"Parter i överenskommelsen\s+3\s+2\s+\+1", pages[brief])
    assert "Ändring" in pages[brief]


def test_it_leaves_out_the_comparison_in_the_agreements_first_year(agreement, two_years):
    html = report_html(agreement, 2026, today=LATER)

    assert collect(agreement, 2026)["has_previous"] is False
    assert "2026 är överenskommelsens första år: det finns inget tidigare år" in html
    assert "Ändring" not in html.split('id="summary"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(
    ("kind", "value", "previous", "change"),
    [
        ("count", 12, 15, "−3"),
        ("count", 4, 4, "±0"),
        ("percent", 74.4, 72.3, "+2,1 procentenheter"),
        ("average", 3.8, 3.84, "±0"),
        ("average", 3.8, None, "–"),
    ],
)
def test_it_writes_the_change_with_its_sign_and_unit(kind, value, previous, change):
    with translation.override("sv"):
        assert summary.KeyFigure("x", value, previous, kind).change == change


def test_it_prints_the_chairs_foreword_and_the_method_note_written_before_generating(
    agreement, group, process_leader, settings
):
    settings.STEERING_GROUP_EMAIL = "styrgruppen@region.test"
    report, _created = reports.request_report(
        agreement,
        2026,
        by=process_leader,
        foreword="Ett år av samverkan.\n\nTack till alla parter.",
        method_note="Vi räknade svaren en gång i veckan.",
    )

    reports.generate(report.pk)

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY, report.error
    text = pdf_text(report.file.read())
    assert "Förord" in text
    assert "Ett år av samverkan." in text and "Tack till alla parter." in text
    assert "Anna Ordförande" in text  # the chair signs it
    assert "Så togs siffrorna fram" in text
    assert "Vi räknade svaren en gång i veckan." in text
    assert "styrgruppen@region.test" in text  # where to write


def test_it_dates_the_method_note_on_the_day_the_figures_hold(agreement):
    running = report_html(agreement, 2026, today=D(2026, 12, 7))
    ended = report_html(agreement, 2027, today=LATER)

    assert "Alla uppgifter som gäller en viss dag avser den 7 december 2026" in running
    assert "året är inte slut" in running
    assert "Alla uppgifter som gäller en viss dag avser den 31 december 2027." in ended
    assert "avser årets sista dag, 31 december 2026." in ended


def test_it_makes_a_report_without_a_foreword_when_none_was_written(agreement):
    html = report_html(agreement, 2026, today=LATER)

    assert 'id="foreword"' not in html
    assert 'id="method"' in html


def test_it_offers_the_latest_texts_in_the_form_and_keeps_them_on_the_version(
    as_user, process_leader, agreement, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("followup.tasks.generate_report.delay", lambda pk: None)
    client = as_user(process_leader)

    client.post(URL, {"year": 2026, "foreword": "Förordet <i>v1</i>.", "method_note": "Metoden."})

    report = AnnualReport.objects.get()
    assert (report.foreword, report.method_note) == ("Förordet <i>v1</i>.", "Metoden.")
    page = client.get(URL).content.decode()
    assert "Förordet &lt;i&gt;v1&lt;/i&gt;.</textarea>" in page
    assert "Metoden.</textarea>" in page


def test_it_refuses_a_foreword_too_long_with_a_message(as_user, process_leader, agreement):
    response = as_user(process_leader).post(URL, {"year": 2026, "foreword": "x" * 6001})

    assert response.status_code == 400
    assert not AnnualReport.objects.exists()


def test_it_never_breaks_a_paragraph_sign_from_its_number(agreement):
    assert keep_together("Styrgruppen 22 oktober 2026, § 4, och 62 %") == (
        "Styrgruppen 22 oktober 2026, §\u00a04, och 62\u00a0%"
    )
    meeting = Meeting.objects.create(
        agreement=agreement,
        starts_at=datetime.datetime(2026, 3, 12, 13, tzinfo=datetime.UTC),
        minutes_checked_on=D(2026, 3, 12),
        minutes_published_at=datetime.datetime(2026, 3, 12, 18, tzinfo=datetime.UTC),
    )
    Decision.objects.create(
        agreement=agreement,
        meeting=meeting,
        year=2026,
        number=4,
        decided_on=D(2026, 3, 12),
        text="Beslut.",
    )

    html = report_html(agreement, 2026, today=LATER)

    assert "§\u00a04" in html
    assert "§ 4" not in html


def test_it_writes_every_date_in_one_format(agreement, two_years, group):
    pdf, _pages = render_report(agreement, 2026, today=LATER)

    text = pdf_text(pdf)
    assert "1 mars 2026" in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
