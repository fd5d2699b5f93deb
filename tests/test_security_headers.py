"""The security headers on every kind of response, scripts only with the page's nonce and no
inline handlers, HSTS behind HTTPS, and requests too large refused before they are read."""

import io
import re

import pytest

from tests import factories
from tests.helpers import Browser

NONCE = re.compile(r"script-src 'self' 'nonce-([\w-]+)'")
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def kinds(browser):
    """One response of each kind a user meets, logged in as a coordinator."""
    meeting = factories.meeting()
    contact = factories.contact()
    return {
        "start": browser.get("/admin/"),
        "list": browser.get("/admin/contact/"),
        "record": browser.get(f"/admin/contact/details/?id={contact.id}"),
        "edit form": browser.get(f"/admin/meeting/edit/?id={meeting.id}"),
        "new form": browser.get("/admin/meeting/new/"),
        "export": browser.get("/admin/contact/export/csv/"),
        "ics": browser.get(f"/admin/meeting/ics/?id={meeting.id}"),
        "password": browser.get("/admin/passwort/"),
        "not found": browser.get("/admin/contact/details/?id=999999"),
        "forbidden": browser.get("/admin/user/"),
        "redirect": browser.get("/"),
    }


def check_headers(response, personal=True):
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert NONCE.search(policy), policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy.split(";")[1]
    assert "object-src 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP
    if personal:
        assert headers["Cache-Control"] == "no-store"


def test_every_kind_of_page_sends_the_headers(browser):
    for kind, response in kinds(browser).items():
        assert response.status_code < 500, kind
        check_headers(response)
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        html = response.get_data(as_text=True)
        assert not HANDLER.search(html), (kind, HANDLER.search(html).group(0))
        nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
        for attributes in SCRIPT.findall(html):
            assert "src=" in attributes or f'nonce="{nonce}"' in attributes, (kind, attributes)


def test_the_login_page_and_static_files(ctx):
    anonymous = Browser(ctx)
    check_headers(anonymous.get("/login"))
    check_headers(anonymous.get("/admin/contact/"))  # the redirect to the login
    script = anonymous.get("/static/lotse-handlers.js")
    script.close()
    check_headers(script, personal=False)
    assert "no-store" not in script.headers.get("Cache-Control", "")


def test_each_page_has_its_own_nonce(browser):
    first, second = browser.get("/admin/"), browser.get("/admin/")
    nonces = {NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)}
    assert len(nonces) == 2


def test_hsts_only_over_https(ctx):
    page = Browser(ctx).get("/login", base_url="https://lotse.example")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in Browser(ctx).get("/login").headers


def test_behind_a_trusted_proxy_https_is_told_by_the_proxy(tmp_path):
    from crm import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "TRUSTED_PROXIES": 1,
            "AUTO_MIGRATE": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.db'}",
        }
    )
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    page = app.test_client().get("/static/lotse.css", headers=forwarded)
    page.close()
    assert "Strict-Transport-Security" in page.headers
    with app.app_context():
        from crm.extensions import db

        db.engine.dispose()


class Endless(io.RawIOBase):
    """A request body of 200 MB that counts what is read of it."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        size = len(buffer)
        self.read_bytes += size
        buffer[:size] = b"a" * size
        return size


@pytest.mark.parametrize("path", ["/login", "/admin/contact/new/"])
def test_a_200_mb_post_is_refused_before_it_is_read(browser, path):
    body = Endless()
    response = browser.request(
        "POST",
        path,
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(200 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert "Die gesendeten Daten sind zu groß" in response.get_data(as_text=True)
    assert body.read_bytes < 1024 * 1024
    check_headers(response)
