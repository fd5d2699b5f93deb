"""Login, roles and CSRF: every screen needs a session and the right role, on the server."""

import pytest

from crm.extensions import db
from crm.models import AuditEntry, User
from tests.helpers import LIST_ENDPOINTS, Browser, make_user


def admin_urls(app):
    """Every URL rule of the admin and the app, with sample arguments."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "admin.static") or rule.endpoint.endswith(".static"):
            continue
        url = rule.rule.replace("<path:filename>", "x.css").replace("<int:id>", "1")
        url = url.replace("<id>", "1").replace("<string:id>", "1")
        urls.append((url, rule.methods))
    return urls


def test_every_page_but_login_needs_a_session(ctx):
    client = Browser(ctx)
    checked = 0
    for url, methods in admin_urls(ctx):
        if url in ("/login", "/favicon.ico"):  # the icon is public (test_first_impression)
            continue
        if url == "/calendar/<token>.ics":  # its secret token instead (test_calendar)
            assert client.get("/calendar/1.ics").status_code == 404
            continue
        if "GET" in methods:
            response = client.get(url)
            assert response.status_code in (302, 401, 403), url
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], url
            checked += 1
    assert checked > 40


def test_login_page_and_static_files_are_public(ctx):
    client = Browser(ctx)
    assert client.get("/login").status_code == 200
    with client.get("/static/lotse.css") as response:
        assert response.status_code == 200


def test_login_with_wrong_password_is_refused_in_german(login_as, ctx):

    user = make_user("viewer", "falsch@example.org")
    browser = Browser(ctx)
    response = browser.login(user.email, password="nicht-das-passwort")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).failed_logins == 1
    assert browser.get("/admin/").status_code == 302


def test_login_records_the_login_and_logout_needs_csrf(login_as):
    browser = login_as("viewer")
    assert browser.get("/admin/").status_code == 200
    assert db.session.query(AuditEntry).filter_by(action="login").count() == 1
    assert browser.post("/logout", csrf=False).status_code == 400
    assert browser.post("/logout").status_code == 302
    assert browser.get("/admin/").status_code == 302


def test_login_does_not_redirect_to_another_site(ctx):

    make_user("viewer", "weiter@example.org")
    browser = Browser(ctx)
    page = browser.get("/login?next=//evil.example/x")
    assert page.status_code == 200
    response = browser.request(
        "POST",
        "/login?next=https://evil.example/",
        data={
            "email": "weiter@example.org",
            "password": "richtig-geheim-123",
            "csrf_token": __import__("re")
            .search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.data)
            .group(1)
            .decode(),
        },
    )
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_viewer_reads_but_cannot_write(login_as, endpoint):
    browser = login_as("viewer")
    page = browser.get(f"/admin/{endpoint}/")
    assert page.status_code == 200, page.data[:300]
    assert f"/admin/{endpoint}/new/" not in page.get_data(as_text=True)
    assert browser.get(f"/admin/{endpoint}/new/").status_code == 403
    assert browser.post(f"/admin/{endpoint}/new/", {"name": "x"}).status_code == 403
    assert browser.get(f"/admin/{endpoint}/edit/?id=1").status_code == 403
    assert browser.post(f"/admin/{endpoint}/delete/", {"id": "1"}).status_code == 403


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_coordinator_opens_list_and_create_form(browser, endpoint):
    page = browser.get(f"/admin/{endpoint}/")
    assert page.status_code == 200
    assert browser.get(f"/admin/{endpoint}/new/").status_code == 200


def test_only_admins_manage_users(login_as):
    coordinator = login_as("coordinator")
    assert coordinator.get("/admin/user/").status_code == 403
    assert coordinator.post("/admin/user/new/", {"email": "x@example.org"}).status_code == 403
    admin = login_as("admin")
    assert admin.get("/admin/user/").status_code == 200
    assert "Benutzer" in admin.get("/admin/").get_data(as_text=True)


def test_post_without_csrf_token_is_refused_and_saves_nothing(browser):
    response = browser.post("/admin/tag/new/", {"name": "Ohne Token"}, csrf=False)
    assert response.status_code == 400
    assert "Formular abgelaufen" in response.get_data(as_text=True)
    from crm.models import Tag

    assert db.session.query(Tag).count() == 0
