"""A horizontal bar chart as inline SVG, made on the server: no script, no request leaving the
machine, sharp in print. The numbers are written beside the bars and stand in a table too."""

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 230
LABEL_CHARACTERS = 34  # longer labels are shortened with „…“
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 6


def bar_chart(title: str, bars: Sequence[tuple[str, int | Decimal, str]]) -> Markup:
    """``bars`` as (label, value, the value as text); bars as long as their share of the
    largest value. An empty chart says nothing at all."""
    if not bars:
        return Markup()
    largest = max(value for _, value, _ in bars) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP)
    parts = [
        f'<svg class="bar-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    ]
    for row, (label, value, text) in enumerate(bars):
        y = row * (BAR_HEIGHT + GAP)
        length = round(room * float(value) / float(largest), 1)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(_shortened(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _shortened(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
