"""The process leader makes the annual report and publishes it; anyone downloads it.

Sign in → /rapporter/ → choose a year → generate → the version becomes ready → download
the PDF → publish → a visitor sees and downloads it. And a version that is still being
generated updates itself on the page (the status script) until it is ready.
"""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from followup import reports
from followup.models import AnnualReport
from tests.browser.conftest import give_second_factor
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _sign_in(page, email: str):
    page.goto("/konto/login/?next=/rapporter/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    give_second_factor(page)
    expect(page).to_have_url(re.compile(r"/rapporter/$"))


def _download_starts_with_pdf(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as handle:
        body = handle.read()
    assert body.startswith(b"%PDF")
    return download.suggested_filename


def test_it_lets_the_process_leader_generate_and_publish_the_report_for_everyone(
    page, browser, live_server, process_leader, agreement, assert_accessible, settings
):
    # As `make run` does without a broker: the click returns at once, a thread renders.
    settings.REPORT_GENERATION_IN_BACKGROUND = True
    _english(page, live_server)
    _sign_in(page, process_leader.email)
    expect(page.locator("h1")).to_have_text("Annual reports")
    assert_accessible(page, "/rapporter/ as the process leader")

    page.get_by_label("Year").select_option("2026")
    page.get_by_label("Foreword by the chair").fill("Ett år då samverkan tog fart.")
    page.get_by_label("Method note").fill("Svaren räknades när omgången stängde.")
    page.get_by_role("button", name="Generate report").click()

    report = AnnualReport.objects.get()
    row = page.locator(f"#report-{report.pk}")
    expect(row.locator("progress")).to_be_visible()  # followed while it is made
    link = row.get_by_role("link", name=re.compile(r"Annual report 2026 \(PDF, \d+ pages?, "))
    expect(link).to_be_visible(timeout=60_000)
    expect(row).to_contain_text("Ready")
    assert _download_starts_with_pdf(page, link) == AnnualReport.objects.get().filename()
    assert AnnualReport.objects.get().filename().endswith("-v1.pdf")
    text = "".join(p.extract_text() for p in PdfReader(AnnualReport.objects.get().file.path).pages)
    assert "Ett år då samverkan tog fart." in text
    assert "Svaren räknades när omgången stängde." in text
    assert_accessible(page, "/rapporter/ with a ready version")

    row.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("is now published")
    expect(page.locator(f"#report-{report.pk}")).to_contain_text("Published")

    # A visitor, in a browser of their own.
    visitor = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        public_page = visitor.new_page()
        _english(public_page, live_server)
        public_page.goto("/rapporter/")
        expect(public_page.get_by_role("button", name="Generate report")).to_have_count(0)
        public_link = public_page.get_by_role(
            "link", name=re.compile(r"Annual report 2026 \(PDF, \d+ pages?, ")
        )
        assert_accessible(public_page, "/rapporter/ as a visitor")
        _download_starts_with_pdf(public_page, public_link)
    finally:
        visitor.close()


def test_it_shows_a_version_being_generated_become_ready_without_a_reload(
    page, live_server, process_leader, agreement, assert_accessible
):
    # A version still waiting for a worker (none runs the task in this test).
    queued = AnnualReport.objects.create(agreement=agreement, year=2026, version=1)
    _english(page, live_server)
    _sign_in(page, process_leader.email)

    row = page.locator(f"#report-{queued.pk}")
    expect(row).to_contain_text("Queued")
    expect(row.locator("progress")).to_be_visible()
    # The script follows the version: the plain reload link is not needed.
    expect(row.get_by_role("link", name=re.compile("Update status"))).to_be_hidden()
    assert_accessible(page, "/rapporter/ with a queued version")

    reports.generate(queued.pk)

    expect(row.get_by_role("link", name=re.compile(r"Annual report 2026"))).to_be_visible(
        timeout=30_000
    )
    expect(row).to_contain_text("Ready")
    expect(row.locator("progress")).to_have_count(0)
