"""The page every PDF of Lotse starts on: A4, its margins, the file's title and the font that
ships with Lotse (crm/fonts), registered as "DejaVu"."""

from fpdf import FPDF

from .address_labels import FONT


def a4_document(title: str, margin: float) -> FPDF:
    """An A4 document in millimetres with its first page added."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin)
    pdf.set_creator("Lotse")
    pdf.set_title(title)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_page()
    return pdf
