"""A volunteer's statement of the expense allowance of a year as a PDF to hand over or file,
in the font that ships with Lotse (crm.address_labels)."""

from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from .allowances import Statement, euro
from .pdf import FONT_NAME, a4_document

LINE = 6  # mm


def summary_lines(statement: Statement) -> list[tuple[str, str]]:
    """The statement's sums as (label, value), shared by the PDF and the screen."""
    settings, paid = statement.settings, statement.allowance
    return [
        (_("Stunden im Jahr"), format_decimal(paid.hours)),
        (
            _("davon angerechnet (höchstens %(cap)s Stunden)", cap=settings.yearly_hours_cap),
            format_decimal(paid.hours_counted),
        ),
        (
            _("Aufwandsentschädigung (%(rate)s je Stunde)", rate=euro(settings.hourly_rate)),
            euro(paid.hours_amount),
        ),
        (_("Kilometer im Jahr"), format_decimal(paid.kilometres)),
        (
            _("Fahrtkosten (%(rate)s je Kilometer)", rate=euro(settings.km_rate)),
            euro(paid.travel_amount),
        ),
        (_("Summe"), euro(paid.total)),
    ]


def notes(statement: Statement) -> list[str]:
    """What the statement must say about the caps."""
    settings, paid = statement.settings, statement.allowance
    said = [
        _(
            "Steuerfrei bis zur Ehrenamtspauschale von %(cap)s im Jahr (§ 3 Nr. 26a EStG).",
            cap=euro(settings.yearly_allowance_cap),
        )
    ]
    if paid.over_hours_cap:
        said.append(
            _(
                "Die Obergrenze von %(cap)s Stunden im Jahr ist überschritten; die Stunden "
                "darüber werden nicht vergütet.",
                cap=settings.yearly_hours_cap,
            )
        )
    if paid.over_allowance_cap:
        said.append(
            _(
                "Die Aufwandsentschädigung ist auf die Ehrenamtspauschale von %(cap)s begrenzt.",
                cap=euro(settings.yearly_allowance_cap),
            )
        )
    return said


def month_name(month: int, year: int) -> str:
    return format_date(date(year, month, 1), "MMMM")


def allowance_pdf(statement: Statement, issued_on) -> bytes:
    contact = statement.volunteer.contact
    pdf = a4_document(statement.file_name)
    pdf.set_font(FONT_NAME, size=16)
    _line(pdf, _("Aufwandsentschädigung %(year)s", year=statement.year))
    pdf.set_font(FONT_NAME, size=10)
    address = (contact.street, " ".join(p for p in (contact.postcode, contact.city) if p))
    for text in (contact.full_name, *address):
        if text:
            _line(pdf, text)
    _line(pdf, _("Stand: %(day)s", day=format_date(issued_on)))
    pdf.ln(4)
    with pdf.table(
        col_widths=(50, 25, 25),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(fill_color=(230, 230, 230)),
    ) as table:
        rows = [(_("Monat"), _("Stunden"), _("Kilometer"))]
        rows += [
            (month_name(m, statement.year), format_decimal(h), format_decimal(km))
            for m, h, km in statement.months
        ]
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(4)
    for label, value in summary_lines(statement):
        pdf.cell(120, LINE, label)
        pdf.cell(0, LINE, value, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for text in notes(statement):
        _line(pdf, text)
    pdf.ln(16)
    _line(pdf, "_" * 50)
    _line(pdf, _("Ort, Datum, Unterschrift"))
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
