"""Address labels as a PDF for the common A4 sheets (Zweckform 3422 and 3475), one label per
letter, in a font that ships with Lotse and prints every Latin name (fpdf2's own fonts stop
at Latin-1: no "ı" in Yılmaz, no "ş" in Şahin)."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from fpdf import FPDF

from .errors import RuleError

FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Latin.ttf"
FONT_SIZE = 10  # points
SMALLEST = 7  # points: a longer line is shortened rather than printed smaller
LINE = 1.25  # line height as a multiple of the font size
PADDING = 5  # mm inside the label's edge
PT = 25.4 / 72  # mm per point


@dataclass(frozen=True)
class LabelSheet:
    """An A4 sheet of labels: columns × rows labels of width × height mm from the top left
    margin, without gaps between them."""

    code: str
    name: str
    columns: int
    rows: int
    width: float
    height: float
    top: float
    left: float = 0.0

    def position(self, index: int) -> tuple[float, float]:
        """Top left corner (mm) of the label with this index on its sheet."""
        row, column = divmod(index % (self.columns * self.rows), self.columns)
        return self.left + column * self.width, self.top + row * self.height


SHEETS = {
    sheet.code: sheet
    for sheet in (
        LabelSheet("3422", "Zweckform 3422 (70 × 35 mm, 3 × 8)", 3, 8, 70, 35, top=8.5),
        LabelSheet("3475", "Zweckform 3475 (70 × 36 mm, 3 × 8)", 3, 8, 70, 36, top=4.5),
    )
}


def sheet_named(code: str | None) -> LabelSheet:
    """The sheet of a code from the screen; an unknown one is refused in German."""
    try:
        return SHEETS[code or ""]
    except KeyError:
        raise RuleError(
            _l("Dieses Etikettenformat gibt es nicht. Bitte eines aus der Liste wählen."),
            field="sheet",
        ) from None


def labels_pdf(addresses: Sequence[Sequence[str]], sheet: LabelSheet) -> bytes:
    """A PDF with one label per address (its lines), filling the sheets row by row."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("Lotse")
    pdf.set_title(f"Adressetiketten {sheet.name}")
    pdf.add_font("DejaVu", fname=str(FONT))
    per_sheet = sheet.columns * sheet.rows
    for index, lines in enumerate(addresses):
        if index % per_sheet == 0:
            pdf.add_page()
        _label(pdf, sheet, *sheet.position(index), lines)
    if not addresses:
        pdf.add_page()
    return bytes(pdf.output())


def _label(pdf: FPDF, sheet: LabelSheet, x: float, y: float, lines: Sequence[str]) -> None:
    """The lines centred in the label's height, each fitted to its width."""
    width = sheet.width - 2 * PADDING
    step = FONT_SIZE * PT * LINE
    top = y + (sheet.height - step * len(lines)) / 2
    for number, line in enumerate(lines):
        size = _fitted_size(pdf, line, width)
        pdf.set_font("DejaVu", size=size)
        pdf.text(x + PADDING, top + step * number + FONT_SIZE * PT, _shortened(pdf, line, width))


def _fitted_size(pdf: FPDF, line: str, width: float) -> float:
    size = FONT_SIZE
    pdf.set_font("DejaVu", size=size)
    while size > SMALLEST and pdf.get_string_width(line) > width:
        size -= 0.5
        pdf.set_font("DejaVu", size=size)
    return size


def _shortened(pdf: FPDF, line: str, width: float) -> str:
    while len(line) > 1 and pdf.get_string_width(line) > width:
        line = line[:-2] + "…"
    return line
