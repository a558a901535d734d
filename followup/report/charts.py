"""Charts for the annual report, drawn as SVG on the server.

Written by hand rather than with a chart library: the report needs only bar charts, and
this way every chart is a few dozen plain SVG elements in our fonts, with the `<title>`
WeasyPrint turns into the figure's alternative text, no scripts, no embedded style sheets,
and nothing to fetch. The same figures are always printed as a table beside the chart.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast against white and against each other in greyscale
# order, for the bars (WCAG 1.4.11); text is black.
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0")
ROW = 22  # height of one bar, in SVG units
GAP = 8
LABEL_WIDTH = 170
BAR_WIDTH = 300
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


def bar_chart(
    title: str, categories: list[str], series: list[Series], unit: str = ""
) -> SafeString:
    """Horizontal bars, one group per category and one bar per series in each group.

    `title` is the chart's alternative text: say what it shows and its main finding.
    """
    top = max((value for one in series for value in one.values), default=0) or 1
    group = ROW * len(series) + GAP
    legend = 24 if len(series) > 1 else 0
    height = legend + group * len(categories) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    if legend:
        x = LABEL_WIDTH
        for index, one in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="14" font-size="11">{escape(one.name)}</text>')
            x += 16 + 7 * len(one.name) + 20
    for row, category in enumerate(categories):
        y = legend + row * group
        middle = y + (ROW * len(series)) / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle:.1f}" font-size="11" '
            f'text-anchor="end">{escape(category)}</text>'
        )
        for index, one in enumerate(series):
            value = one.values[row] if row < len(one.values) else 0
            length = BAR_WIDTH * (value or 0) / top
            bar_y = y + index * ROW
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y + 2}" width="{length:.1f}" '
                f'height="{ROW - 4}" fill="{colour}"/>'
            )
            shown = f"{value:g}{unit}" if value is not None else "–"
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + ROW - 7}" '
                f'font-size="10">{escape(shown)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


# A scale from 1 to 5 and “cannot judge”: red to blue through grey, and violet apart. Each
# has at least 4:1 contrast against white (the gaps between segments and the white counts
# written in them) (WCAG 1.4.11).
SCALE_PALETTE = ("#a50f15", "#d0541b", "#6b6b6b", "#2f7dbf", "#08306b", "#5b2a86")
STACK_ROW = 20
STACK_GAP = 6
SEGMENT_GAP = 1.5
COUNT_FITS = 14  # a segment at least this wide has its count written in it


def stacked_bar_chart(
    title: str, segments: list[str], rows: list[tuple[str, list[int]]]
) -> SafeString:
    """One bar per row, as wide as the page, split into its segments' shares.

    For answers on a scale: a sector's answers 1 to 5 and “cannot judge” in one bar, so
    a principle takes a few lines rather than half a page. `title` is the alternative text.
    """
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    keys, x, line = [], 0.0, 0
    for index, name in enumerate(segments):
        item = 13 + 5.5 * len(name) + 12
        if x and x + item > width:  # the legend goes on in a second line
            x, line = 0.0, line + 1
        colour = SCALE_PALETTE[index % len(SCALE_PALETTE)]
        top = 4 + 14 * line
        keys.append(f'<rect x="{x:.1f}" y="{top}" width="10" height="10" fill="{colour}"/>')
        keys.append(f'<text x="{x + 13:.1f}" y="{top + 9}" font-size="9">{escape(name)}</text>')
        x += item
    legend = 24 + 14 * line
    height = legend + (STACK_ROW + STACK_GAP) * len(rows) + STACK_GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        *keys,
    ]
    for row, (label, values) in enumerate(rows):
        y = legend + row * (STACK_ROW + STACK_GAP)
        total = sum(values)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + STACK_ROW / 2 + 4:.1f}" font-size="10" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        left = float(LABEL_WIDTH)
        for index, value in enumerate(values):
            if not value:
                continue
            share = (BAR_WIDTH + VALUE_WIDTH - 10) * value / total
            colour = SCALE_PALETTE[index % len(SCALE_PALETTE)]
            parts.append(
                f'<rect x="{left:.1f}" y="{y}" width="{max(share - SEGMENT_GAP, 0.5):.1f}" '
                f'height="{STACK_ROW}" fill="{colour}"/>'
            )
            if share >= COUNT_FITS:
                parts.append(
                    f'<text x="{left + share / 2:.1f}" y="{y + STACK_ROW / 2 + 3.5:.1f}" '
                    f'font-size="9" fill="#ffffff" text-anchor="middle">{value}</text>'
                )
            left += share
        if not total:
            parts.append(
                f'<text x="{LABEL_WIDTH}" y="{y + STACK_ROW / 2 + 4:.1f}" font-size="10">–</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped
