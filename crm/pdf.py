"""What Lotse's printed documents share: an A4 page with its margins and the font that ships
with Lotse (crm.address_labels), titled for the PDF viewer."""

from fpdf import FPDF

from .address_labels import FONT

MARGIN = 20  # mm
FONT_NAME = "DejaVu"


def a4_document(file_name: str, margin: float = MARGIN) -> FPDF:
    """A new document with its first page, named after its file (without ``.pdf``)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin)
    pdf.set_creator("Lotse")
    pdf.set_title(file_name.removesuffix(".pdf"))
    pdf.add_font(FONT_NAME, fname=str(FONT))
    pdf.add_page()
    return pdf
