"""/rapporter/: the published reports for anyone; generating, following, publishing and
downloading every version for the process leader; the figures as XLSX; the start page."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from followup import reports
from followup.home_reports import latest_report
from followup.models import AnnualReport

pytestmark = pytest.mark.django_db

URL = "/rapporter/"
SMALL_PDF = b"%PDF-1.7\n% a stand-in for a rendered report\n%%EOF\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sv(message: str, **values) -> str:
    """The message as a Swedish visitor sees it (whatever the catalogue has come to)."""
    with translation.override("sv"):
        text = translation.gettext(message)
    return text % values if values else text


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def make_report(agreement):
    """An AnnualReport row with a small file, without rendering a PDF."""

    def make(year=2026, *, status=AnnualReport.Status.READY, published=False, **fields):
        version = (
            AnnualReport.objects.filter(agreement=agreement, year=year).count() + 1
            if "version" not in fields
            else fields.pop("version")
        )
        report = AnnualReport(agreement=agreement, year=year, version=version, status=status)
        for name, value in fields.items():
            setattr(report, name, value)
        if status == AnnualReport.Status.READY:
            report.file.save(report.filename(), ContentFile(SMALL_PDF), save=False)
            report.pages = fields.get("pages", 12)
            report.size = fields.get("size", 340_000)
            report.progress = 100
        if published:
            report.published_at = timezone.now()
        report.save()
        return report

    return make


@pytest.fixture
def published_and_draft(make_report):
    return make_report(published=True), make_report()


@pytest.fixture
def persona(request, public, as_user):
    """The client as one of the named personas (by fixture name)."""
    if request.param == "public":
        return public
    return as_user(request.getfixturevalue(request.param))


def test_urls_are_the_contract():
    assert reverse("followup:reports") == URL
    assert reverse("followup:report_status", args=[7]) == "/rapporter/7/status.json"
    assert reverse("followup:report_download", args=[7]) == "/rapporter/7/ladda-ner/"
    assert reverse("followup:report_publish", args=[7]) == "/rapporter/7/publicera/"
    assert reverse("followup:report_figures", args=[2026]) == "/rapporter/2026/siffror.xlsx"


# ---- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["public", "contact", "steering_member"], indirect=True)
def test_it_shows_only_published_reports_and_no_form_to_everyone_but_the_process_leader(
    persona, published_and_draft
):
    published, draft = published_and_draft

    response = english(persona).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Annual report 2026 (PDF, 12 pages, 340 kB)" in html
    assert published.get_download_url() in html
    assert draft.get_download_url() not in html
    assert 'name="year"' not in html
    assert "Generate report" not in html
    assert "siffror.xlsx" not in html
    assert "data-status-url" not in html


def test_it_lists_published_reports_newest_year_first(public, make_report):
    make_report(2026, published=True)
    make_report(2027, published=True, pages=1, size=999)

    html = english(public).get(URL).content.decode()

    newer = html.index("Annual report 2027 (PDF, 1 page, 1 kB)")
    older = html.index("Annual report 2026 (PDF, 12 pages, 340 kB)")
    assert newer < older


def test_it_says_so_when_nothing_is_published(public, make_report):
    make_report()

    html = english(public).get(URL).content.decode()

    assert "No annual report has been published yet." in html


def test_it_shows_the_process_leader_the_form_every_version_and_the_figures(
    as_user, process_leader, make_report, agreement
):
    published = make_report(published=True)
    draft = make_report()
    failed = make_report(status=AnnualReport.Status.FAILED, error="ValueError: ingen data")
    running = make_report(2025, status=AnnualReport.Status.RUNNING, progress=45)

    html = english(as_user(process_leader)).get(URL).content.decode()

    assert 'name="year"' in html
    for year in reports.years_for(agreement):
        assert f'<option value="{year}"' in html
        assert reverse("followup:report_figures", args=[year]) in html
    for report in (published, draft, failed, running):
        assert f'id="report-{report.pk}"' in html
    assert draft.get_download_url() in html
    assert "ValueError: ingen data" in html
    assert f'data-status-url="{running.get_status_url()}"' in html
    assert 'value="45"' in html
    assert "Update status" in html
    assert "js/report-status" in html
    # A publish button for the ready draft, a withdraw button for the published one.
    assert html.count('value="publish"') == 1
    assert html.count('value="unpublish"') == 1


def test_it_names_who_requested_a_version(as_user, process_leader, make_report):
    make_report(requested_by=process_leader)

    html = as_user(process_leader).get(URL).content.decode()

    assert "processledare@region.test" in html


def test_it_loads_no_script_when_nothing_is_being_generated(as_user, process_leader, make_report):
    make_report()

    html = as_user(process_leader).get(URL).content.decode()

    assert "js/report-status" not in html


def test_it_lists_versions_in_a_constant_number_of_queries(
    as_user, process_leader, make_report, django_assert_max_num_queries
):
    client = as_user(process_leader)
    client.get(URL)
    for year in (2026, 2026, 2026, 2025, 2025):
        make_report(year, requested_by=process_leader)

    # One of them finds the agreement's period (the first version's start, the last's end).
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200


# ---- asking for a version -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["public", "contact", "steering_member"], indirect=True)
def test_it_refuses_to_generate_for_anyone_but_the_process_leader(persona, agreement):
    response = persona.post(URL, {"year": 2026})

    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("year", [2020, 2099])
def test_it_refuses_a_year_outside_the_agreement_with_a_message(
    as_user, process_leader, agreement, year
):
    with translation.override("sv"):
        try:
            reports.check_year(agreement, year)
        except reports.ReportError as error:
            message = str(error)

    response = as_user(process_leader).post(URL, {"year": year})

    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message) in html
    assert 'id="error-summary"' in html
    assert not AnnualReport.objects.exists()


def test_it_refuses_a_missing_year(as_user, process_leader, agreement):
    response = as_user(process_leader).post(URL, {"year": ""})

    assert response.status_code == 400
    assert escape(sv("Choose the year the report is about.")) in response.content.decode()


def test_it_starts_one_generation_for_two_clicks(
    as_user, process_leader, agreement, monkeypatch, settings
):
    sent = []
    monkeypatch.setattr("followup.tasks.generate_report.delay", sent.append)
    client = as_user(process_leader)

    first = client.post(URL, {"year": 2026})
    second = client.post(URL, {"year": 2026}, follow=True)

    report = AnnualReport.objects.get()
    assert first.status_code == 302
    assert first["Location"] == f"{URL}#report-{report.pk}"
    assert second.redirect_chain[-1][0] == f"{URL}#report-{report.pk}"
    assert escape(sv("A report for %(year)s is already being generated.", year=2026)) in (
        second.content.decode()
    )
    assert report.status == AnnualReport.Status.QUEUED
    assert report.requested_by == process_leader


def test_it_generates_a_real_report_and_the_process_leader_downloads_it(
    as_user, process_leader, agreement, django_capture_on_commit_callbacks
):
    client = as_user(process_leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"year": 2026})

    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert report.status == AnnualReport.Status.READY, report.error
    download = client.get(report.get_download_url())
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF")
    assert len(body) == report.size
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{report.filename()}"'
    assert report.filename() == "arsrapport-2026-norradalen-v1.pdf"


# ---- the status -----------------------------------------------------------------------------


def test_it_tells_the_process_leader_how_far_a_version_has_come(
    as_user, process_leader, make_report
):
    running = make_report(status=AnnualReport.Status.RUNNING, progress=45)

    response = english(as_user(process_leader)).get(running.get_status_url())

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "status": "running",
        "label": "Being generated",
        "progress": 45,
        "finished": False,
    }


def test_it_gives_the_download_address_of_a_ready_version(as_user, process_leader, make_report):
    ready = make_report()

    data = as_user(process_leader).get(ready.get_status_url()).json()

    assert data["finished"] is True
    assert data["status"] == "ready"
    assert data["progress"] == 100
    assert data["download_url"] == ready.get_download_url()
    assert "error" not in data


def test_it_gives_the_error_of_a_failed_version(as_user, process_leader, make_report):
    failed = make_report(status=AnnualReport.Status.FAILED, error="OSError: disken är full")

    data = as_user(process_leader).get(failed.get_status_url()).json()

    assert data["finished"] is True
    assert data["error"] == "OSError: disken är full"
    assert "download_url" not in data


@pytest.mark.parametrize("persona", ["public", "contact", "steering_member"], indirect=True)
def test_it_hides_the_status_from_everyone_but_the_process_leader(persona, make_report):
    published = make_report(published=True)

    assert persona.get(published.get_status_url()).status_code == 404


# ---- downloading ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["public", "contact", "steering_member", "process_leader"], indirect=True
)
def test_it_lets_anyone_download_a_published_report(persona, make_report):
    published = make_report(published=True)

    response = persona.get(published.get_download_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SMALL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{published.filename()}"'
    assert re.fullmatch(r"arsrapport-2026-[a-z-]*norradalen-v1\.pdf", published.filename())
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_downloads_each_version_under_a_name_that_includes_its_version(
    as_user, process_leader, make_report
):
    client = as_user(process_leader)
    first, second = make_report(), make_report()

    names = [
        client.get(report.get_download_url())["Content-Disposition"] for report in (first, second)
    ]

    assert names == [
        'attachment; filename="arsrapport-2026-norradalen-v1.pdf"',
        'attachment; filename="arsrapport-2026-norradalen-v2.pdf"',
    ]


@pytest.mark.parametrize("persona", ["public", "contact", "steering_member"], indirect=True)
def test_it_does_not_reveal_an_unpublished_version(persona, make_report):
    make_report(published=True)
    draft = make_report()

    assert persona.get(draft.get_download_url()).status_code == 404


def test_it_serves_an_unpublished_version_to_the_process_leader_only_privately(
    as_user, process_leader, make_report
):
    draft = make_report()

    response = as_user(process_leader).get(draft.get_download_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_it_has_nothing_to_download_for_an_unfinished_version(as_user, process_leader, make_report):
    queued = make_report(status=AnnualReport.Status.QUEUED)

    assert as_user(process_leader).get(queued.get_download_url()).status_code == 404


# ---- publishing -----------------------------------------------------------------------------


def test_it_lets_the_process_leader_publish_a_version_for_everyone(
    as_user, process_leader, make_report, public
):
    first = make_report(published=True)
    second = make_report()
    client = as_user(process_leader)

    response = client.post(reverse("followup:report_publish", args=[second.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"{URL}#report-{second.pk}"
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.is_published and not first.is_published
    client.logout()
    html = client.get(URL).content.decode()
    assert second.get_download_url() in html
    assert first.get_download_url() not in html


def test_it_lets_the_process_leader_withdraw_a_publication(as_user, process_leader, make_report):
    published = make_report(published=True)
    client = as_user(process_leader)

    client.post(reverse("followup:report_publish", args=[published.pk]), {"action": "unpublish"})

    published.refresh_from_db()
    assert not published.is_published
    client.logout()
    assert client.get(published.get_download_url()).status_code == 404


def test_it_explains_that_only_a_ready_version_can_be_published(
    as_user, process_leader, make_report
):
    failed = make_report(status=AnnualReport.Status.FAILED, error="boom")

    response = as_user(process_leader).post(
        reverse("followup:report_publish", args=[failed.pk]), follow=True
    )

    assert escape(sv("Only a ready report can be published.")) in response.content.decode()
    failed.refresh_from_db()
    assert not failed.is_published


@pytest.mark.parametrize("persona", ["public", "contact", "steering_member"], indirect=True)
def test_it_refuses_to_publish_for_anyone_but_the_process_leader(persona, make_report):
    draft = make_report()

    response = persona.post(reverse("followup:report_publish", args=[draft.pk]))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


# ---- the figures ----------------------------------------------------------------------------


def test_it_gives_the_process_leader_the_figures_as_xlsx(as_user, process_leader, agreement):
    response = as_user(process_leader).get(reverse("followup:report_figures", args=[2026]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="arsrapport-2026-siffror.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames


def test_it_refuses_figures_for_a_year_outside_the_agreement(as_user, process_leader, agreement):
    with translation.override("sv"):
        try:
            reports.check_year(agreement, 2019)
        except reports.ReportError as error:
            message = str(error)

    response = as_user(process_leader).get(reverse("followup:report_figures", args=[2019]))

    assert response.status_code == 400
    assert escape(message) in response.content.decode()


def test_it_sends_an_anonymous_visitor_to_sign_in_for_the_figures(public, agreement):
    response = public.get(reverse("followup:report_figures", args=[2026]))

    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["contact", "steering_member"], indirect=True)
def test_it_refuses_the_figures_to_other_signed_in_users(persona, agreement):
    assert persona.get(reverse("followup:report_figures", args=[2026])).status_code == 403


# ---- the start page -------------------------------------------------------------------------


def test_it_offers_the_newest_published_report_on_the_start_page(
    agreement, make_report, django_assert_num_queries
):
    make_report(2025, published=True)
    newest = make_report(2026, published=True)
    make_report(2026)

    with django_assert_num_queries(1):
        found = latest_report(agreement)

    assert found == {"latest_report": newest}
    assert found["latest_report"].size_label


def test_it_offers_no_report_on_the_start_page_before_one_is_published(agreement, make_report):
    make_report()

    assert latest_report(agreement) == {"latest_report": None}
    assert latest_report(None) == {"latest_report": None}


def test_its_start_page_section_links_to_the_report_and_the_list(make_report):
    from django.template.loader import render_to_string

    report = make_report(published=True)
    report.size_label = "340 kB"

    with translation.override("en"):
        html = render_to_string("followup/includes/latest_report.html", {"report": report})

    assert f'href="{report.get_download_url()}"' in html
    assert "Annual report 2026 (PDF, 12 pages, 340 kB)" in html
    assert f'href="{URL}"' in html


# ---- the admin ------------------------------------------------------------------------------


def test_it_lists_the_versions_read_only_in_the_admin(as_user, process_leader, make_report):
    report = make_report(requested_by=process_leader)
    client = as_user(process_leader)

    listing = client.get("/admin/followup/annualreport/")

    assert listing.status_code == 200
    html = listing.content.decode()
    assert f"{URL}#report-{report.pk}" in html
    assert "/admin/followup/annualreport/add/" not in html
    assert client.get("/admin/followup/annualreport/add/").status_code == 403
    change = f"/admin/followup/annualreport/{report.pk}/change/"
    assert client.post(change, {"year": 2020}).status_code == 403
    delete = f"/admin/followup/annualreport/{report.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.year == 2026
