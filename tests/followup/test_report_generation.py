"""Asking for an annual report, generating it and what happens when generation goes wrong."""

import datetime
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone, translation
from pypdf import PdfReader

from audit.models import AuditEntry
from followup import reports
from followup.models import AnnualReport
from followup.tasks import generate_report

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in for a rendered report\n%%EOF\n"


@pytest.fixture
def quick_render(monkeypatch):
    """Rendering replaced by a stand-in, for the tests about state rather than the PDF."""
    calls = []

    def render(agreement, year, progress=None, texts=None):
        calls.append(year)
        if progress:
            progress(50)
        return FAKE_PDF, 3

    monkeypatch.setattr("followup.report.render.render_report", render)
    return calls


def audit_trail(report: AnnualReport) -> list[tuple[str, str]]:
    entries = AuditEntry.objects.filter(object_id=report.pk).order_by("at", "pk")
    return [
        (entry.old_status, entry.new_status)
        for entry in entries
        if entry.content_type.model_class() is AnnualReport
    ]


def files_of(report: AnnualReport, settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reports" / str(report.year)
    return sorted(folder.glob(f"*-v{report.version}*.pdf")) if folder.exists() else []


def test_it_numbers_the_versions_of_a_year_one_two_three(agreement, process_leader, quick_render):
    versions = []
    for _ in range(3):
        report, created = reports.request_report(agreement, 2026, by=process_leader)
        assert created
        reports.generate(report.pk)
        versions.append(report.version)

    assert versions == [1, 2, 3]
    assert AnnualReport.objects.get(year=2026, version=1).requested_by == process_leader


def test_it_returns_the_version_already_queued_or_running_instead_of_a_second(
    agreement, process_leader, quick_render
):
    queued, created = reports.request_report(agreement, 2026, by=process_leader)
    again, created_again = reports.request_report(agreement, 2026, by=process_leader)
    assert created and not created_again
    assert again == queued

    AnnualReport.objects.filter(pk=queued.pk).update(status=AnnualReport.Status.RUNNING)
    running, created_now = reports.request_report(agreement, 2026, by=process_leader)
    assert running == queued and not created_now
    assert AnnualReport.objects.count() == 1


@pytest.mark.parametrize(
    "year, msgid",
    [
        (2025, "The agreement took effect in %(first)s; there is no report for %(year)s."),
        (
            timezone.localdate().year + 1,
            "%(year)s has not begun yet; a report can be made for this year or earlier.",
        ),
    ],
)
def test_it_refuses_a_year_before_the_agreement_or_in_the_future(
    agreement, process_leader, year, msgid
):
    with pytest.raises(reports.ReportError) as refused:
        reports.request_report(agreement, year, by=process_leader)

    assert str(refused.value) == translation.gettext(msgid) % {"year": year, "first": 2026}
    assert not AnnualReport.objects.exists()


def test_it_marks_the_version_ready_with_its_file_pages_and_size(
    agreement, process_leader, settings
):
    report, _ = reports.request_report(agreement, 2026, by=process_leader)

    reports.generate(report.pk)

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY
    assert report.progress == 100
    assert report.attempts == 1
    assert report.error == ""
    assert report.finished_at is not None
    with report.file.open("rb") as file:
        pdf = file.read()
    assert pdf.startswith(b"%PDF")
    assert report.size == len(pdf)
    assert report.pages == len(PdfReader(report.file.path).pages) >= 3
    assert [path.name for path in files_of(report, settings)] == [report.filename()]
    assert audit_trail(report) == [("", "queued"), ("running", "ready")]


def test_it_marks_a_failed_render_with_its_error_and_keeps_the_ready_version(
    agreement, process_leader, monkeypatch, settings, quick_render
):
    ready, _ = reports.request_report(agreement, 2026, by=process_leader)
    reports.generate(ready.pk)

    def broken(agreement, year, progress=None, texts=None):
        raise RuntimeError("the survey chapter divided by zero")

    monkeypatch.setattr("followup.report.render.render_report", broken)
    failing, created = reports.request_report(agreement, 2026, by=process_leader)
    assert created
    assert generate_report.run(failing.pk) == "failed"

    failing.refresh_from_db()
    assert failing.status == AnnualReport.Status.FAILED
    assert failing.error == "RuntimeError: the survey chapter divided by zero"
    assert not failing.file
    assert failing.pages is None and failing.size is None
    assert files_of(failing, settings) == []
    ready.refresh_from_db()
    assert ready.status == AnnualReport.Status.READY
    assert ready.file and len(files_of(ready, settings)) == 1
    assert audit_trail(failing)[-1] == ("running", "failed")
    # A failed version does not hold up the next request.
    assert reports.request_report(agreement, 2026, by=process_leader)[0].version == 3


def test_it_does_nothing_when_asked_to_generate_a_version_that_is_ready(
    agreement, process_leader, quick_render
):
    report, _ = reports.request_report(agreement, 2026, by=process_leader)
    reports.generate(report.pk)
    report.refresh_from_db()
    before = (report.status, report.file.name, report.finished_at, report.attempts)

    assert reports.generate(report.pk) is None
    assert generate_report.run(report.pk) == "already finished"

    report.refresh_from_db()
    assert (report.status, report.file.name, report.finished_at, report.attempts) == before
    assert quick_render == [2026]


def test_it_stores_one_file_when_two_runs_of_the_same_version_both_finish(
    agreement, process_leader, settings
):
    report, _ = reports.request_report(agreement, 2026, by=process_leader)
    first = reports._claim(report.pk)
    # The broker hands the task to a second worker while the first is still busy.
    second = reports._claim(report.pk)
    assert first is not None and second is not None

    reports._store(second, FAKE_PDF + b"second", 4)
    reports._store(first, FAKE_PDF + b"first", 3)

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY
    assert report.attempts == 2
    assert report.pages == 4
    assert report.file.read().endswith(b"second")
    assert len(files_of(report, settings)) == 1
    assert audit_trail(report).count(("running", "ready")) == 1


def test_it_replaces_a_file_left_behind_by_a_run_that_died_before_committing(
    agreement, process_leader, settings
):
    report, _ = reports.request_report(agreement, 2026, by=process_leader)
    claimed = reports._claim(report.pk)
    left = Path(settings.MEDIA_ROOT) / "reports" / "2026" / report.filename()
    left.parent.mkdir(parents=True)
    left.write_bytes(b"half a PDF")

    reports._store(claimed, FAKE_PDF, 3)

    assert [path.read_bytes() for path in files_of(report, settings)] == [FAKE_PDF]


def test_it_sends_again_the_versions_left_unfinished_too_long(
    agreement, process_leader, monkeypatch, quick_render
):
    sent = []
    monkeypatch.setattr(generate_report, "delay", sent.append)
    now = timezone.now()
    long_ago = now - reports.STUCK_AFTER - datetime.timedelta(minutes=1)

    def version(year, status, requested_at, started_at=None):
        # Earlier years straight into the table: request_report offers only this one.
        report = AnnualReport.objects.create(agreement=agreement, year=year, version=1)
        AnnualReport.objects.filter(pk=report.pk).update(
            status=status, requested_at=requested_at, started_at=started_at
        )
        return report

    lost_worker = version(2026, AnnualReport.Status.RUNNING, long_ago, long_ago)
    lost_message = version(2025, AnnualReport.Status.QUEUED, long_ago)
    version(2024, AnnualReport.Status.RUNNING, long_ago, now)  # started again just now
    version(2023, AnnualReport.Status.QUEUED, now)  # waiting its turn
    finished = version(2022, AnnualReport.Status.FAILED, long_ago, long_ago)

    assert reports.requeue_stuck(now=now) == 2
    assert sorted(sent) == sorted([lost_worker.pk, lost_message.pk])

    reports.generate(lost_worker.pk)
    lost_worker.refresh_from_db()
    assert lost_worker.status == AnnualReport.Status.READY and lost_worker.attempts == 1
    assert finished.pk not in sent


def test_it_gives_up_on_a_version_whose_worker_keeps_dying(agreement, process_leader, quick_render):
    report, _ = reports.request_report(agreement, 2026, by=process_leader)
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.RUNNING, attempts=reports.MAX_ATTEMPTS
    )

    assert reports.generate(report.pk) is None

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert str(reports.MAX_ATTEMPTS) in report.error
    assert quick_render == []
    assert reports.request_report(agreement, 2026, by=process_leader)[1]


def test_it_writes_who_asked_and_who_published_in_the_audit_trail(
    agreement, process_leader, quick_render
):
    report, _ = reports.request_report(agreement, 2026, by=process_leader)
    reports.generate(report.pk)
    reports.publish(report, by=process_leader)

    entries = AuditEntry.objects.filter(object_id=report.pk, new_status__in=["queued", "published"])
    assert {entry.new_status: entry.actor for entry in entries} == {
        "queued": process_leader,
        "published": process_leader,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_starts_one_generation_when_two_requests_arrive_at_the_same_moment(
    require_postgres, agreement, process_leader, monkeypatch
):
    monkeypatch.setattr(generate_report, "delay", lambda pk: None)
    start = threading.Barrier(2)
    results, errors = [], []

    def ask():
        try:
            start.wait(timeout=10)
            results.append(reports.request_report(agreement, 2026, by=process_leader))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert AnnualReport.objects.count() == 1
    assert {report.pk for report, _ in results} == {AnnualReport.objects.get().pk}
    assert sorted(created for _, created in results) == [False, True]
