"""The demo's published annual report is a tagged PDF a screen reader can navigate."""

import importlib
import subprocess
from collections import Counter

import pikepdf
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from pdfua import Severity, validate

from common import demo_clock
from followup.models import AnnualReport
from tests.demo_host import serve_demo_here

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report_path(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo report of its first year as `seed_demo` generates and publishes it (once
    for the module: seeding and rendering take seconds)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, DEBUG=True):
        # Rolled back at the end, as a test's own transaction would be.
        with transaction.atomic():
            _reference_data()
            with open("/dev/null", "w") as quiet:
                call_command("seed_demo", stdout=quiet)
                serve_demo_here()
            report = AnnualReport.objects.published().get(year=demo_clock.year(2026))
            path = media / "report.pdf"
            path.write_bytes(report.file.read())
            report.file.close()
            transaction.set_rollback(True)
    return path


def _reference_data():
    """What the `reference_data` fixture makes, for this module-wide setup."""
    for module in (
        "audit.migrations.0002_roles",
        "agreements.migrations.0002_roles",
        "parties.migrations.0002_areas_and_roles",
        "steering.migrations.0002_roles",
        "actionplan.migrations.0002_areas_and_roles",
        "followup.migrations.0002_roles",
        "followup.migrations.0004_report_roles",
    ):
        migration = importlib.import_module(module)
        forwards = getattr(migration, "create_roles", None) or migration.forwards
        forwards(apps, None)


def structure(path) -> list[tuple[str, str]]:
    """Every element of the structure tree, depth first: (its kind, its alternative text)."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append((str(node.S), str(node.get("/Alt", ""))))
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
        return found


def test_it_names_the_document_and_its_language(report_path):
    with translation.override("sv"):
        title = translation.gettext("Annual report %(year)s – %(region)s") % {
            "year": demo_clock.year(2026),
            "region": "Region Norrådalen",
        }
    with pikepdf.open(report_path) as pdf:
        assert str(pdf.Root.Lang) == "sv"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == title
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == title
            assert xmp["pdfuaid:part"] == "1"


def test_it_tags_headings_figures_with_alternative_text_and_table_headers(report_path):
    elements = structure(report_path)
    kinds = Counter(kind for kind, _alt in elements)

    assert kinds["/H1"] == 1
    assert kinds["/H2"] >= 7  # the contents and the six chapters
    assert kinds["/H3"] >= 6
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert figures
    assert all(len(alt) > 20 for alt in figures)
    assert kinds["/Table"] >= 6
    assert kinds["/TH"] >= kinds["/Table"]


def test_it_has_no_error_and_no_warning_by_the_pdfua_checker(report_path):
    report = validate(str(report_path))

    # Warnings too: the one WeasyPrint alone leaves (table headers without /Scope) is
    # mended by `add_header_scopes`.
    findings = [
        (finding.rule_id, finding.message)
        for finding in report.findings
        if finding.severity in (Severity.ERROR, Severity.WARNING)
    ]
    assert findings == []


def test_it_gives_every_table_header_its_scope(report_path):
    scopes = Counter()

    def walk(node, section=None):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, section)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if str(node.S) in ("/THead", "/TBody"):
                section = str(node.S)
            if str(node.S) == "/TH":
                scopes[(section, str(node.A.get("/Scope", "none")))] += 1
            if "/K" in node:
                walk(node.K, section)

    with pikepdf.open(report_path) as pdf:
        walk(pdf.Root.StructTreeRoot.K)

    assert scopes[("/THead", "/Column")] > 0
    assert scopes[("/TBody", "/Row")] > 0
    assert not [key for key in scopes if key[1] == "none"]


def test_it_shows_figures_and_chapter_headings_to_poppler(report_path):
    tree = subprocess.run(
        ["pdfinfo", "-struct", str(report_path)], capture_output=True, text=True, check=True
    ).stdout

    assert "Figure" in tree
    assert "H2" in tree
