"""The history of every change, login and export, as administrators read it: nobody changes
or deletes an entry through the application."""

import io
from datetime import UTC, datetime
from urllib.parse import quote

import openpyxl
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEntry
from tests.helpers import make_user
from tests.test_crud import list_rows, text


def test_admins_read_the_history_with_old_and_new_values(login_as):
    admin = login_as("admin")
    assert (
        admin.post("/admin/tag/new/", {"name": "Newsletter", "colour": "#1f77b4"}).status_code
        == 302
    )
    page = text(admin.get("/admin/history/?flt0_aktion_equals=create"))
    assert "Name: — → Newsletter" in page and "tags" in page
    assert "<td>login</td>" not in page  # filtered by the action
    assert "<td>login</td>" in text(admin.get("/admin/history/"))


def test_exports_are_in_the_history(login_as):
    coordinator = login_as("coordinator")
    with coordinator.get("/admin/contact/export/csv/") as response:
        assert response.status_code == 200
        response.get_data()
    admin = login_as("admin")
    page = text(admin.get("/admin/history/?flt0_aktion_equals=export"))
    assert "<td>export</td>" in page and "<td>contacts</td>" in page


def test_nobody_changes_or_deletes_an_entry(login_as):
    admin = login_as("admin")
    entry = db.session.scalars(select(AuditEntry)).first()
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    assert admin.get(f"/admin/history/edit/?id={entry.id}").status_code in (302, 403)
    admin.post("/admin/history/delete/", {"id": str(entry.id)})
    admin.post("/admin/history/action/", {"action": "delete", "rowid": [str(entry.id)]})
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) >= before
    assert db.session.get(AuditEntry, entry.id) is not None
    assert admin.get("/admin/history/new/").status_code in (302, 403)


def test_only_administrators_read_it(login_as):
    assert login_as("coordinator").get("/admin/history/").status_code == 403
    assert login_as("viewer").get("/admin/history/").status_code == 403


def _entry(user, action, table, at):
    db.session.add(AuditEntry(user_id=user.id, action=action, table=table, row_id=1, at=at))


def test_admins_filter_by_user_table_action_and_period_and_export_it(login_as):
    admin = login_as("admin")
    anna = make_user("coordinator", email="anna@example.org")
    ben = make_user("coordinator", email="ben@example.org")
    _entry(anna, "update", "contacts", datetime(2026, 3, 14, 9, 30, tzinfo=UTC))
    _entry(anna, "delete", "tags", datetime(2026, 5, 2, 10, 0, tzinfo=UTC))
    _entry(ben, "update", "contacts", datetime(2026, 5, 3, 11, 0, tzinfo=UTC))
    db.session.commit()

    def shown(**filters):
        query = "&".join(f"flt{i}_{k}={quote(v)}" for i, (k, v) in enumerate(filters.items()))
        return list_rows(text(admin.get(f"/admin/history/?{query}")))

    by_anna = shown(benutzer_in_ist=str(anna.id))
    assert by_anna.count("anna@example.org") == 2 and "ben@example.org" not in by_anna
    assert shown(tabelle_equals="tags").count("<td>delete</td>") == 1
    assert "ben@" in shown(aktion_equals="update", tabelle_equals="contacts")
    may = shown(zeitpunkt_between="2026-05-01 00:00:00 to 2026-05-31 23:59:59")
    assert may.count("<tr>") == 2 and "14.03.2026" not in may

    export = admin.get(
        f"/admin/history/export/csv/?flt0_benutzer_in_ist={anna.id}&flt1_aktion_equals=update"
    )
    lines = export.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[:4] == ["Zeitpunkt", "Benutzer/in", "Aktion", "Tabelle"]
    assert len(lines) == 2 and "14.03.2026" in lines[1] and "update;contacts" in lines[1]
    sheet = openpyxl.load_workbook(io.BytesIO(admin.get("/admin/history/export/xlsx/").data))
    assert sheet.active.max_row >= 4
    recorded = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [e.table for e in recorded] == ["audit_entries", "audit_entries"]
    assert login_as("coordinator").get("/admin/history/export/csv/").status_code == 403
