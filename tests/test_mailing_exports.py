"""What the Verteiler screen hands out, read back as Word's mail merge, a label printer, a mail
program and an address book read it: only people who may be written to, each export recorded."""

import csv
import io

import openpyxl
import pytest
import vobject
from pypdf import PdfReader

from crm.extensions import db
from crm.models import AuditEntry
from crm.models.choices import Salutation
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_i18n import text_of
from tests.test_mailing import consenting


def export(browser, tag, output, **options):
    return browser.post("/admin/mailing/export", {"tag": str(tag.id), "output": output, **options})


def csv_rows(response) -> list[list[str]]:
    assert response.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def exports() -> list[dict]:
    return [e.changes for e in db.session.query(AuditEntry).filter_by(action="export")]


@pytest.fixture
def county(ctx):
    """Two who may get a letter (one a Turkish name, one sharing her address with her
    husband), one blocked, one without consent, one without an address."""
    tag = make.tag(name="Fachtag")
    home = {"street": "Lindenstraße 3", "postcode": "01234", "city": "Bad Schönthal"}
    consenting(
        salutation=Salutation.MS,
        title="Dr.",
        first_name="Anna",
        last_name="Müller",
        email="Anna.Mueller@example.org",
        tags=[tag],
        **home,
    )
    consenting(
        salutation=Salutation.MR,
        first_name="Jan",
        last_name="Müller",
        email="anna.mueller@EXAMPLE.org",
        tags=[tag],
        **{**home, "street": "Lindenstr. 3"},
    )
    consenting(salutation=Salutation.MR, first_name="Emre", last_name="Yılmaz", tags=[tag])
    consenting(first_name="Gesperrt", last_name="Graf", tags=[tag], do_not_contact=True)
    consenting(
        first_name="Ohne",
        last_name="Einwilligung",
        tags=[tag],
        may_mail_post=False,
        may_mail_email=False,
        mobile="0171 1234567",
    )
    consenting(first_name="Ohne", last_name="Anschrift", tags=[tag], street=None)
    return tag


def test_postal_list_per_person_for_excel(browser, county):
    response = export(browser, county, "postal-csv")
    assert response.status_code == 200
    assert "serienbrief.csv" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[-1] == "Briefanrede" and header[7] == "PLZ"
    by_name = {row[3]: row for row in rows}
    assert sorted(r[3] for r in rows) == ["Müller", "Müller", "Yılmaz"]
    anna = next(r for r in rows if r[2] == "Anna")
    assert anna[:5] == ["Frau", "Dr.", "Anna", "Müller", "Frau Dr. Anna Müller"]
    # The postcode shielded as Excel wants it to keep its leading zero (crm.tabular).
    assert anna[7:] == ['="01234"', "Bad Schönthal", "Sehr geehrte Frau Dr. Müller,"]
    assert by_name["Yılmaz"][-1] == "Sehr geehrter Herr Yılmaz,"
    (record,) = exports()
    assert record["channel"] == "post" and record["rows"] == 3
    assert record["selection"] == {"tag": [str(county.id)]}


def test_postal_list_per_address_as_xlsx(browser, county):
    response = export(browser, county, "postal-xlsx", grouping="address")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header, *rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2
    family = next(r for r in rows if "Anna" in r[4])
    assert family[4] == "Frau Dr. Anna Müller und Herrn Jan Müller"
    assert family[-1] == "Sehr geehrte Frau Dr. Müller, sehr geehrter Herr Müller,"
    assert family[7] == "01234"
    assert exports()[0]["rows"] == 2


def test_a_postal_list_of_nobody_is_its_header(browser, county):
    nobody = make.tag(name="Leer")
    header, *rows = csv_rows(export(browser, nobody, "postal-csv"))
    assert header[0] == "Anrede" and rows == []


def test_email_list_without_duplicates_and_as_bcc(browser, county):
    response = export(browser, county, "email")
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.data.decode().splitlines()
    # Anna's and Jan's addresses differ in case only; the blocked and the unconsenting one are
    # out; who allows e-mail but has no postal address is in.
    assert len(lines) == 3
    assert sum(a.casefold() == "anna.mueller@example.org" for a in lines) == 1
    assert any(a.startswith("anschrift-") for a in lines)
    assert not any(a.startswith(("graf-", "einwilligung-")) for a in lines)
    bcc = export(browser, county, "email", email_format="bcc").data.decode()
    assert bcc == "; ".join(lines)
    assert [e["rows"] for e in exports()] == [3, 3]


def test_labels_pdf_reads_back_with_every_letter(browser, county):
    response = export(browser, county, "labels", sheet="3475")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = reader.pages[0].extract_text()
    for expected in ("Frau Dr. Anna Müller", "Herrn Emre Yılmaz", "01234 Bad Schönthal"):
        assert expected in text
    assert "Graf" not in text and "Einwilligung" not in text
    assert float(reader.pages[0].mediabox.height) == pytest.approx(841.89, abs=0.1)  # A4


def test_labels_fill_a_second_sheet_after_24(browser, ctx):
    tag = make.tag()
    for n in range(25):
        consenting(last_name=f"Şahin{n:02d}", tags=[tag], street=f"Weg {n}")
    reader = PdfReader(io.BytesIO(export(browser, tag, "labels", sheet="3422").data))
    assert len(reader.pages) == 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert {f"Şahin{n:02d}" for n in range(25)} <= set(text.replace("\n", " ").split())
    assert reader.pages[1].extract_text().count("55116 Lotsenau") == 1


@pytest.mark.parametrize("sheet", ["9999", "", "3422<script>"])
def test_a_label_format_that_does_not_exist_is_refused_in_german(browser, county, sheet):
    response = export(browser, county, "labels", sheet=sheet)
    assert response.status_code == 302
    page = browser.get(response.headers["Location"])
    assert "Dieses Etikettenformat gibt es nicht" in text_of(page)
    assert exports() == []


def test_an_unknown_output_and_unreadable_criteria_change_nothing(browser, county):
    response = export(browser, county, "fax")
    assert "Diese Ausgabe gibt es nicht" in text_of(browser.get(response.headers["Location"]))
    response = browser.post("/admin/mailing/export", {"tag": "x", "output": "email"})
    assert "kein gültiger Wert" in text_of(browser.get(response.headers["Location"]))
    assert browser.post("/admin/mailing/export", {"output": "email"}, csrf=False).status_code == 400
    assert exports() == []


def test_an_email_list_of_nobody_is_a_message(browser, county):
    response = export(browser, make.tag(name="Leer"), "email")
    assert "Niemand in dieser Auswahl darf per E-Mail" in text_of(
        browser.get(response.headers["Location"])
    )
    assert exports() == []


def test_vcards_of_a_selection_read_back_with_umlauts(browser, county):
    response = export(browser, county, "vcards")
    assert response.headers["Content-Type"].startswith("text/vcard")
    body = response.data.decode("utf-8")
    assert "VERSION:3.0" in body and "\r\n" in body
    assert "FN;CHARSET=UTF-8:Dr. Anna Müller" in body
    cards = {c.fn.value: c for c in vobject.readComponents(body)}
    # Everyone not blocked who allows post or e-mail, with what they allow.
    assert set(cards) == {"Dr. Anna Müller", "Jan Müller", "Emre Yılmaz", "Ohne Anschrift"}
    assert cards["Emre Yılmaz"].n.value.family == "Yılmaz"
    assert cards["Dr. Anna Müller"].adr.value.city == "Bad Schönthal"
    assert not hasattr(cards["Ohne Anschrift"], "adr")
    assert cards["Ohne Anschrift"].email.value.startswith("anschrift-")
    assert exports()[0]["channel"] == "vcard" and exports()[0]["rows"] == 4


def test_one_contacts_vcard_by_its_link(browser, ctx):
    work = make.organisation(
        name="Caritas Lotsenau", street="Domplatz 1", postcode="55116", city="Lotsenau"
    )
    person = make.contact(
        first_name="Ayşe", last_name="Öztürk", may_mail_post=True, roles=[(work, "Beratung")]
    )
    blocked = make.contact(may_mail_post=True, do_not_contact=True)
    response = browser.get(f"/admin/mailing/vcard/{person.id}")
    assert response.status_code == 200
    assert "Öztürk-Ayşe.vcf" in response.headers["Content-Disposition"]
    card = vobject.readOne(response.data.decode())
    assert card.org.value == ["Caritas Lotsenau"] and card.title.value == "Beratung"
    assert card.adr.value.street == "Domplatz 1" and card.adr.type_param == "WORK"
    assert exports() == [{"channel": "vcard", "rows": 1}]
    for refused in (blocked.id, 99999):
        page = browser.get(f"/admin/mailing/vcard/{refused}")
        assert page.status_code == 404
        assert "Für diesen Kontakt gibt es keine vCard" in text_of(page)


def test_an_export_costs_a_fixed_number_of_statements(browser, ctx):
    statements = []
    for size in (3, 30):
        tag = make.tag()
        for _ in range(size):
            work = make.organisation(street="Markt 1", postcode="55116", city="Lotsenau")
            consenting(tags=[tag], street=None, roles=[work])
        for output in ("postal-csv", "labels", "email", "vcards"):
            with counted_queries() as sent:
                assert export(browser, tag, output, sheet="3422").status_code == 200
            statements.append(len(sent))
    # The user, the rows, the export's record (and SQLite's or PostgreSQL's commit).
    assert statements[:4] == statements[4:]
    assert max(statements) <= 4
