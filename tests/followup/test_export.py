"""The export of a round's responses as CSV and XLSX from the response rate page."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from django.utils.translation import gettext

from followup import services
from followup.models import Answer, QuestionKind, Response
from parties.models import ContactPerson

pytestmark = pytest.mark.django_db


def base(round) -> str:
    return f"/admin/followup/followupround/{round.pk}/svarsfrekvens/"


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def round(agreement):
    today = timezone.localdate()
    return services.new_round(
        agreement,
        year=2026,
        opens=today - datetime.timedelta(days=5),
        closes=today + datetime.timedelta(days=25),
    )


def question(round, kind: str, *, sector: str = ""):
    return round.questions.filter(kind=kind, sector=sector).order_by("order").first()


@pytest.fixture
def answers(round, make_party):
    """One civil-society party that submitted an answer to every kind of question, one
    that pasted a formula and submitted, and one that has only a draft."""
    submitted = make_party("Föreningen Svar", contact_phone="070-999 88 77")
    response = Response.objects.create(
        round=round,
        organisation=submitted,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 14, 5)),
    )
    scale = question(round, QuestionKind.SCALE)
    cannot = round.questions.filter(kind=QuestionKind.SCALE).order_by("order")[1]
    Answer.objects.create(response=response, question=scale, scale=4, comment="Bra dialog")
    Answer.objects.create(response=response, question=cannot, cannot_judge=True)
    Answer.objects.create(
        response=response, question=question(round, QuestionKind.YES_NO), yes_no=True
    )
    Answer.objects.create(
        response=response, question=question(round, QuestionKind.NUMBER), number=12
    )
    Answer.objects.create(
        response=response,
        question=question(round, QuestionKind.SHORT_TEXT),
        text="Vi ordnade en gemensam studiecirkel.",
    )

    formula = make_party('=HYPERLINK("http://ond.test")')
    pasted = Response.objects.create(
        round=round,
        organisation=formula,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Answer.objects.create(
        response=pasted,
        question=question(round, QuestionKind.LONG_TEXT),
        text="=1+2",
        comment="@SUM(A1)",
    )

    drafting = make_party("Föreningen Utkast")
    draft = Response.objects.create(
        round=round, organisation=drafting, status=Response.Status.DRAFT
    )
    Answer.objects.create(
        response=draft,
        question=question(round, QuestionKind.SHORT_TEXT),
        text="Vårt hemliga utkast",
        comment="Inte klart än",
    )
    return {"submitted": submitted, "response": response, "formula": formula, "scale": scale}


def test_it_exports_one_row_per_party_and_question(answers, round, as_user, process_leader):
    response = as_user(process_leader).get(base(round) + "svar.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="uppfoljning-2026-svar.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, *rows = csv_rows(response)
    assert header[1] == gettext("Party") and header[-2] == gettext("Answer")
    asked = [q for q in round.questions.all() if q.asked_of("civil_society")]
    mine = [row for row in rows if row[1] == "Föreningen Svar"]
    assert len(mine) == len(asked)
    by_question = {row[8]: row for row in mine}
    scale = by_question[answers["scale"].text]
    assert scale[0] == "2026"
    assert scale[2] == answers["submitted"].org_number
    assert scale[3] == gettext("Civil society")
    assert scale[5] == gettext("Submitted")
    assert scale[6] == "2026-03-04 14:05"
    assert scale[7] == "Principerna"
    assert scale[10:] == ["4", "Bra dialog"]
    answers_given = {row[10] for row in mine}
    assert {gettext("Cannot judge"), gettext("Yes"), "12"} <= answers_given
    assert "Vi ordnade en gemensam studiecirkel." in answers_given
    # A question of the public sector only is not in a civil-society party's rows.
    public_only = round.questions.get(sector="public")
    assert public_only.text not in by_question


def test_it_defuses_formulas_in_every_text_cell(answers, round, as_user, process_leader):
    client = as_user(process_leader)

    for rows in (
        csv_rows(client.get(base(round) + "svar.csv")),
        xlsx_rows(client.get(base(round) + "svar.xlsx")),
    ):
        formula_rows = [row for row in rows if str(row[1]).startswith("'=HYPERLINK")]
        assert formula_rows, "the party's name is kept, but as text"
        long_text = [row for row in formula_rows if row[10] == "'=1+2"]
        assert long_text and long_text[0][11] == "'@SUM(A1)"
        for row in rows:
            for cell in row:
                assert not (isinstance(cell, str) and cell.startswith(("=", "+", "@")))


def test_it_never_exports_a_draft(answers, round, as_user, process_leader):
    client = as_user(process_leader)

    for rows in (
        csv_rows(client.get(base(round) + "svar.csv")),
        xlsx_rows(client.get(base(round) + "svar.xlsx")),
    ):
        cells = {str(cell) for row in rows for cell in row}
        assert "Vårt hemliga utkast" not in cells
        assert "Inte klart än" not in cells
        assert "Föreningen Utkast" not in cells
        assert "Föreningen Svar" in cells


def test_it_exports_the_same_as_xlsx(answers, round, as_user, process_leader):
    response = as_user(process_leader).get(base(round) + "svar.xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="uppfoljning-2026-svar.xlsx"'
    header, *rows = xlsx_rows(response)
    assert header[1] == gettext("Party")
    scale = next(r for r in rows if r[1] == "Föreningen Svar" and r[8] == answers["scale"].text)
    # Numbers stay numbers, so the spreadsheet can count them.
    assert scale[0] == 2026 and scale[10] == 4


def test_it_exports_no_personal_data(answers, round, as_user, process_leader):
    client = as_user(process_leader)
    contact = ContactPerson.objects.get(organisation=answers["submitted"])

    for extension in ("csv", "xlsx"):
        rows = (csv_rows if extension == "csv" else xlsx_rows)(
            client.get(base(round) + f"svar.{extension}")
        )
        cells = {str(cell) for row in rows for cell in row}
        assert contact.name not in cells
        assert contact.email not in cells
        assert "070-999 88 77" not in cells
        assert not [cell for cell in cells if "@" in cell and "SUM" not in cell]


def test_it_leaves_out_a_party_that_withdrew_without_answering(
    answers, round, make_party, as_user, process_leader
):
    gone = make_party("Utträdda Föreningen", status="withdrawn")
    Response.objects.create(round=round, organisation=gone)

    rows = csv_rows(as_user(process_leader).get(base(round) + "svar.csv"))

    assert "Utträdda Föreningen" not in {row[1] for row in rows}


def test_it_lets_only_who_may_see_responses_export(
    answers, round, public, as_user, contact, steering_member, process_leader
):
    for extension in ("csv", "xlsx"):
        target = base(round) + f"svar.{extension}"
        public.logout()  # `public` and `as_user` share one test client
        assert public.get(target).status_code == 302
        assert as_user(contact).get(target).status_code == 302
        assert as_user(steering_member).get(target).status_code == 403
        assert as_user(process_leader).get(target).status_code == 200


@pytest.mark.parametrize("parties", [3, 15])
def test_it_takes_the_same_queries_for_many_parties(
    parties, round, make_party, as_user, process_leader, django_assert_max_num_queries
):
    for number in range(parties):
        party = make_party(f"Part {number}")
        response = Response.objects.create(
            round=round,
            organisation=party,
            status=Response.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        Answer.objects.create(
            response=response, question=question(round, QuestionKind.NUMBER), number=number
        )
    client = as_user(process_leader)

    with django_assert_max_num_queries(8):
        response = client.get(base(round) + "svar.csv")

    assert len(csv_rows(response)) > parties
