"""Stored files go out as downloads that no browser runs (#15.28)."""

import io
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followup.models import AnnualReport
from parties.models import Application

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = "sandbox; default-src 'none'"


def _pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('Hej från bilagan');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _assert_inert_download(response, filename: str, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    # The portal's page policy (django-csp) must not replace the sandbox.
    assert response["Content-Security-Policy"] == SANDBOX


def test_an_attachment_with_javascript_reaches_staff_only_as_a_download(
    public, application_payload, as_user, steering_member
):
    pdf = _pdf_with_javascript()
    assert b"/JavaScript" in pdf
    upload = SimpleUploadedFile("beslut.pdf", pdf, content_type="application/pdf")
    assert public.post("/anslut/", {**application_payload, "attachment": upload}).status_code == 302
    application = Application.objects.get()

    response = as_user(steering_member).get(
        f"/admin/parties/application/{application.pk}/attachment/"
    )

    _assert_inert_download(
        response, f"foreningen-ny-gemenskap-{application.pk}.pdf", "application/pdf"
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == pdf


def _report(agreement, *, published: bool) -> AnnualReport:
    version = AnnualReport.objects.filter(agreement=agreement, year=2026).count() + 1
    report = AnnualReport(
        agreement=agreement, year=2026, version=version, status=AnnualReport.Status.READY
    )
    report.file.save(report.filename(), ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.published_at = timezone.now() if published else None
    report.save()
    return report


def test_a_draft_report_is_a_private_inert_download(agreement, as_user, process_leader):
    draft = _report(agreement, published=False)

    response = as_user(process_leader).get(draft.get_download_url())

    _assert_inert_download(response, draft.filename(), "application/pdf")
    assert "no-store" in response["Cache-Control"]


def test_a_published_report_is_an_inert_download_for_anyone(agreement, public):
    published = _report(agreement, published=True)

    response = public.get(published.get_download_url())

    _assert_inert_download(response, published.filename(), "application/pdf")


def test_every_stored_file_goes_out_through_the_download_helper():
    """A new view that streams a stored file gets the same headers by using the helper."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/")) or relative == "common/downloads.py":
            continue
        if re.search(r"\bFileResponse\(", path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == [], f"use common.downloads.download_response in {offenders}"
