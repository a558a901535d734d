"""What the PDF renderer may read: our own style sheet, never an address from the content."""

import subprocess

import pytest
from django.contrib.staticfiles import finders

from followup.report import render
from followup.report.fetcher import BASE_URL, Refused, StaticOnlyFetcher

SNEAKY = (
    '<img src="http://example.com/x.png" alt="">'
    '<link rel="stylesheet" href="http://example.com/x.css">'
)


def test_it_serves_the_report_style_sheet_from_the_static_files():
    response = StaticOnlyFetcher().fetch(BASE_URL + "css/report.css")

    with open(finders.find("css/report.css"), "rb") as file:
        assert response.read() == file.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.css",
        "https://example.com/static/css/report.css",
        "file:///etc/passwd",
        "file:///work/main/static/css/report.css",
        BASE_URL + "../../../etc/passwd",
        BASE_URL + "css/../../config/settings.py",
        BASE_URL + "css/%2e%2e/%2e%2e/etc/hosts.css",
        BASE_URL + "/etc/ssl/openssl.css",
        BASE_URL + "css/report.css?x=1",
        BASE_URL + "js/report-status.js",
        "data:text/css,body{color:red}",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_it_refuses_every_address_but_our_own_static_files(url):
    with pytest.raises(Refused):
        StaticOnlyFetcher().fetch(url)


@pytest.fixture
def fetched(monkeypatch):
    """Every address the renderer asks for while the test renders a report."""
    urls = []

    class Recording(StaticOnlyFetcher):
        def fetch(self, url, headers=None):
            urls.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(render, "StaticOnlyFetcher", Recording)
    return urls


@pytest.mark.django_db
def test_it_prints_html_typed_into_the_content_as_text_and_fetches_nothing(
    agreement, make_party, fetched, tmp_path
):
    agreement.name = f"Överenskommelsen {SNEAKY}"
    agreement.save(update_fields=["name"])
    make_party(f"Föreningen {SNEAKY}", joined_on=agreement.in_force.valid_from)

    pdf, _pages = render.render_report(agreement, 2026)

    assert fetched == [BASE_URL + "css/report.css"]
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '<img src="http://example.com/x.png"' in " ".join(text.split())
