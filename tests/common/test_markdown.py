"""Markdown for everyone to read (common.markdown): harmless HTML, and plain text."""

import re
from html.parser import HTMLParser

import pytest

from common.markdown import plain_text, render_markdown

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert('x')>",
    "[klicka](javascript:alert('x'))",
    "[klicka](JaVaScRiPt:alert('x'))",
    '<a href="javascript:alert(1)">klicka</a>',
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klicka](vbscript:msgbox('x'))",
    '<iframe src="https://evil.test/"></iframe>',
    '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">x</div>',
    "<svg onload=alert('x')>",
    '[klicka](https://ok.test/ "t" onclick=alert(1))',
]


class Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("text", HOSTILE)
def test_it_renders_hostile_minutes_harmless(text):
    elements = Elements(str(render_markdown(text))).found
    tags = {tag for tag, _attrs in elements}
    assert tags <= {"p", "a"}, tags
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on") or name == "style"], tag
        if "href" in attrs:
            assert attrs["href"].startswith(("http:", "https:", "mailto:")), attrs["href"]


def test_it_keeps_the_formatting_of_ordinary_minutes():
    html = str(
        render_markdown(
            "# Protokoll\n\n1. Öppnande\n2. *Val* av justerare\n\n"
            "Se [registret](https://samverkan.test/undertecknare/) eller "
            "[mejla](mailto:kansliet@region.test)."
        )
    )
    # The page's own h1 and h2 stay the only ones: the minutes' headings start at h3.
    assert "<h3>Protokoll</h3>" in html
    assert "<h1" not in html and "<h2" not in html
    assert "<li><em>Val</em> av justerare</li>" in html
    assert 'href="https://samverkan.test/undertecknare/"' in html
    assert 'href="mailto:kansliet@region.test"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_it_keeps_the_minutes_headings_in_order_below_the_page_heading():
    html = str(render_markdown("## Beslut\n\n#### Ansökningar\n\n### Övrigt"))
    assert [level for level in re.findall(r"<h(\d)>", html)] == ["3", "5", "4"]


def test_it_turns_markdown_into_plain_text():
    text = plain_text(
        "## Dag 1\n\n1. Start\n2. [Mål](https://x.se) och <https://y.se>\n\n```\nkod\n```"
    )

    assert text == "Dag 1\n\n1. Start\n2. Mål (https://x.se) och https://y.se\n\nkod"
