"""The report's chapters, in order. Each chapter module collects its figures for a year
(`collect(agreement, year) -> dict`, the template's context), names its template, and
lists the figures behind its charts and tables as sheets for the spreadsheet export.

Figures that hold on a day ("the agreement had 38 parties") are as of the year's last day
once the year is over, and as of the day the report is made while it is still running: a
report made on 7 December does not state 31 December as a fact
(`followup.report.chapter.as_of`).
"""

from followup.report.chapter import Chapter


def chapters() -> list[Chapter]:
    from followup.report.chapters import actionplan, parties, proposals, steering, survey

    return [
        parties.FIGURES,
        survey.CHAPTER,
        actionplan.CHAPTER,
        steering.CHAPTER,
        proposals.CHAPTER,
        parties.APPENDIX,
    ]
