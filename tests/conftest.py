"""Fixtures: the app on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set), a clean
database for every test, logged-in browsers and a query counter."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from crm import MIGRATIONS, create_app
from crm.extensions import db
from crm.models import (
    ClearanceArea,
    ConsentPurpose,
    EducationStage,
    ExitReason,
    FieldOfAction,
    Language,
    TargetGroup,
)
from crm.models.choices import Role
from tests.helpers import Browser, make_user
from tests.smtp import down_smtp, smtp_server  # noqa: F401  (fixtures)

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# The tables the migrations fill, put back after every test.
SEEDED = tuple(
    m.__table__
    for m in (
        Language,
        ExitReason,
        ClearanceArea,
        ConsentPurpose,
        FieldOfAction,
        EducationStage,
        TargetGroup,
    )
)


def postgres_url() -> str:
    url = os.environ["TEST_DATABASE_URL"]
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_app(backend: str, tmp_path, schema: str | None = None):
    """A migrated app on its own database: a file on SQLite, a schema on PostgreSQL."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "AUTO_MIGRATE": False,
        # Mail goes to a folder of the test's own unless a test starts an SMTP server.
        "MAIL_SERVER": None,
        "MAIL_FOLDER": str(tmp_path / "outbox"),
    }
    if backend == "sqlite":
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'lotse.db'}"
    else:
        schema = schema or f"lotse_test_{WORKER}"
        config["SQLALCHEMY_DATABASE_URI"] = postgres_url()
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
        from sqlalchemy import create_engine

        admin_engine = create_engine(postgres_url())
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        admin_engine.dispose()
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
    return app


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    app = make_app(request.param, tmp_path_factory.mktemp(request.param))
    with app.app_context():
        seed = {
            table: [dict(r._mapping) for r in db.session.execute(select(table))] for table in SEEDED
        }
    app.config["SEED_ROWS"] = seed
    yield app
    with app.app_context():
        db.engine.dispose()


def reset_database(app) -> None:
    """Empty every table, then put back what the migrations seed.

    DELETE rather than TRUNCATE on PostgreSQL too: a test leaves a few rows, and TRUNCATE of
    every table costs about 0.1 s each time.
    """
    with app.app_context():
        tables = [t for t in db.metadata.sorted_tables]
        # ON DELETE RESTRICT is checked row by row (SQLite), so a table pointing to itself
        # (organisations.parent_id) is unlinked before it is emptied.
        for table in tables:
            own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
            if own:
                db.session.execute(table.update().values({name: None for name in own}))
        for table in reversed(tables):
            db.session.execute(table.delete())
        for table, rows in app.config["SEED_ROWS"].items():
            db.session.execute(insert(table), rows)
        if db.engine.dialect.name == "postgresql":
            # Ids start again at 1; the seeded rows came with theirs.
            restart = ", ".join(
                f"setval(pg_get_serial_sequence('{t.name}', 'id'), 1, false)"
                for t in tables
                if t not in SEEDED and "id" in t.c and t.c.id.primary_key
            )
            db.session.execute(text(f"SELECT {restart}"))
            for table in SEEDED:
                if "id" in table.c:
                    sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
                    db.session.execute(text(f"SELECT setval({sequence}, max(id)) FROM {table}"))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def ctx(app):
    """A clean database and an app context for the test."""
    reset_database(app)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def login_as(ctx):
    """``login_as("coordinator")`` gives a Browser logged in with a new user of that role."""

    def login(role="coordinator"):
        user = make_user(role, email=f"{Role(role).value}-{os.urandom(3).hex()}@example.org")
        browser = Browser(ctx)
        response = browser.login(user.email)
        assert response.status_code == 302, response.data[:500]
        return browser

    return login


@pytest.fixture
def browser(login_as):
    return login_as("coordinator")


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()
