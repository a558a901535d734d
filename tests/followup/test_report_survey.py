"""The annual report's chapter on the follow-up: response rate, the principles' answers by
sector, yes/no and number questions, and the comments, anonymous and escaped."""

import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from followup import services
from followup.models import Answer, FollowUpRound, QuestionKind, Response
from followup.report.chapters import survey
from followup.report.render import render_report, report_html

YEAR = 2026
SV = "sv"


def chapter_html(agreement, year: int = YEAR) -> str:
    with translation.override(SV):
        data = survey.collect(agreement, year)
        return render_to_string(
            survey.CHAPTER.template,
            {"agreement": agreement, "year": year, "data": data, "chapter": survey.CHAPTER},
        )


def collected(agreement, year: int = YEAR) -> dict:
    with translation.override(SV):
        return survey.collect(agreement, year)


@pytest.fixture
def round(agreement) -> FollowUpRound:
    return services.new_round(
        agreement,
        year=YEAR,
        opens=datetime.date(YEAR, 2, 1),
        closes=datetime.date(YEAR, 3, 31),
    )


def question(round, kind: str, *, principle: bool = False, sector: str = ""):
    found = round.questions.filter(kind=kind, sector=sector)
    if principle:
        found = found.filter(principle=round.agreement.in_force.principles.first())
    return found.first()


def respond(round, party, status=Response.Status.SUBMITTED, **answers) -> Response:
    """answers: {question: dict of Answer fields}"""
    response = Response.objects.create(
        round=round,
        organisation=party,
        status=status,
        submitted_at=timezone.now() if status == Response.Status.SUBMITTED else None,
    )
    for asked, fields in answers.get("answers", {}).items():
        Answer.objects.create(response=response, question=asked, **fields)
    return response


@pytest.fixture
def answered(round, make_party):
    """Two civil-society and two public parties submitted; a fifth party's draft did not.

    The first principle: civil society 4 and “cannot judge”, public sector 2 and 5.
    Cooperated (yes/no): yes, no, yes, and one public party left it unanswered.
    Joint activities (number): 3, –, 5, 10.
    """
    scale = question(round, QuestionKind.SCALE, principle=True)
    yes_no = question(round, QuestionKind.YES_NO)
    number = question(round, QuestionKind.NUMBER)
    example = question(round, QuestionKind.SHORT_TEXT)
    parties = {
        "a": make_party("Föreningen Alfa"),
        "b": make_party("Föreningen Beta"),
        "c": make_party("Alfa kommun", sector="public"),
        "d": make_party("Beta kommun", sector="public"),
        "e": make_party("Föreningen Utkast"),
    }
    respond(
        round,
        parties["a"],
        answers={
            scale: {"scale": 4, "comment": "Bra <b>dialog</b> med kommunen."},
            yes_no: {"yes_no": True},
            number: {"number": 3},
            example: {"text": "Gemensam läxhjälp"},
        },
    )
    respond(
        round,
        parties["b"],
        answers={scale: {"cannot_judge": True}, yes_no: {"yes_no": False}},
    )
    respond(
        round,
        parties["c"],
        answers={
            scale: {"scale": 2},
            yes_no: {"yes_no": True},
            number: {"number": 5},
            example: {"text": "Gemensam läxhjälp"},
        },
    )
    respond(round, parties["d"], answers={scale: {"scale": 5}, number: {"number": 10}})
    respond(
        round,
        parties["e"],
        status=Response.Status.DRAFT,
        answers={
            scale: {"scale": 1, "comment": "Hemligt utkast"},
            yes_no: {"yes_no": False},
            number: {"number": 1000},
        },
    )
    return parties


def first_principle(data: dict):
    return data["scale_groups"][0]["figures"][0]


def test_it_averages_and_distributes_a_principles_answers_per_sector(agreement, answered):
    figure = first_principle(collected(agreement))
    civil, public = figure.sectors
    everyone = figure.total

    assert figure.heading == agreement.in_force.principles.first().name
    assert [civil.average, public.average] == [4.0, 3.5]
    assert everyone.average == pytest.approx(11 / 3)
    # 1..5, then “cannot judge”: the draft's 1 is not there.
    assert civil.column() == [0, 0, 0, 1, 0, 1]
    assert public.column() == [0, 1, 0, 0, 1, 0]
    assert [civil.answers, public.answers, everyone.answers] == [2, 2, 4]


def test_it_shows_each_principle_in_a_chart_and_a_table_with_the_averages(agreement, answered):
    html = chapter_html(agreement)
    with translation.override(SV):
        cannot_judge = gettext("Cannot judge")
        civil, public = gettext("Civil society"), gettext("Public sector")

    principle = agreement.in_force.principles.first().name
    chart = html.split(f"<title>{principle}", 1)[1].split("</svg>", 1)[0]
    assert "4,0" in chart.split("</title>")[0] and "3,5" in chart.split("</title>")[0]
    assert f">{civil}</text>" in chart and f">{public}</text>" in chart
    assert f">{cannot_judge}</text>" in chart
    assert "1 – Fungerar inte alls" in chart
    table = html.split(f"<caption>{principle}", 1)[1].split("</table>", 1)[0]
    assert '<td class="number">4,0</td>' in table
    assert '<td class="number">3,5</td>' in table
    assert '<td class="number">3,7</td>' in table
    # Every principle of the agreement has its own chart.
    assert html.count("<svg") == agreement.in_force.principles.count()


def test_it_counts_the_response_rate_of_submitted_answers(agreement, answered):
    rates = collected(agreement)["rates"]

    assert (rates.overall.invited, rates.overall.submitted, rates.overall.drafts) == (5, 4, 1)
    assert [(rate.invited, rate.submitted) for rate in rates.by_sector] == [(3, 2), (2, 2)]
    assert "80,0 %" in chapter_html(agreement)


def test_it_summarises_yes_no_questions_with_the_unanswered(agreement, answered):
    summary = collected(agreement)["yes_no"][0]

    assert [(row.yes, row.no, row.unanswered) for row in summary.rows] == [
        (1, 1, 0),
        (1, 0, 1),
        (2, 1, 1),
    ]


def test_it_summarises_number_questions_without_the_drafts(agreement, answered):
    summary = collected(agreement)["numbers"][0]
    civil, public, everyone = summary.rows

    assert (civil.count, civil.total, civil.mean, civil.median) == (1, 3, 3, 3)
    assert (public.count, public.total, public.median) == (2, 15, 7.5)
    assert (everyone.count, everyone.total, everyone.mean, everyone.median) == (3, 18, 6, 5)


def test_it_shows_comments_escaped_once_with_their_count_and_not_the_drafts(agreement, answered):
    html = chapter_html(agreement)

    assert "Bra &lt;b&gt;dialog&lt;/b&gt; med kommunen." in html
    assert "<b>dialog</b>" not in html
    assert html.count("Gemensam läxhjälp") == 1
    assert "Hemligt utkast" not in html


def test_it_names_no_party_and_no_person_in_the_chapter(agreement, answered):
    html = chapter_html(agreement)

    for party in answered.values():
        assert party.name not in html
        contact = party.contacts.get()
        assert contact.name not in html
        assert contact.email not in html


def test_it_says_so_when_the_year_had_no_round(agreement, answered):
    data = collected(agreement, YEAR - 1)
    html = chapter_html(agreement, YEAR - 1)

    assert data == {"round": None}
    assert survey.sheets(data) == []
    assert "<table" not in html and "<svg" not in html
    with translation.override(SV):
        said = gettext(
            "No follow-up round was held for %(year)s, so this year's report has no "
            "answers to present."
        ) % {"year": YEAR - 1}
    assert said in html


def test_it_gives_the_figures_as_sheets(agreement, answered):
    with translation.override(SV):
        found = survey.sheets(survey.collect(agreement, YEAR))
        civil, public = gettext("Civil society"), gettext("Public sector")
        everyone = gettext("All parties")
    by_title = {sheet.title: sheet for sheet in found}
    principle = by_title[agreement.in_force.principles.first().name]

    assert len(found) == 1 + agreement.in_force.principles.count() + 2
    assert principle.header[1] == "1 – Fungerar inte alls"
    # 1..5, cannot judge, answers, average
    assert principle.rows == [
        [civil, 0, 0, 0, 1, 0, 1, 2, 4.0],
        [public, 0, 1, 0, 0, 1, 0, 2, 3.5],
        [everyone, 0, 1, 0, 1, 1, 1, 4, 3.67],
    ]
    rates = found[0]
    assert rates.rows[-1][1:] == [5, 4, 1, 80.0]
    everything = repr([sheet.rows for sheet in found])
    assert "Föreningen Alfa" not in everything and "dialog" not in everything


@pytest.mark.parametrize("extra_parties", [0, 30])
def test_it_collects_in_the_same_few_queries_however_many_parties(
    agreement, answered, round, make_party, extra_parties, django_assert_max_num_queries
):
    scale = question(round, QuestionKind.SCALE, principle=True)
    for index in range(extra_parties):
        party = make_party(f"Förening {index}", sector=["civil_society", "public"][index % 2])
        respond(round, party, answers={scale: {"scale": 1 + index % 5, "comment": f"K{index}"}})

    # One more than before the agreement had versions: the version in force when the round
    # opened (its sectors and principles).
    with django_assert_max_num_queries(11):
        data = collected(agreement)
    assert first_principle(data).total.answers == 4 + extra_parties


def test_it_keeps_persons_out_of_the_whole_report_and_its_pdf(agreement, answered):
    contacts = [party.contacts.get() for party in answered.values()]
    html = report_html(agreement, YEAR)
    pdf, pages = render_report(agreement, YEAR)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert "Gemensam läxhjälp" in text
    for contact in contacts:
        for shown in (html, text):
            assert contact.name not in shown
            assert contact.email not in shown
            assert contact.phone not in shown


def test_it_gives_the_response_rate_per_municipality(agreement, answered, municipalities):
    html = chapter_html(agreement)

    table = html.split("<caption>Svarsfrekvens 2026, per kommun</caption>", 1)[1]
    table = table.split("</table>", 1)[0]
    # make_party puts every party in the first municipality: 5 asked, 4 submitted, 1 draft.
    assert f'<th scope="row">{municipalities[0].name}</th>' in table
    assert re.search(r"<td[^>]*>5</td>\s*<td[^>]*>4</td>\s*<td[^>]*>1</td>", table)
    assert "80,0 %" in table


def test_it_lays_the_principles_out_compactly_a_bar_per_sector(agreement, answered):
    html = chapter_html(agreement)
    pdf, _pages = render_report(agreement, YEAR, today=datetime.date(YEAR + 1, 1, 15))

    heights = [int(h) for h in re.findall(r'<svg [^>]*height="(\d+)"', html)]
    assert len(heights) == agreement.in_force.principles.count()
    assert max(heights) <= 100  # two bars and a legend, not a chart of half a page
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    names = [principle.name for principle in agreement.in_force.principles.all()]
    with_principles = {
        index for index, text in enumerate(pages) for name in names if f"{name}: svar" in text
    }
    assert len(names) == 7
    assert len(with_principles) <= 3  # seven principles on at most three pages, not seven
