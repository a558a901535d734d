"""The figures behind the report's charts and tables as one XLSX, a sheet per table, for
the process leader who makes her own slides. No personal data: the chapters' sheets hold
counts, averages and the parties' (public) names only."""

import io

from django.utils import translation

from common.cells import safe_cell
from followup.report.chapter import Sheet
from followup.report.chapters import chapters
from followup.report.render import LANGUAGE

SHEET_NAME_MAX = 31  # Excel's limit
FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def figure_sheets(agreement, year: int) -> list[Sheet]:
    with translation.override(LANGUAGE):
        found = []
        for chapter in chapters():
            found += chapter.sheets(chapter.collect(agreement, year))
        return found


def _name(title: str, taken: set[str]) -> str:
    base = str(title).translate(FORBIDDEN).strip()[:SHEET_NAME_MAX] or "Blad"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def figures_xlsx(agreement, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in figure_sheets(agreement, year):
        worksheet = workbook.create_sheet(_name(sheet.title, taken))
        worksheet.append([safe_cell(str(heading)) for heading in sheet.header])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append([safe_cell(value) for value in row])
    if not workbook.worksheets:
        workbook.create_sheet("Blad")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
