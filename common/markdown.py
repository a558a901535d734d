"""Markdown written by staff (a meeting's minutes, a conference's programme) for everyone to
read: as HTML that carries nothing but plain formatting, or as plain text (a calendar's
description).

Two layers for HTML: markdown-it with raw HTML off (tags come out as text, and it refuses
`javascript:` and similar links), then nh3 with a small allow-list, so that a gap in
either one alone lets nothing through.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# The text sits under a page's h2 (e.g. "Minutes"): its highest heading becomes h3, and the
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


def render_markdown(text: str) -> SafeString:
    """The text as HTML that is safe to put on a public page."""
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


def plain_text(markdown: str) -> str:
    """The text without Markdown's marks, for a calendar's plain-text description:
    blocks on lines of their own, list items with their dash or number, links followed by
    their address."""
    out = ""
    prefix = ""
    previous_was_item = False
    for token in _markdown.parse(markdown or ""):
        if token.type == "list_item_open":
            prefix = f"{token.info}{token.markup} " if token.info else "- "
            continue
        if token.type == "inline":
            text = _inline_text(token.children or [])
        elif token.type in ("fence", "code_block"):
            text = token.content.rstrip("\n")
        else:
            continue
        # List items follow each other line by line; other blocks get an empty line between.
        separator = "\n" if prefix and previous_was_item else "\n\n"
        out += (separator if out else "") + prefix + text
        previous_was_item, prefix = bool(prefix), ""
    return out


def _inline_text(children) -> str:
    text = ""
    links: list[tuple[str, int]] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            text += child.content
        elif child.type in ("softbreak", "hardbreak"):
            text += "\n"
        elif child.type == "link_open":
            links.append((str(child.attrs.get("href", "")), len(text)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            shown = text[start:]
            if href and href not in (shown, f"mailto:{shown}"):
                text += f" ({href})"
    return text
