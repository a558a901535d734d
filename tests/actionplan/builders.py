"""Builders for the action plan's admin, import and service tests: a plan on the demo
agreement with this year's annual plan, an objective, activities, and spreadsheets."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplan.models import ActionPlan, Activity, ActivityArea, AnnualPlan, DevelopmentArea

ACTIVITIES = "/admin/actionplan/activity/"
IMPORT = f"{ACTIVITIES}import/"
PROCESS_IMPORT = f"{ACTIVITIES}process_import/"
EXPORT = f"{ACTIVITIES}export/"
HEADER = [
    "id",
    "year",
    "title",
    "objective",
    "area",
    "status",
    "progress",
    "starts_on",
    "ends_on",
    "lead_party",
]
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def plan(agreement):
    year = this_year()
    return ActionPlan.objects.create(
        agreement=agreement, title="Handlingsplan", first_year=year - 1, last_year=year + 2
    )


@pytest.fixture
def annual_plan(plan):
    return AnnualPlan.objects.create(plan=plan, year=this_year())


@pytest.fixture
def objective(plan):
    area = DevelopmentArea.objects.create(plan=plan, title="Dialog")
    return area.objectives.create(title="Fler mötesplatser")


@pytest.fixture
def make_activity(annual_plan, objective):
    """make_activity("Title", status=…, progress=…, lead_party=…, …)."""

    def make(title: str = "Dialogforum", **fields) -> Activity:
        fields.setdefault("annual_plan", annual_plan)
        fields.setdefault("objective", objective)
        fields.setdefault("area", ActivityArea.objects.order_by("order").first())
        return Activity.objects.create(title=title, **fields)

    return make


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response) -> list[str]:
    return [m.message for m in response.wsgi_request._messages]


def csv_file(rows: list[list], *, delimiter: str = ",", bom: bool = False, name="a.csv"):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    data = text.getvalue().encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, "text/csv")


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_file(rows: list[list], name="a.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows), "application/octet-stream")


def row_of(activity: Activity, **changes) -> list:
    """The activity as a row of the export, with some cells changed."""
    values = {
        "id": activity.pk,
        "year": activity.annual_plan.year,
        "title": activity.title,
        "objective": activity.objective.title,
        "area": activity.area.slug,
        "status": activity.status,
        "progress": activity.progress,
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else "",
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else "",
        "lead_party": activity.lead_party.slug if activity.lead_party else "",
        **changes,
    }
    return [values[name] for name in HEADER]


def preview(client, upload, fmt: str = CSV_FORMAT):
    """Upload a file to the import page: the preview (a dry run)."""
    return client.post(IMPORT, {"resource": "0", "format": fmt, "import_file": upload})


def confirm(client, response):
    """Confirm the previewed import, as the page's button does."""
    form = response.context["confirm_form"]
    return client.post(PROCESS_IMPORT, {name: form.initial[name] for name in form.initial})
