"""A meeting's protocol as a PDF to file or send: the content of the printable page, the
Markdown flattened to plain paragraphs, in the font that ships with Lotse (crm.address_labels)."""

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from .formatted_text import plain_blocks
from .pdfs import a4_document
from .protocol import NONE, Protocol

MARGIN = 20  # mm
TEXT = 10  # points
LINE = 5  # mm


def protocol_pdf(protocol: Protocol) -> bytes:
    meeting = protocol.meeting
    pdf = a4_document(protocol.file_name.removesuffix(".pdf"), MARGIN)
    pdf.set_font("DejaVu", size=16)
    _paragraph(pdf, 8, _("Protokoll: %(title)s", title=meeting.title))
    pdf.set_font("DejaVu", size=TEXT)
    facts = (
        (_("Netzwerk"), meeting.network.name if meeting.network else NONE),
        (_("Zeit"), protocol.when),
        (_("Ort"), meeting.location or NONE),
    )
    for label, value in facts:
        _paragraph(pdf, LINE, f"{label}: {value}")
    _heading(pdf, _("Teilnehmende"))
    _table(
        pdf,
        protocol.PARTICIPANT_HEADINGS,
        protocol.participant_rows(),
    )
    for title, text in (
        (_("Tagesordnung"), meeting.agenda),
        (_("Protokoll"), meeting.minutes),
        (_("Beschlüsse"), meeting.decisions),
    ):
        _heading(pdf, title)
        for block in plain_blocks(text) or [NONE]:
            _paragraph(pdf, LINE, block)
            pdf.ln(1)
    _heading(pdf, _("Aufgaben"))
    _table(
        pdf,
        protocol.TASK_HEADINGS,
        protocol.task_rows(),
    )
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", size=12)
    _paragraph(pdf, 7, text)
    pdf.set_font("DejaVu", size=TEXT)


def _table(pdf: FPDF, headings: tuple, rows: list[tuple]) -> None:
    if not rows:
        _paragraph(pdf, LINE, NONE)
        return
    with pdf.table(
        col_widths=(40, 42, 18),
        text_align="LEFT",
        headings_style=FontFace(fill_color=(230, 230, 230)),
    ) as table:
        for values in (headings, *rows):
            row = table.row()
            for value in values:
                row.cell(str(value))


def _paragraph(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
