"""The annual report's chapter on the steering group: composition, meetings, decisions."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from followup.report.chapters import steering as chapter
from followup.report.render import render_report
from steering.models import Decision, DecisionKind, Meeting, Seat

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
SECRET_EMAIL = "hemlig.ledamot@privat.test"
SECRET_PHONE = "070-987 65 43"


def sv(message: str, **values) -> str:
    with translation.override("sv"):
        text = translation.gettext(message)
    return text % values if values else text


def sv_plural(singular: str, plural: str, count: int, **values) -> str:
    with translation.override("sv"):
        text = translation.ngettext(singular, plural, count)
    return text % {"counter": count, **values}


def meeting(agreement, day: datetime.date, place: str, *, published: bool = True) -> Meeting:
    return Meeting.objects.create(
        agreement=agreement,
        starts_at=datetime.datetime(day.year, day.month, day.day, 13, 0, tzinfo=STOCKHOLM),
        place=place,
        minutes_checked_on=day if published else None,
        minutes_published_at=(
            datetime.datetime(day.year, day.month, day.day, 18, 0, tzinfo=STOCKHOLM)
            if published
            else None
        ),
    )


def decide(agreement, number: int, text: str, *, at=None, on=None, kind=DecisionKind.OTHER):
    on = on or at.date
    return Decision.objects.create(
        agreement=agreement,
        series=Decision.Series.MEETING if at else Decision.Series.PER_CAPSULAM,
        meeting=at,
        year=on.year,
        number=number,
        decided_on=on,
        kind=kind,
        text=text,
    )


@pytest.fixture
def year(agreement, group, make_seat):
    """The 2026 of the `group` fixture: seats with contact details, meetings, decisions."""
    Seat.objects.filter(agreement=agreement).update(email=SECRET_EMAIL, phone=SECRET_PHONE)
    make_seat(
        group["civil_b"],
        "deputy",
        person_name="Erik Ersättare",
        deputy_for=group["civil"],
        title="Kassör",
    )
    make_seat(None, "co_opted", person_name="Frida Forskare", affiliation="Norrådalens högskola")
    make_seat(
        group["public_b"],
        person_name="Gustav Gick",
        ended_on=D(2026, 6, 1),
        end_reason="Avgick",
    )
    make_seat(group["civil_a"], person_name="Hanna Nästa År", mandate_start=D(2027, 1, 1))
    earlier = meeting(agreement, D(2025, 11, 20), "Förra årets möte")
    march = meeting(agreement, D(2026, 3, 12), "Regionens hus")
    june = meeting(agreement, D(2026, 6, 4), "Kommunhuset")
    september = meeting(agreement, D(2026, 9, 10), "Ej justerat", published=False)
    decide(agreement, 1, "Förra årets beslut.", at=earlier)
    decide(agreement, 1, "Styrgruppen fastställer arbetsordningen.", at=march)
    decide(
        agreement,
        2,
        "Ansökan från <b>Föreningen</b> godkänns.",
        at=march,
        kind=DecisionKind.APPLICATION_APPROVED,
    )
    decide(agreement, 1, "Mötesplanen fastställs.", at=june)
    decide(agreement, 1, "Ännu inte justerat beslut.", at=september)
    decide(agreement, 1, "Beslut mellan mötena.", on=D(2026, 4, 20))
    return {"march": march, "june": june, "september": september}


AFTER_THE_YEAR = D(2027, 1, 15)


def collect(agreement, year: int = 2026, today: datetime.date = AFTER_THE_YEAR) -> dict:
    with translation.override("sv"):
        return chapter.collect(agreement, year, today=today)


def render(agreement, data, year: int = 2026) -> str:
    with translation.override("sv"):
        return render_to_string(
            "followup/report/steering.html", {"agreement": agreement, "year": year, "data": data}
        )


def names(data) -> list[str]:
    seats = [seat for group in data["sectors"] for seat in group.seats] + data["co_opted"]
    return [seat.person_name for seat in seats]


def test_it_shows_the_composition_on_the_years_last_day(agreement, year):
    data = collect(agreement)

    assert names(data) == [
        "Anna Ordförande",
        "Cecilia Civil",
        "Erik Ersättare",
        "Bertil Vice",
        "David Offentlig",
        "Frida Forskare",
    ]
    assert (data["ordinary"], data["deputies"], data["co_opted_count"]) == (4, 1, 1)
    html = render(agreement, data)
    assert '<th scope="row">Erik Ersättare</th><td>Kassör</td>' in html
    assert sv("Deputy for %(name)s", name="Cecilia Civil") in html
    assert "Norrådalens högskola" in html
    assert "Studieförbundet Ljus" in html


def test_it_never_shows_the_members_email_or_phone(agreement, year):
    data = collect(agreement)

    html = render(agreement, data)
    assert SECRET_EMAIL not in html
    assert SECRET_PHONE not in html
    with translation.override("sv"):
        sheets = chapter.sheets(data)
    cells = [str(cell) for sheet in sheets for row in sheet.rows for cell in row]
    assert "Anna Ordförande" in cells
    assert not any(SECRET_EMAIL in cell or SECRET_PHONE in cell for cell in cells)


def test_it_lists_the_meetings_held_in_the_year_with_their_decisions(agreement, year):
    data = collect(agreement)

    assert [m.place for m in data["meetings"]] == ["Regionens hus", "Kommunhuset", "Ej justerat"]
    assert [m.decision_count for m in data["meetings"]] == [2, 1, 1]
    html = render(agreement, data)
    assert "Förra årets möte" not in html
    assert '<td class="number">2</td>' in html
    assert '<td class="number">1*</td>' in html  # counted, minutes not yet checked
    assert (
        sv(
            "*: the minutes of the meeting have not been checked and published yet; its "
            "decisions are counted but not listed below."
        )
        in html
    )


def test_it_lists_the_public_decisions_of_the_year_by_meeting_and_per_capsulam(agreement, year):
    data = collect(agreement)

    assert (data["decisions_listed_at_meetings"], data["decisions_per_capsulam"]) == (3, 1)
    html = render(agreement, data)
    assert "Styrgruppen fastställer arbetsordningen." in html
    assert "Beslut mellan mötena." in html
    assert "Förra årets beslut." not in html
    assert "Ännu inte justerat beslut." not in html
    with translation.override("sv"):
        per_capsulam = Decision.objects.get(series=Decision.Series.PER_CAPSULAM).paragraph
        approved = str(DecisionKind.APPLICATION_APPROVED.label)
    assert per_capsulam in html
    assert "2026:1" in per_capsulam
    assert '<th scope="row">§ 2</th>' in html
    assert approved in html
    assert html.index("Regionens hus") < html.index("Kommunhuset")


def test_it_escapes_the_decisions_text(agreement, year):
    html = render(agreement, collect(agreement))

    assert "&lt;b&gt;Föreningen&lt;/b&gt;" in html
    assert "<b>Föreningen</b>" not in html


def test_it_says_so_in_a_year_without_members_meetings_or_decisions(agreement):
    data = collect(agreement)

    html = render(agreement, data)
    assert data["members"] == 0
    assert sv("The steering group held no meetings in %(year)s.", year=2026) in html
    assert sv("The steering group made no decisions in %(year)s.", year=2026) in html


def test_it_counts_every_decision_of_the_year_and_says_how_many_await_checked_minutes(
    agreement, year
):
    data = collect(agreement)

    assert data["decisions_total"] == 5  # two in March, June, September, one per capsulam
    assert (data["decisions_at_meetings"], data["decisions_per_capsulam"]) == (4, 1)
    assert data["decisions_awaiting_minutes"] == 1
    html = render(agreement, data)
    assert (
        sv_plural(
            "The steering group made %(counter)s decision in %(year)s:",
            "The steering group made %(counter)s decisions in %(year)s:",
            5,
            year=2026,
        )
        in html
    )
    assert (
        sv_plural("%(counter)s decision at meetings", "%(counter)s decisions at meetings", 4)
        in html
    )
    assert (
        sv_plural(
            "%(counter)s of them awaits checked minutes and is listed when the minutes are "
            "published.",
            "%(counter)s of them await checked minutes and are listed when the minutes are "
            "published.",
            1,
        )
        in html
    )
    assert "Ännu inte justerat beslut." not in html  # counted, not yet readable


def test_it_shows_the_composition_on_the_day_the_report_is_made_while_the_year_runs(
    agreement, year
):
    data = collect(agreement, today=D(2026, 5, 1))

    assert "Gustav Gick" in names(data)  # left on 1 June, after the report was made
    html = render(agreement, data)
    assert "Den 1 maj 2026 hade styrgruppen" in html
    assert "31 december 2026" not in html


def test_it_lists_the_figures_as_sheets(agreement, year):
    with translation.override("sv"):
        sheets = {str(sheet.title): sheet for sheet in chapter.sheets(collect(agreement))}

    counts = dict(sheets[sv("The steering group in figures")].rows)
    assert counts[sv("Meetings held")] == 3
    assert counts[sv("Decisions per capsulam")] == 1
    assert [row[2] for row in sheets[sv("Steering group meetings")].rows] == [2, 1, None]
    decisions = sheets[sv("Steering group decisions")].rows
    assert [row[4] for row in decisions][-1] == "Beslut mellan mötena."
    assert decisions[0][:2] == ["2026-03-12", "§ 1"]


def test_it_reads_the_steering_group_in_a_constant_number_of_queries(
    agreement, year, group, make_seat, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as captured:
        chapter.collect(agreement, 2026)
    for number in range(8):
        make_seat(group["civil_a"], person_name=f"Ledamot {number}")
        extra = meeting(agreement, D(2026, 10, number + 1), f"Möte {number}")
        decide(agreement, 1, f"Beslut {number}.", at=extra)

    with django_assert_max_num_queries(len(captured)):
        data = chapter.collect(agreement, 2026)
    assert len(data["meetings"]) == 11


def test_it_names_the_members_in_the_pdf_without_their_contact_details(agreement, year):
    pdf, _pages = render_report(agreement, 2026)

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Anna Ordförande" in text
    assert "Frida Forskare" in text
    assert "Styrgruppen fastställer arbetsordningen." in text
    assert SECRET_EMAIL not in text
    assert SECRET_PHONE not in text
