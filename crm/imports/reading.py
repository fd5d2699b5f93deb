"""The bytes of an uploaded file as a header and rows of text: CSV through the csv module with
its Sniffer (UTF-8, UTF-8 with BOM, else Windows-1252), XLSX through openpyxl. Formulas are
read as their text and never evaluated; every refusal is an ImportFileError in German."""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _

MAX_BYTES = 10 * 1024 * 1024
DELIMITERS = ";,\t"


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, nothing is written."""


@dataclass(frozen=True)
class Table:
    """A file's header and its rows, each with its line number in the file (the header's is 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(file_name: str, data: bytes) -> Table:
    """The table in ``data``: XLSX by its name (or its zip signature), else CSV."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _(
                "Die Datei ist größer als %(limit)s MB und wird nicht eingelesen.",
                limit=format_decimal(MAX_BYTES / (1024 * 1024), "#,##0.##"),
            )
        )
    if not data.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    if file_name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        lines = _xlsx_lines(data)
    else:
        lines = _csv_lines(_decoded(data))
    lines = [(number, cells) for number, cells in lines if any(c.strip() for c in cells)]
    if not lines:
        raise ImportFileError(_("Die Datei ist leer."))
    header, rows = [cell.strip() for cell in lines[0][1]], lines[1:]
    while header and not header[-1]:
        header.pop()
    for number, cells in rows:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise ImportFileError(
                _(
                    "Zeile %(line)s hat mehr Zellen (%(cells)s) als die Kopfzeile Spalten "
                    "(%(columns)s).",
                    line=number,
                    cells=len(cells),
                    columns=len(header),
                )
            )
    if not rows:
        raise ImportFileError(_("Die Datei hat nur eine Kopfzeile und keine Daten."))
    return Table(header, [(n, (cells + [""] * len(header))[: len(header)]) for n, cells in rows])


def _decoded(data: bytes) -> str:
    """UTF-8 (a BOM dropped), else Windows-1252, which maps nearly every byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ImportFileError(
        _("Die Datei ist keine Tabelle (CSV oder XLSX) in einer lesbaren Zeichenkodierung.")
    )


def _csv_lines(text: str) -> list[tuple[int, list[str]]]:
    # The header row decides: data rows may be ragged (and are refused below, by line).
    header = text.lstrip("\r\n").split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(header, DELIMITERS)
    except csv.Error:  # one column only: any delimiter reads it
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [(reader.line_num, cells) for cells in reader]
    except csv.Error as error:
        raise ImportFileError(
            _("Zeile %(line)s ist kein gültiges CSV: %(error)s", line=reader.line_num, error=error)
        ) from None


def _xlsx_lines(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's cells as text; a formula cell holds its formula (data_only=False)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("Die Datei ist keine lesbare Excel-Tabelle (XLSX).")) from None
    try:
        sheet = book.worksheets[0]
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
