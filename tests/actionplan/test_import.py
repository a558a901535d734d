"""The spreadsheet round trip of a year's activities in the admin: preview, all or
nothing, both CSV dialects and XLSX, bad files, formula cells."""

import datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplan import spreadsheet
from actionplan.models import Activity, ActivityUpdate, Status
from audit.models import AuditEntry
from tests.actionplan import builders
from tests.actionplan.builders import (
    CSV_FORMAT,
    EXPORT,
    HEADER,
    XLSX_FORMAT,
    confirm,
    csv_file,
    english,
    messages_of,
    preview,
    row_of,
    this_year,
    xlsx_file,
)

# The builders' fixtures, for this module.
plan = builders.plan
annual_plan = builders.annual_plan
objective = builders.objective
make_activity = builders.make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(as_user, process_leader):
    return english(as_user(process_leader))


def test_it_previews_the_changes_of_each_row_and_saves_nothing_yet(leader, make_activity):
    activity = make_activity("Dialogforum")

    response = preview(leader, csv_file([HEADER, row_of(activity, status="ongoing", progress=40)]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "confirm_form" in response.context
    # The row's diff: the status struck through and replaced, the progress marked.
    assert "planned</del><ins" in html and "ongoing</ins>" in html
    row = response.context["result"].rows[0]
    assert row.import_type == "update"
    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (Status.PLANNED, 0)
    assert not ActivityUpdate.objects.exists()


def test_it_updates_by_id_and_records_each_change_on_the_timeline(
    leader, process_leader, make_activity
):
    activity = make_activity("Dialogforum")
    untouched = make_activity("Kunskapsdag")
    rows = [
        HEADER,
        row_of(activity, status="done", progress=60, ends_on=f"{this_year()}-10-01"),
        row_of(untouched),
    ]

    response = confirm(leader, preview(leader, csv_file(rows)))

    assert response.status_code == 302
    activity.refresh_from_db()
    # Done is always 100, whatever the cell said.
    assert (activity.status, activity.progress) == (Status.DONE, 100)
    assert activity.ends_on == datetime.date(this_year(), 10, 1)
    update = activity.updates.get()
    assert (update.status, update.progress, update.by) == (Status.DONE, 100, process_leader)
    assert AuditEntry.objects.filter(object_id=activity.pk, new_status="done 100").exists()
    assert not untouched.updates.exists()
    assert "1 updated" in " ".join(messages_of(response))


def test_it_creates_rows_without_an_id(leader, make_activity, annual_plan, objective):
    new_row = [
        "",
        this_year(),
        "Ny aktivitet",
        objective.title,
        "kunskap",
        "ongoing",
        20,
        "",
        "",
        "",
    ]

    confirm(leader, preview(leader, csv_file([HEADER, new_row])))

    activity = Activity.objects.get(title="Ny aktivitet")
    assert activity.annual_plan == annual_plan
    assert (activity.status, activity.progress) == (Status.ONGOING, 20)
    assert activity.updates.get().status == Status.ONGOING


def test_it_imports_nothing_when_one_row_is_refused(leader, make_activity):
    good, bad = make_activity("Bra"), make_activity("Dålig")
    rows = [HEADER, row_of(good, status="ongoing", progress=30), row_of(bad, progress=130)]

    response = preview(leader, csv_file(rows))

    html = response.content.decode()
    assert "confirm_form" not in response.context
    assert "Progress is a number from 0 to 100." in html
    good.refresh_from_db()
    assert good.status == Status.PLANNED
    assert not ActivityUpdate.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": 999999}, "There is no activity with id 999999."),
        ({"progress": -5}, "Progress is a number from 0 to 100."),
        ({"status": "klar"}, "Unknown status."),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "cannot end before it starts"),
        ({"status": '=HYPERLINK("http://x")'}, "would be run as a formula"),
        ({"starts_on": "1 maj"}, "Write the date as YYYY-MM-DD."),
    ],
)
def test_it_says_why_a_row_is_refused(change, message, leader, make_activity):
    activity = make_activity()

    response = preview(leader, csv_file([HEADER, row_of(activity, **change)]))

    assert message in response.content.decode()
    assert "confirm_form" not in response.context


def test_it_refuses_a_new_row_with_a_formula_title(leader, objective):
    row = ["", this_year(), "=1+1", objective.title, "kunskap", "planned", 0, "", "", ""]

    response = preview(leader, csv_file([HEADER, row]))

    assert "would be run as a formula" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", False), (";", False), (";", True), (",", True)]
)
def test_it_reads_both_csv_dialects_with_or_without_bom(delimiter, bom, leader, make_activity):
    activity = make_activity("Dialogforum – åäö")
    upload = csv_file(
        [HEADER, row_of(activity, status="ongoing", progress=55)], delimiter=delimiter, bom=bom
    )

    confirm(leader, preview(leader, upload))

    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (Status.ONGOING, 55)


def test_it_reads_xlsx(leader, make_activity):
    activity = make_activity()
    row = row_of(activity, status="postponed", progress=10, starts_on=datetime.date(2026, 2, 1))

    confirm(leader, preview(leader, xlsx_file([HEADER, row]), XLSX_FORMAT))

    activity.refresh_from_db()
    assert (activity.status, activity.progress) == (Status.POSTPONED, 10)
    assert activity.starts_on == datetime.date(2026, 2, 1)


def test_it_refuses_a_formula_in_xlsx_even_without_a_cached_value(leader, make_activity):
    activity = make_activity()

    response = preview(
        leader, xlsx_file([HEADER, row_of(activity, progress="=40+10")]), XLSX_FORMAT
    )

    assert "would be run as a formula" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "fmt", "message"),
    [
        (
            SimpleUploadedFile("a.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
            CSV_FORMAT,
            "not a spreadsheet",
        ),
        (SimpleUploadedFile("a.xlsx", b"id,year\n1,2026\n"), XLSX_FORMAT, "not an Excel workbook"),
        (
            SimpleUploadedFile(
                "a.csv", ";".join(HEADER).encode() + "\n;2026;Möte".encode("cp1252")
            ),
            CSV_FORMAT,
            "not in UTF-8",
        ),
        (SimpleUploadedFile("a.csv", b"name;email\nA;a@b.se\n"), CSV_FORMAT, "Missing: id, year"),
        (SimpleUploadedFile("a.csv", ",".join(HEADER).encode() + b"\n"), CSV_FORMAT, "no rows"),
    ],
)
def test_it_explains_a_file_it_cannot_read(upload, fmt, message, leader):
    response = preview(leader, upload, fmt)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "confirm_form" not in response.context


def test_it_refuses_more_than_five_thousand_rows(leader, monkeypatch, make_activity):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    activity = make_activity()

    response = preview(leader, csv_file([HEADER] + [row_of(activity)] * 4))

    assert "more than 3 rows" in response.content.decode()


def test_it_refuses_the_import_to_a_steering_member(as_user, steering_member):
    assert as_user(steering_member).get("/admin/actionplan/activity/import/").status_code == 403


def export(client, fmt: str):
    page = client.get(EXPORT)
    form = page.context["form"]
    data = {name: "on" for name in form.fields if name.startswith("activityresource_")}
    return client.post(EXPORT, {**data, "resource": "0", "format": fmt})


def test_it_exports_csv_with_formula_cells_neutralised(leader, make_activity, objective):
    make_activity('=HYPERLINK("http://evil")', progress=5)
    make_activity("@SUM(A1)")

    response = export(leader, CSV_FORMAT)

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert "Fler mötesplatser" in text


def test_it_exports_xlsx_with_formula_cells_neutralised(leader, make_activity):
    activity = make_activity("+46 ringer", progress=5)

    response = export(leader, XLSX_FORMAT)

    import io

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == activity.pk and rows[1][2] == "'+46 ringer" and rows[1][6] == 5


def test_it_reimports_its_own_export_without_changes(leader, make_activity):
    make_activity("=Formel i titeln", status=Status.ONGOING, progress=30)

    exported = export(leader, CSV_FORMAT).content
    response = confirm(leader, preview(leader, SimpleUploadedFile("e.csv", exported)))

    assert "0 updated" in " ".join(messages_of(response))
    assert not ActivityUpdate.objects.exists()


def test_it_rolls_back_every_row_when_the_confirmed_file_has_a_bad_one(
    leader, process_leader, make_activity
):
    # What the confirm step does if a row has become invalid since the preview.
    from actionplan.resources import ActivityCSV, ActivityResource

    good, bad = make_activity("Bra"), make_activity("Dålig")
    upload = csv_file(
        [HEADER, row_of(good, status="ongoing", progress=30), row_of(bad, status="x")]
    )
    dataset = ActivityCSV().create_dataset(upload.read())

    result = ActivityResource(agreement=good.annual_plan.plan.agreement).import_data(
        dataset, dry_run=False, user=process_leader, rollback_on_validation_errors=True
    )

    assert result.has_validation_errors()
    good.refresh_from_db()
    assert good.status == Status.PLANNED
    assert not ActivityUpdate.objects.exists() and not AuditEntry.objects.exists()
