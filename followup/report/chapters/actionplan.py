"""Chapter: the action plan."""

from django.utils.translation import gettext_lazy as _

from followup.report.chapters import Chapter, Sheet


def collect(agreement, year: int) -> dict:
    return {}


def sheets(context: dict) -> list[Sheet]:
    return []


CHAPTER = Chapter(
    "actionplan", _("The action plan"), "followup/report/actionplan.html", collect, sheets
)
