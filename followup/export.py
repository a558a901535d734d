"""A round's responses as a spreadsheet (CSV or XLSX) for the process leader.

One row per party that has submitted and question asked of it. A draft is the party's own
until it is sent in (the form promises so): drafts are never exported. What the parties
answered, never who they are: no contact person's name, email or phone. Every text cell
is defused, so a cell a party wrote that starts with "=" is not run as a formula.

The CSV is UTF-8 with a byte-order mark and semicolons: what Excel with Swedish settings
opens as columns, with å, ä and ö intact.
"""

import csv
import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Sector
from common.cells import safe_cell
from followup.models import Answer, FollowUpRound, Question, QuestionKind, Response

CSV_DELIMITER = ";"


def columns() -> list[str]:
    return [
        _("Year"),
        _("Party"),
        _("Organisation number"),
        _("Sector"),
        _("Municipality"),
        _("Response status"),
        _("Submitted"),
        _("Theme"),
        _("Question"),
        _("Kind of question"),
        _("Answer"),
        _("Comment"),
    ]


def filename(round: FollowUpRound, extension: str) -> str:
    return f"uppfoljning-{round.year}-svar.{extension}"


def answer_value(question: Question, answer: Answer | None) -> str | int:
    """The answer as a spreadsheet shows it: a number stays a number."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.SCALE:
        if answer.cannot_judge:
            return _("Cannot judge")
        return answer.scale if answer.scale is not None else ""
    if question.kind == QuestionKind.YES_NO:
        if answer.yes_no is None:
            return ""
        return _("Yes") if answer.yes_no else _("No")
    if question.kind == QuestionKind.NUMBER:
        return answer.number if answer.number is not None else ""
    return answer.text


def _xlsx_cell(value):
    # A control character a party pasted in would make openpyxl refuse the whole file.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def rows(round: FollowUpRound) -> Iterator[list]:
    """The data rows of the submitted responses, parties by name, questions in order. Three
    queries, whatever the size: the responses with their parties, the questions, the answers."""
    responses = (
        round.responses.submitted()
        .select_related("organisation", "organisation__municipality")
        .order_by("organisation__name", "pk")
    )
    questions = list(round.questions.order_by("order", "pk"))
    answers = {
        (answer.response_id, answer.question_id): answer
        for answer in Answer.objects.filter(
            response__round=round, response__status=Response.Status.SUBMITTED
        )
    }
    sectors = dict(Sector.choices)
    kinds = dict(QuestionKind.choices)
    statuses = dict(Response.Status.choices)
    for response in responses:
        organisation = response.organisation
        submitted = timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")
        party = [
            round.year,
            organisation.name,
            organisation.org_number,
            str(sectors.get(organisation.sector, organisation.sector)),
            organisation.municipality.name,
            str(statuses.get(response.status, response.status)),
            submitted,
        ]
        for question in questions:
            if not question.asked_of(organisation.sector):
                continue
            answer = answers.get((response.pk, question.pk))
            row = party + [
                question.theme,
                question.text,
                str(kinds.get(question.kind, question.kind)),
                answer_value(question, answer),
                answer.comment if answer is not None else "",
            ]
            yield [safe_cell(value) for value in row]


def as_csv(round: FollowUpRound) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(columns())
    writer.writerows(rows(round))
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(round: FollowUpRound) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Answers %(year)s") % {"year": round.year}
    sheet.append(columns())
    for row in rows(round):
        sheet.append([_xlsx_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
