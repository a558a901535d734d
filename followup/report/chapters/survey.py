"""Chapter: the follow-up."""

from django.utils.translation import gettext_lazy as _

from followup.report.chapters import Chapter, Sheet


def collect(agreement, year: int) -> dict:
    return {}


def sheets(context: dict) -> list[Sheet]:
    return []


CHAPTER = Chapter("survey", _("The follow-up"), "followup/report/survey.html", collect, sheets)
