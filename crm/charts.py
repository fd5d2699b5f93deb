"""Charts as SVG made on the server: nothing is loaded from elsewhere, they print as they show,
and each page puts the same numbers beside them in a table for screen readers."""

from markupsafe import Markup, escape

BAR = 18  # height of a bar, px
GAP = 6
LABEL = 190  # width of the label column, px
WIDTH = 560


def bar_chart(title: str, items: list[tuple[str, int]], colour: str = "#2c7fb8") -> Markup:
    """Horizontal bars, one per (label, value), longest value the full width. ``aria-hidden``:
    the table beside it says the same to a screen reader."""
    most = max((value for _, value in items), default=0) or 1
    room = WIDTH - LABEL - 50
    height = len(items) * (BAR + GAP) + GAP
    parts = [
        f'<svg class="lotse-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-hidden="true" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR + GAP)
        length = round(room * value / most)
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="{colour}"/>'
            f'<text x="{LABEL + length + 4}" y="{y + BAR - 5}" font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
