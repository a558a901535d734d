"""The annual report as a PDF: collect each chapter's figures, render HTML, WeasyPrint.

A function that returns bytes (STYLE): the task stores them. The document is Swedish, as
the conference is, whatever language the person who asked for it reads.
"""

import datetime
import re
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from agreements.pages import agreement_link
from followup.models import FollowUpRound
from followup.report import summary
from followup.report.chapter import as_of
from followup.report.chapters import chapters
from followup.report.fetcher import BASE_URL, StaticOnlyFetcher
from steering.models import Role, Seat

LANGUAGE = "sv"


def report_context(
    agreement,
    year: int,
    progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
    texts: dict | None = None,
) -> dict:
    """Every chapter's figures, and the chapters rendered as HTML in order; the key
    figures, the chair's foreword and the method note (`texts`), and where to write."""
    today = today or timezone.localdate()
    texts = texts or {}
    sections = []
    found = chapters()
    for index, chapter in enumerate(found, start=1):
        data = chapter.collect(agreement, year, today=today)
        html = render_to_string(
            chapter.template,
            {"agreement": agreement, "year": year, "data": data, "chapter": chapter},
        )
        sections.append({"chapter": chapter, "number": index, "html": mark_safe(html)})
        if progress:
            progress(10 + 50 * index // len(found))
    return {
        "agreement": agreement,
        "year": year,
        "sections": sections,
        "generated_on": today,
        "as_of": as_of(year, today),
        "year_over": as_of(year, today) == datetime.date(year, 12, 31),
        "summary": summary.collect(agreement, year, today=today),
        "foreword": texts.get("foreword", ""),
        "chair": _chair(agreement, as_of(year, today)),
        "method_note": texts.get("method_note", ""),
        "round": FollowUpRound.objects.filter(agreement=agreement, year=year).first(),
        "contact": {
            "email": agreement.steering_address,
            # At the agreement's own address, wherever the report is made (agreements.pages).
            "reports_url": agreement_link(agreement, "followup:reports"),
            "steering_url": agreement_link(agreement, "steering:composition"),
        },
    }


def _chair(agreement, day: datetime.date) -> str:
    """Who signs the foreword: the chair of the steering group on the report's day."""
    seat = Seat.objects.public().for_agreement(agreement).on(day).filter(role=Role.CHAIR).first()
    return seat.person_name if seat else ""


# "§ 4", "62 %", "3 400": a sign and its number, or a number's groups, are never parted
# at a line's end.
UNBREAKABLE = re.compile(r"(§) (?=\d)|(?<=\d) (?=%)")


def keep_together(html: str) -> str:
    return UNBREAKABLE.sub(lambda match: (match.group(1) or "") + "\u00a0", html)


def report_html(
    agreement,
    year: int,
    progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
    texts: dict | None = None,
) -> str:
    # The agreement's texts are in its own language (Swedish unless it says otherwise).
    with translation.override(getattr(agreement, "language", "") or LANGUAGE):
        html = render_to_string(
            "followup/report/report.html",
            report_context(agreement, year, progress, today, texts),
        )
    return keep_together(html)


def render_report(
    agreement,
    year: int,
    progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
    texts: dict | None = None,
) -> tuple[bytes, int]:
    """The year's report as PDF/UA-1 bytes, and its number of pages. `texts` holds the
    chair's foreword and the method note the version is made with."""
    from weasyprint import HTML  # a second's import: only where a report is made

    html = report_html(agreement, year, progress, today, texts)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    if progress:
        progress(80)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return add_header_scopes(pdf), len(document.pages)


def add_header_scopes(pdf: bytes) -> bytes:
    """Give every table header cell its /Scope, which WeasyPrint 70 leaves out although
    the HTML says `scope`: a header in the table's head is a column's, a header in a body
    row is that row's (the only two kinds the report's tables have). Screen readers use
    it to announce the headers of each cell (PDF/UA-1 7.5)."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        stack = [(root, None)]
        while stack:
            node, section = stack.pop()
            kind = node.get("/S") if isinstance(node, pikepdf.Dictionary) else None
            if kind in ("/THead", "/TBody", "/TFoot"):
                section = kind
            if kind == "/TH":
                scope = pikepdf.Name.Column if section == "/THead" else pikepdf.Name.Row
                attributes = node.get("/A")
                if isinstance(attributes, pikepdf.Dictionary):
                    attributes.Scope = scope
                else:
                    node.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
            children = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if isinstance(children, pikepdf.Array):
                stack.extend((child, section) for child in children)
            elif isinstance(children, pikepdf.Dictionary):
                stack.append((children, section))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
