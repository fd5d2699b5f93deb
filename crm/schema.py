"""The database schema brought up to date where Lotse may do it by itself: on SQLite, when
the first request or a command that needs the data arrives, never as a side effect of
loading the app (``flask --app app crm --help`` creates no database). PostgreSQL is migrated
on purpose with ``flask --app app db upgrade``."""

from pathlib import Path
from threading import Lock

from flask import Flask

from .extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_checked: set[int] = set()  # apps whose schema this process has seen up to date
_lock = Lock()


def ensure_schema(app: Flask) -> None:
    """Apply pending migrations on SQLite, once per process and app (``AUTO_MIGRATE``)."""
    if id(app) in _checked:
        return
    with _lock:
        if id(app) in _checked:
            return
        if app.config["AUTO_MIGRATE"] and app.config["SQLALCHEMY_DATABASE_URI"].startswith(
            "sqlite"
        ):
            _upgrade(app)
        _checked.add(id(app))


def _upgrade(app: Flask) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    with app.app_context():
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        if current != heads:
            upgrade(directory=str(MIGRATIONS))
