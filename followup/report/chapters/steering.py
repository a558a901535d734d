"""Chapter: the steering group."""

from django.utils.translation import gettext_lazy as _

from followup.report.chapters import Chapter, Sheet


def collect(agreement, year: int) -> dict:
    return {}


def sheets(context: dict) -> list[Sheet]:
    return []


CHAPTER = Chapter(
    "steering", _("The steering group"), "followup/report/steering.html", collect, sheets
)
