"""Bar charts as inline SVG made on the server: no script, nothing loaded from elsewhere, sharp
in print. Every page puts the same numbers beside a chart in a table; the SVG carries its
title (``<title>``, ``aria-label``) so a screen reader names it once and reads the table."""

from collections.abc import Callable, Sequence
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 230
LABEL_CHARACTERS = 34  # longer labels are shortened with „…“
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 6
LEGEND_COLUMNS = 4
# Parts of a stacked bar, told apart by colour (ColorBrewer "Set2", readable in grey print too).
PALETTE = (
    "#2f6690",
    "#66c2a5",
    "#fc8d62",
    "#8da0cb",
    "#e78ac3",
    "#a6d854",
    "#ffd92f",
    "#e5c494",
    "#b3b3b3",
    "#1b9e77",
    "#d95f02",
)

Number = int | Decimal


def bar_chart(
    title: str, bars: Sequence[tuple[str, Number]], shown: Callable[[Number], str] = str
) -> Markup:
    """One bar per (label, value), as long as its share of the largest value, the value
    written beside it as ``shown`` writes it. An empty chart says nothing at all."""
    return stacked_bar_chart(title, (), [(label, [value]) for label, value in bars], shown)


def stacked_bar_chart(
    title: str,
    parts: Sequence[str],
    bars: Sequence[tuple[str, Sequence[Number]]],
    shown: Callable[[Number], str] = str,
) -> Markup:
    """One bar per (label, values), the values stacked in the order of ``parts`` (named in a
    legend above the bars when there are several), the total beside the bar."""
    if not bars:
        return Markup()
    largest = max(sum(values) for _, values in bars) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    legend = _legend(parts) if len(parts) > 1 else []
    top = -(-len(legend) // LEGEND_COLUMNS) * (BAR_HEIGHT + GAP)  # rows of the legend
    height = top + len(bars) * (BAR_HEIGHT + GAP)
    svg = [
        f'<svg class="lotse-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *legend,
    ]
    for row, (label, values) in enumerate(bars):
        y = top + row * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2
        svg.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(_shortened(label))}</text>'
        )
        x = float(LABEL_WIDTH)
        for index, value in enumerate(values):
            length = round(room * float(value) / float(largest), 1)
            if length:
                svg.append(
                    f'<rect x="{round(x, 1)}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                    f'fill="{PALETTE[index % len(PALETTE)]}"/>'
                )
            x += length
        svg.append(
            f'<text x="{round(x + 6, 1)}" y="{middle}" '
            f'dominant-baseline="middle">{escape(shown(sum(values)))}</text>'
        )
    svg.append("</svg>")
    return Markup("".join(svg))


def _legend(parts: Sequence[str]) -> list[str]:
    column = WIDTH // LEGEND_COLUMNS
    legend = []
    for index, part in enumerate(parts):
        x = (index % LEGEND_COLUMNS) * column
        y = (index // LEGEND_COLUMNS) * (BAR_HEIGHT + GAP)
        legend.append(
            f'<rect x="{x}" y="{y + 3}" width="12" height="12" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{x + 18}" y="{y + BAR_HEIGHT / 2}" dominant-baseline="middle">'
            f"{escape(_shortened(part, 22))}</text>"
        )
    return legend


def _shortened(label: str, characters: int = LABEL_CHARACTERS) -> str:
    return label if len(label) <= characters else label[: characters - 1] + "…"
