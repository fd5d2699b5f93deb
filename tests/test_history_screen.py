"""The history of every change, login and export, as administrators read it: nobody changes
or deletes an entry through the application."""

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEntry
from tests.test_crud import text


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
