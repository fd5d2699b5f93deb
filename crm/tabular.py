"""Rows as files for spreadsheets: CSV for German Excel or for programs, and XLSX, written as
bytes while the rows come, so that a file of any length takes constant memory, and no text
from the data ever runs as a formula. Free of Flask: lists, mailings and reports share it."""

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter

TEXT, CODE, PHONE = "text", "code", "phone"
ROWS_PER_CHUNK = 500  # rows of a CSV file written before the bytes so far are handed on
CHUNK_BYTES = 64 * 1024  # pieces in which a finished XLSX file is handed on
EXCEL_ROWS = 1_048_576  # rows of an Excel sheet, its header included
EXCEL_TEXT = 32_767  # characters of an Excel cell

# OWASP's list of what a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number as people write it: "+49 6131 123-45", "(06131) 12 34 5", "0171/1234567".
PHONE_NUMBER = re.compile(r"\+?[0-9][0-9 ()/.-]*")
DIGITS = re.compile(r"[0-9]+")
# What XML 1.0 cannot hold: an XLSX cell with one of these makes Excel repair the file.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Column:
    """A column of a file: its header, its width in XLSX (characters) and its kind: ``TEXT``,
    ``CODE`` (digits whose leading zeros count: postcodes, keys) or ``PHONE``."""

    header: str
    width: int = 16
    kind: str = TEXT


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file writes what is not text. ``excel``: whether digits must be shielded
    from Excel, which reads ``01234`` in any CSV cell as the number 1234."""

    delimiter: str
    bom: bool
    date_format: str
    datetime_format: str
    decimal_point: str
    excel: bool


# What German Excel and LibreOffice open right with a double click.
EXCEL = CsvDialect(";", True, "%d.%m.%Y", "%d.%m.%Y %H:%M", ",", excel=True)
# For programs: RFC 4180 with ISO dates and a decimal point.
UTF8 = CsvDialect(",", False, "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", ".", excel=False)


def neutralised(text: str, kind: str = TEXT) -> str:
    """The text as it may go into a cell: one that a spreadsheet would read as a formula is
    prefixed with ``'`` (OWASP), but a phone number in a phone column stays as it is: ``+49
    6131 12345`` holds digits and separators only, nothing a formula could do harm with."""
    if text.startswith(FORMULA_START) and not (kind == PHONE and PHONE_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def _number_text(value, point: str) -> str:
    text = str(value) if isinstance(value, int) else format(value, "f")
    if "." in text:  # Decimal("10") has no point: its zeros are no places
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", point) if point != "." else text


def _csv_cell(dialect: CsvDialect, kind: str) -> Callable:
    """The function that writes a value of a column of this kind as a CSV field."""
    point = dialect.decimal_point

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            text = neutralised(value, kind)
            # Excel reads a field of digits as a number (a postcode 01234 as 1234) and a
            # phone number "+49 ..." as a formula; ="..." is the one form it keeps as text.
            # Only digits and phone separators get there: nothing that could compute.
            if (
                dialect.excel
                and kind != TEXT
                and text
                and PHONE_NUMBER.fullmatch(text)
                and (text[0] in "0+" or DIGITS.fullmatch(text))
            ):
                return f'="{text}"'
            return text
        if isinstance(value, bool):
            return str(int(value))
        if isinstance(value, int | float | Decimal):
            return _number_text(value, point)
        if isinstance(value, datetime):
            return value.strftime(dialect.datetime_format)
        if isinstance(value, date):
            return value.strftime(dialect.date_format)
        return neutralised(str(value), kind)

    if kind != TEXT:
        return cell

    def text_cell(value) -> str:  # the common case first: most fields are plain texts
        if type(value) is str:
            return "'" + value if value.startswith(FORMULA_START) else value
        return cell(value)

    return text_cell


def stream_csv(
    columns: Sequence[Column], rows: Iterable[Sequence], dialect: CsvDialect = EXCEL
) -> Iterator[bytes]:
    """The rows as a CSV file in pieces of bytes: the header, then the rows in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    cells = [_csv_cell(dialect, column.kind) for column in columns]
    writer.writerow([neutralised(column.header) for column in columns])
    start = "\ufeff".encode() if dialect.bom else b""
    yield start + _drained(buffer)
    chunk = []
    for row in rows:
        chunk.append([cell(value) for cell, value in zip(cells, row, strict=True)])
        if len(chunk) == ROWS_PER_CHUNK:
            writer.writerows(chunk)
            chunk.clear()
            yield _drained(buffer)
    writer.writerows(chunk)
    yield _drained(buffer)


def _drained(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


class TooManyRows(ValueError):
    """More rows than an Excel sheet holds."""


def sheet_name(title: str) -> str:
    """A sheet's name as Excel takes it: 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip("'")[:31] or "Tabelle1"


def _cell_text(text: str) -> str:
    """A text as an XLSX cell can hold it: no characters XML 1.0 refuses (Excel would repair
    the file), at most Excel's 32,767."""
    return NOT_IN_XML.sub("", text[:EXCEL_TEXT])


def stream_xlsx(
    columns: Sequence[Column], rows: Iterable[Sequence], sheet_title: str
) -> Iterator[bytes]:
    """The rows as an XLSX workbook of one sheet, written by XlsxWriter in its constant-memory
    mode (a row at a time, to a temporary file) and handed on in pieces once complete: a bold,
    frozen header row with an autofilter, the columns as wide as declared, dates and numbers as
    typed cells, codes as text cells, no formula. Raises TooManyRows past Excel's last row."""
    with tempfile.TemporaryFile() as target:
        workbook = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "remove_timezone": True,
            },
        )
        sheet = workbook.add_worksheet(sheet_name(sheet_title))
        header = workbook.add_format({"bold": True})
        styles = {
            "date": workbook.add_format({"num_format": "dd\\.mm\\.yyyy"}),
            "datetime": workbook.add_format({"num_format": "dd\\.mm\\.yyyy\\ hh:mm"}),
            CODE: workbook.add_format({"num_format": "@"}),
        }
        styles[PHONE] = styles[CODE]
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
            sheet.write_string(0, index, _cell_text(column.header), header)
        cells = [
            _xlsx_cell(sheet, index, column.kind, styles) for index, column in enumerate(columns)
        ]
        n = 0
        for row in rows:
            n += 1
            if n >= EXCEL_ROWS:
                workbook.close()
                raise TooManyRows(n + 1)
            for cell, value in zip(cells, row, strict=True):
                if value is not None:
                    cell(n, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, n, len(columns) - 1)
        workbook.close()
        target.seek(0)
        while piece := target.read(CHUNK_BYTES):
            yield piece


def _xlsx_cell(sheet, index: int, kind: str, styles: dict) -> Callable[[int, object], None]:
    """The function that writes a value of a column of this kind into row ``n``."""
    text_style = styles.get(kind)

    def cell(n: int, value) -> None:
        if isinstance(value, str):
            sheet.write_string(n, index, _cell_text(neutralised(value, kind)), text_style)
        elif isinstance(value, bool):
            sheet.write_boolean(n, index, value)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(n, index, float(value))
        elif isinstance(value, datetime):
            sheet.write_datetime(n, index, value, styles["datetime"])
        elif isinstance(value, date):
            sheet.write_datetime(n, index, value, styles["date"])
        else:
            cell(n, str(value))

    return cell
