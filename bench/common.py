"""Shared by the benchmark runner and the load run: the database to measure, migrated and filled."""

import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

SCHEMA_PATTERN = re.compile(r"lotse_bench[a-z0-9_]*")
LOOPBACK = re.compile(r"^[a-z+]+://[^@/]*@?(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/")


@dataclass
class Target:
    """Where the measured data lives: a SQLite file, or a ``lotse_bench*`` schema in PostgreSQL."""

    url: str  # as SQLAlchemy wants it (postgresql+psycopg://...)
    raw_url: str  # as given, for DATABASE_URL of the load run's gunicorn
    schema: str | None = None
    tmpdir: str | None = None

    @property
    def dialect(self) -> str:
        return "postgresql" if self.schema else "sqlite"

    def engine_options(self) -> dict:
        options: dict = {"pool_pre_ping": True}
        if self.schema:
            options["connect_args"] = {"options": f"-csearch_path={self.schema}"}
        return options

    def app_config(self) -> dict:
        return {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": self.url,
            "SQLALCHEMY_ENGINE_OPTIONS": self.engine_options(),
            "AUTO_MIGRATE": False,
        }

    def server_env(self) -> dict[str, str]:
        """Environment for a separate server process (see DATABASE_SCHEMA in crm/config.py)."""
        env = {"DATABASE_URL": self.raw_url, "AUTO_MIGRATE": "0"}
        if self.schema:
            env["DATABASE_SCHEMA"] = self.schema
        return env

    def cleanup(self) -> None:
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def target(database_url: str | None, schema: str = "lotse_bench") -> Target:
    """A fresh SQLite file in a temp dir without a URL; else the given database."""
    if not database_url:
        tmpdir = tempfile.mkdtemp(prefix="lotse-bench-")
        url = f"sqlite:///{tmpdir}/lotse.db"
        return Target(url=url, raw_url=url, tmpdir=tmpdir)
    if database_url.startswith("sqlite"):
        return Target(url=database_url, raw_url=database_url)
    if not SCHEMA_PATTERN.fullmatch(schema):
        raise SystemExit(f"Schema {schema!r}: only schemas named lotse_bench* are used.")
    if not LOOPBACK.match(database_url):
        raise SystemExit("Only databases on 127.0.0.1/localhost are used for measurements.")
    url = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", database_url)
    return Target(url=url, raw_url=database_url, schema=schema)


@contextmanager
def database(args) -> Iterator[Target]:
    """The target of a script's ``--database-url`` and ``--schema``; afterwards its schema is
    dropped (``--drop``) and its temp dir removed."""
    found = target(args.database_url, args.schema)
    try:
        yield found
    finally:
        if args.drop:
            drop_schema(found)
        found.cleanup()


def _reset_schema(target_: Target) -> None:
    engine = create_engine(target_.url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {target_.schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {target_.schema}"))
    engine.dispose()


def drop_schema(target_: Target) -> None:
    if target_.schema:
        engine = create_engine(target_.url)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {target_.schema} CASCADE"))
        engine.dispose()


def _has_contacts(target_: Target) -> bool:
    engine = create_engine(target_.url, **target_.engine_options())
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT count(*) FROM contacts")).scalar())
    except Exception:  # no schema, no table: nothing to reuse
        return False
    finally:
        engine.dispose()


def prepare(
    target_: Target,
    contacts: int,
    seed: int = 1,
    reuse: bool = False,
    echo=print,
    offers: int | None = None,
) -> tuple[Flask, float | None]:
    """The app on a migrated database with data; returns it and the seconds filling took
    (None when existing data was reused)."""
    from flask_migrate import upgrade

    from crm import MIGRATIONS, create_app
    from crm.extensions import db
    from crm.sampledata.bench import bench_user, fill

    keep = reuse and _has_contacts(target_)
    if target_.schema and not keep:
        _reset_schema(target_)
    app = create_app(target_.app_config())
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        if keep:
            bench_user()
            echo("Vorhandene Daten werden wiederverwendet.")
            return app, None
        started = time.perf_counter()
        fill(contacts=contacts, seed=seed, echo=echo, offers=offers)
        seconds = time.perf_counter() - started
        db.session.remove()
    return app, seconds


def sizes() -> dict[str, int]:
    """Rows per main table (inside an app context)."""
    from crm.extensions import db
    from crm.models import (
        Assignment,
        Contact,
        ContactRole,
        Municipality,
        Newcomer,
        Organisation,
        Tag,
        Volunteer,
    )
    from crm.models.people import contact_tags

    counted = (
        Contact,
        Organisation,
        Volunteer,
        Assignment,
        Newcomer,
        ContactRole,
        Municipality,
        Tag,
    )
    result = {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in counted
    }
    result["contact_tags"] = db.session.scalar(select(func.count()).select_from(contact_tags))
    return result
