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
