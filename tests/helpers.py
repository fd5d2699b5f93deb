"""Test helpers: a logged-in browser with CSRF, users, and a query counter."""

import re
from contextlib import contextmanager

from sqlalchemy import event
from werkzeug.security import generate_password_hash

from crm.extensions import db
from crm.models import User
from crm.models.choices import Role

PASSWORD = "richtig-geheim-123"
# Every list screen of the admin, by endpoint (the user administration aside).
LIST_ENDPOINTS = (
    "municipality",
    "organisation",
    "contact",
    "tag",
    "language",
    "volunteer",
    "course",
    "training",
    "participation",
    "newcomer",
    "assignment",
    "network",
    "meeting",
    "task",
    "offer",
)
TOKEN = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """A test client that logs in through /login and sends the CSRF token with every form."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.token = None

    def request(self, method, url, **kwargs):
        # Each request in a fresh app context, as in production: the test's own context
        # (and its g, where Flask-Login caches the user) must not leak into requests.
        with self.app.app_context():
            response = self.client.open(url, method=method, **kwargs)
            response.get_data()  # a streamed body (an export) is read inside its request
        db.session.expire_all()  # the test then reads what the request wrote
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def login(self, email, password=PASSWORD):
        page = self.get("/login")
        token = TOKEN.search(page.data).group(1).decode()
        response = self.request(
            "POST", "/login", data={"email": email, "password": password, "csrf_token": token}
        )
        self.token = token
        if response.status_code == 302:
            # A login starts a new session with a new CSRF token: read it from a small page.
            page = self.get("/admin/passwort/")
            self.token = TOKEN.search(page.data).group(1).decode()
        return response

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token)
        return self.request("POST", url, data=data, **kwargs)


def make_user(role: Role | str, email: str | None = None) -> User:
    role = Role(role)
    user = User(email=email or f"{role.value}@example.org", name=f"Test {role.value}", role=role)
    # A cheap hash: the login still checks it, without 0.1 s of scrypt for every test user.
    user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
    db.session.add(user)
    db.session.commit()
    return user


@contextmanager
def counted_queries():
    """Counts the SQL statements the app sends inside the block: ``with counted_queries() as n``."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def pdf_text(data: bytes) -> str:
    """The text of a PDF file, its whitespace folded to single spaces."""
    import io
    import re

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)
