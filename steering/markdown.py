"""Minutes are written in Markdown by the process leader and shown to everyone: render them
so that nothing but plain formatting reaches the page.

Two layers: markdown-it with raw HTML off (tags come out as text, and it refuses
`javascript:` and similar links), then nh3 with a small allow-list, so that a gap in
either one alone lets nothing through.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# The minutes sit under the page's h2 ("Minutes"): their highest heading becomes h3, and the
# rest keep their steps below it, so the page's headings stay in order.
TOP_HEADING = 3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False})


def render_minutes(text: str) -> SafeString:
    """The minutes as HTML that is safe to put on a public page."""
    tokens = _markdown.parse(text or "")
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    if headings:
        highest = min(int(token.tag[1]) for token in headings)
        for token in headings:
            token.tag = f"h{min(int(token.tag[1]) - highest + TOP_HEADING, 6)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # cleaned by nh3 with the allow-list above
