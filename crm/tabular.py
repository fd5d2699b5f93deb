"""Rows as files for spreadsheets: CSV for German Excel or for programs, and XLSX, written as
bytes while the rows come, so that a file of any length takes constant memory, and no text
from the data ever runs as a formula. Free of Flask: lists, mailings and reports share it."""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

TEXT, CODE, PHONE = "text", "code", "phone"
ROWS_PER_CHUNK = 500  # rows written before the bytes so far are handed on
EXCEL_ROWS = 1_048_576  # rows of an Excel sheet, its header included
EXCEL_TEXT = 32_767  # characters of an Excel cell

# OWASP's list of what a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number as people write it: "+49 6131 123-45", "(06131) 12 34 5", "0171/1234567".
PHONE_NUMBER = re.compile(r"\+?[0-9][0-9 ()/.-]*")
DIGITS = re.compile(r"[0-9]+")
# What XML 1.0 cannot hold: an XLSX cell with one of these makes Excel repair the file.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
KEPT_IN_XML = {"\r": "&#13;"}  # a parser reads a bare CR as a line feed


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
    text = str(value) if isinstance(value, int) else format(value, "f").rstrip("0").rstrip(".")
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


class _Pipe:
    """What zipfile writes to: the bytes written since they were last taken."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def taken(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


# Styles by position in STYLES' cellXfs: 0 plain, 1 bold header, 2 date, 3 date and time,
# 4 text (so that a postcode stays text when edited).
HEADER_STYLE, DATE_STYLE, DATETIME_STYLE, TEXT_STYLE = 1, 2, 3, 4
EXCEL_EPOCH = date(1899, 12, 30)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/>\
<numFmt numFmtId="165" formatCode="dd\\.mm\\.yyyy\\ hh:mm"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheetViews><sheetView workbookViewId="0" tabSelected="1">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<bookViews><workbookView/></bookViews>\
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets>\
<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\
{filter_range}</definedName></definedNames></workbook>"""


def column_letters(index: int) -> str:
    """``A`` for the first column, ``AA`` for the 27th."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_name(title: str) -> str:
    """A sheet's name as Excel takes it: 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip("'")[:31] or "Tabelle1"


def _xml_text(text: str) -> str:
    return escape(NOT_IN_XML.sub("", text[:EXCEL_TEXT]), KEPT_IN_XML)


def _xlsx_cell(letter: str, kind: str) -> Callable[[object, int], str]:
    """The function that writes a value of a column of this kind as a cell of row ``n``."""
    text_style = f' s="{TEXT_STYLE}"' if kind != TEXT else ""

    def cell(value, n: int) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            text = _xml_text(neutralised(value, kind))
            return (
                f'<c r="{letter}{n}"{text_style} t="inlineStr">'
                f'<is><t xml:space="preserve">{text}</t></is></c>'
            )
        if isinstance(value, bool):
            return f'<c r="{letter}{n}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float | Decimal):
            return f'<c r="{letter}{n}"><v>{_number_text(value, ".")}</v></c>'
        if isinstance(value, datetime):
            days = (value - datetime(1899, 12, 30, tzinfo=value.tzinfo)).total_seconds() / 86400
            return f'<c r="{letter}{n}" s="{DATETIME_STYLE}"><v>{days!r}</v></c>'
        if isinstance(value, date):
            days = (value - EXCEL_EPOCH).days
            return f'<c r="{letter}{n}" s="{DATE_STYLE}"><v>{days}</v></c>'
        return cell(str(value), n)

    return cell


def stream_xlsx(
    columns: Sequence[Column], rows: Iterable[Sequence], sheet_title: str
) -> Iterator[bytes]:
    """The rows as an XLSX workbook of one sheet in pieces of bytes, zipped as they come: a
    bold, frozen header row with an autofilter, the columns as wide as declared, dates and
    numbers as typed cells, texts as inline strings. Raises TooManyRows past Excel's last row
    (after the bytes so far: check the count first where it matters)."""
    pipe = _Pipe()
    package = zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    for name, content in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
    ):
        package.writestr(name, content)
    letters = [column_letters(i) for i in range(len(columns))]
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{column.width}" customWidth="1"/>'
        for i, column in enumerate(columns, start=1)
    )
    header = "".join(
        f'<c r="{letter}1" s="{HEADER_STYLE}" t="inlineStr"><is><t>{_xml_text(c.header)}</t>'
        "</is></c>"
        for letter, c in zip(letters, columns, strict=True)
    )
    cells = [_xlsx_cell(letter, c.kind) for letter, c in zip(letters, columns, strict=True)]
    n = 1
    with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
        sheet.write(SHEET_START.format(cols=widths).encode())
        sheet.write(f'<row r="1">{header}</row>'.encode())
        yield pipe.taken()
        chunk = []
        for row in rows:
            n += 1
            if n > EXCEL_ROWS:
                raise TooManyRows(n)
            chunk.append(f'<row r="{n}">')
            chunk.extend(cell(value, n) for cell, value in zip(cells, row, strict=True))
            chunk.append("</row>")
            if n % ROWS_PER_CHUNK == 0:
                sheet.write("".join(chunk).encode())
                chunk.clear()
                if pipe.parts:
                    yield pipe.taken()
        sheet.write("".join(chunk).encode())
        last = f"{letters[-1]}{n}"
        sheet.write(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>'.encode())
    name = sheet_name(sheet_title)
    quoted = "'" + name.replace("'", "''") + "'"
    filter_range = escape(f"{quoted}!$A$1:${letters[-1]}${n}")
    package.writestr(
        "xl/workbook.xml", WORKBOOK.format(name=quoteattr(name), filter_range=filter_range)
    )
    package.close()
    yield pipe.taken()
