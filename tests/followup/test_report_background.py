"""Without a broker (the embedded default) the report is generated in a thread of the web
process: the click's request returns at once, and the page follows the version queued,
running and ready as it does with a worker."""

import json
import threading
import time

import pytest

from followup.models import AnnualReport

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/rapporter/"
WAIT = 120  # seconds: a busy machine renders the small report in a few


@pytest.fixture
def in_background(settings):
    from config.celery import app

    assert app.conf.task_always_eager, "the embedded default: no broker"
    settings.REPORT_GENERATION_IN_BACKGROUND = True
    yield
    for thread in threading.enumerate():
        if thread.name.startswith("annual-report-"):
            thread.join(WAIT)


def statuses_until_finished(client, report) -> list[str]:
    seen = []
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        data = json.loads(client.get(report.get_status_url()).content)
        if not seen or seen[-1] != data["status"]:
            seen.append(data["status"])
        if data["finished"]:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"not finished after {WAIT} s: {seen}")


def test_it_returns_before_the_pdf_is_ready_and_the_page_then_follows_it_to_ready(
    in_background, as_user, process_leader, agreement
):
    client = as_user(process_leader)
    client.cookies["django_language"] = "en"

    started = time.monotonic()
    response = client.post(URL, {"year": 2026})
    answered_in = time.monotonic() - started

    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert report.status in (AnnualReport.Status.QUEUED, AnnualReport.Status.RUNNING)
    assert not report.file
    page = client.get(URL).content.decode()
    # The row follows the version with its progress bar and the status script.
    assert f'data-status-url="{report.get_status_url()}"' in page
    assert "report-status.js" in page
    assert "<progress" in page

    seen = statuses_until_finished(client, report)
    assert seen[0] in ("queued", "running")
    assert seen[-1] == "ready"
    report.refresh_from_db()
    assert report.file and report.pages
    assert answered_in < (report.finished_at - report.requested_at).total_seconds()
    page = client.get(URL).content.decode()
    assert report.get_download_url() in page
    assert "report-status.js" not in page


def test_it_generates_in_the_request_when_the_tests_turn_the_thread_off(
    as_user, process_leader, agreement
):
    client = as_user(process_leader)

    client.post(URL, {"year": 2026})

    assert AnnualReport.objects.get().status == AnnualReport.Status.READY


def test_it_starts_again_a_version_whose_thread_was_lost_with_its_process(
    in_background, as_user, process_leader, agreement
):
    # Left queued by a web process that restarted while rendering: no thread, no beat.
    lost = AnnualReport.objects.create(agreement=agreement, year=2026, version=1)
    client = as_user(process_leader)

    client.post(URL, {"year": 2026})

    assert AnnualReport.objects.count() == 1  # the same version, not a second one
    assert statuses_until_finished(client, lost)[-1] == "ready"
