"""The file writers of crm.tabular, read back as Excel, LibreOffice and programs read them."""

import csv
import io
import os
import tracemalloc
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from crm import tabular
from crm.tabular import (
    CODE,
    EXCEL,
    PHONE,
    UTF8,
    Column,
    TooManyRows,
    sheet_name,
    stream_csv,
    stream_xlsx,
)

COLUMNS = (
    Column("Name", 30),
    Column("PLZ", 8, CODE),
    Column("Telefon", 20, PHONE),
    Column("Seit"),
    Column("Stunden"),
    Column("Angelegt am"),
)
ROWS = [
    ("Müller; Anna", "01234", "+49 6131 12345", date(2026, 12, 2), Decimal("2.5"), None),
    ('Sagt "Hallo"\nzweite Zeile', "55116", "06131 12345", None, 3, datetime(2026, 1, 5, 9, 30)),
]
# Each a text that a spreadsheet would run, in a text column and in a phone column.
FORMULAS = ('=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")


def csv_bytes(rows, dialect, columns=COLUMNS) -> bytes:
    return b"".join(stream_csv(columns, rows, dialect))


def csv_rows(data: bytes, dialect) -> list[list[str]]:
    text = data.decode("utf-8-sig" if dialect.bom else "utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))


def xlsx_sheet(rows, columns=COLUMNS, title="Kontakte"):
    data = b"".join(stream_xlsx(columns, rows, title))
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_excel_csv_is_utf8_with_bom_semicolons_and_crlf():
    data = csv_bytes(ROWS, EXCEL)
    assert data.startswith(b"\xef\xbb\xbfName;PLZ;Telefon;Seit;Stunden;Angelegt am\r\n")
    assert data.count(b"\r\n") == 3 and b'Hallo""\nzweite' in data  # LF inside a cell
    assert "Müller".encode() in data
    header, first, second = csv_rows(data, EXCEL)
    assert first == ["Müller; Anna", '="01234"', '="+49 6131 12345"', "02.12.2026", "2,5", ""]
    assert second == [
        'Sagt "Hallo"\nzweite Zeile',
        '="55116"',
        '="06131 12345"',
        "",
        "3",
        "05.01.2026 09:30",
    ]


def test_utf8_csv_is_plain_with_commas_iso_dates_and_decimal_points():
    data = csv_bytes(ROWS, UTF8)
    assert data.startswith(b"Name,PLZ,Telefon,Seit,Stunden,Angelegt am\r\n")
    _, first, second = csv_rows(data, UTF8)
    assert first == ["Müller; Anna", "01234", "+49 6131 12345", "2026-12-02", "2.5", ""]
    assert second[2:] == ["06131 12345", "", "3", "2026-01-05 09:30:00"]


@pytest.mark.parametrize(
    "number, excel, utf8",
    [(Decimal("0"), "0", "0"), (Decimal("10"), "10", "10"), (Decimal("10.50"), "10,5", "10.5")],
)
def test_whole_decimals_keep_their_zeros(number, excel, utf8):
    row = [("x", None, None, None, number, None)]
    assert csv_rows(csv_bytes(row, EXCEL), EXCEL)[1][4] == excel
    assert csv_rows(csv_bytes(row, UTF8), UTF8)[1][4] == utf8


@pytest.mark.parametrize("dialect", [EXCEL, UTF8])
def test_csv_neutralises_every_formula(dialect):
    rows = [(text, None, text, None, None, None) for text in FORMULAS]
    parsed = csv_rows(csv_bytes(rows, dialect), dialect)[1:]
    for text, row in zip(FORMULAS, parsed, strict=True):
        assert row[0] == "'" + text
        assert row[2] == "'" + text  # not a phone number, though in a phone column
    # Only a phone number in a phone column and digits in a code column are not prefixed.
    kept = csv_rows(
        csv_bytes([("x", "01234", "+49 (0) 6131/123-45", None, None, None)], dialect), dialect
    )[1]
    plain = ["01234", "+49 (0) 6131/123-45"]
    assert kept[1:3] == ([f'="{p}"' for p in plain] if dialect.excel else plain)


def test_excel_csv_shields_only_digits_and_phone_numbers():
    """Excel's ="..." is a formula of its own: nothing but digits and separators get there."""
    rows = [("0123", "0123=1", "0171 1234567", None, None, None)]
    _, row = csv_rows(csv_bytes(rows, EXCEL), EXCEL)
    assert row[:3] == ["0123", "0123=1", '="0171 1234567"']


def test_xlsx_types_dates_numbers_and_keeps_codes_as_text():
    sheet = xlsx_sheet(ROWS)
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    name, postcode, phone, since, hours, created = sheet[2]
    assert (name.value, postcode.value, phone.value) == ("Müller; Anna", "01234", "+49 6131 12345")
    assert postcode.data_type == "s" and postcode.number_format == "@"
    assert since.value == datetime(2026, 12, 2) and since.number_format == "dd\\.mm\\.yyyy"
    assert hours.value == 2.5 and hours.data_type == "n"
    assert created.value is None
    assert sheet["F3"].value == datetime(2026, 1, 5, 9, 30)
    assert sheet["E3"].value == 3
    assert sheet["A3"].value == 'Sagt "Hallo"\nzweite Zeile'


def test_xlsx_has_a_bold_frozen_header_an_autofilter_and_widths():
    sheet = xlsx_sheet(ROWS, title="Kontakte: A/B")
    assert sheet.title == "Kontakte  A B"
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    assert abs(sheet.column_dimensions["A"].width - 30) < 1  # Excel adds its padding
    assert abs(sheet.column_dimensions["B"].width - 8) < 1  # Excel adds its padding
    assert abs(sheet.column_dimensions["D"].width - 16) < 1  # Excel adds its padding


def test_xlsx_neutralises_every_formula_and_holds_no_formula_cell():
    rows = [(text, None, text, None, None, None) for text in FORMULAS]
    rows.append(("x", None, "+49 6131 12345", None, None, None))
    data = b"".join(stream_xlsx(COLUMNS, rows, "Kontakte"))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    for n, text in enumerate(FORMULAS, start=2):
        # XlsxWriter stores a CR as Excel's escape _x000D_, which openpyxl leaves as it is
        shown = "'" + text.replace("\r", "_x000D_")
        assert sheet.cell(n, 1).value == shown
        assert sheet.cell(n, 3).value == shown
        assert sheet.cell(n, 1).data_type == "s"
    assert sheet.cell(len(rows) + 1, 3).value == "+49 6131 12345"
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_xlsx_escapes_markup_and_drops_what_xml_cannot_hold():
    rows = [("<b>A & B</b>\x01\x0b", None, None, None, None, None)]
    assert xlsx_sheet(rows)["A2"].value == "<b>A & B</b>"


def test_an_empty_list_gives_the_header_alone():
    assert csv_rows(csv_bytes([], EXCEL), EXCEL) == [[c.header for c in COLUMNS]]
    sheet = xlsx_sheet([])
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:F1"


def test_csv_rows_are_written_as_they_come():
    """The first rows are handed on before the last are read: memory does not grow with them."""
    read = []

    def rows():
        for n in range(3 * tabular.ROWS_PER_CHUNK):
            read.append(n)
            yield (f"Name {n} {os.urandom(24).hex()}", "01234", None, None, n, None)

    pieces = stream_csv(COLUMNS, rows(), EXCEL)
    next(pieces)  # the header
    next(pieces)
    assert len(read) < 3 * tabular.ROWS_PER_CHUNK
    assert len(list(pieces)) >= 1


def test_xlsx_keeps_rows_on_disk_not_in_memory():
    """XlsxWriter's constant-memory mode writes each row to a temporary file as it comes."""
    rows = (
        (f"Name {n} {os.urandom(24).hex()}", "01234", None, None, n, None) for n in range(20_000)
    )
    tracemalloc.start()
    try:
        size = sum(len(piece) for piece in stream_xlsx(COLUMNS, rows, "Kontakte"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size > 500_000  # the rows are in the file...
    assert peak < 8_000_000  # ...and were never all in memory at once


def test_xlsx_refuses_more_rows_than_excel_holds(monkeypatch):
    monkeypatch.setattr(tabular, "EXCEL_ROWS", 3)
    with pytest.raises(TooManyRows):
        b"".join(stream_xlsx(COLUMNS, ROWS * 2, "Kontakte"))


def test_names_of_columns_and_sheets():
    assert (
        sheet_name("Schulungs[teil]nahmen und noch mehr Text dazu")
        == "Schulungs teil nahmen und noch "
    )
    assert sheet_name("") == "Tabelle1"


@pytest.mark.parametrize(
    ("value", "written"),
    [(Decimal("10"), "10"), (Decimal("10.00"), "10"), (Decimal("2.50"), "2,5"), (Decimal(0), "0")],
)
def test_a_decimal_keeps_the_zeros_before_its_point(value, written):
    columns = (Column("Stunden"),)
    assert csv_rows(csv_bytes([(value,)], EXCEL, columns), EXCEL)[1] == [written]
