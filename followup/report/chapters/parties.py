"""Chapter 1, the year in figures, and the appendix: every party on the year's last day."""

from django.utils.translation import gettext_lazy as _

from followup.report.chapters import Chapter, Sheet


def collect_figures(agreement, year: int) -> dict:
    return {}


def figure_sheets(context: dict) -> list[Sheet]:
    return []


def collect_appendix(agreement, year: int) -> dict:
    return {}


def appendix_sheets(context: dict) -> list[Sheet]:
    return []


FIGURES = Chapter(
    "figures",
    _("The year in figures"),
    "followup/report/figures.html",
    collect_figures,
    figure_sheets,
)
APPENDIX = Chapter(
    "appendix",
    _("Appendix: the parties"),
    "followup/report/appendix.html",
    collect_appendix,
    appendix_sheets,
)
