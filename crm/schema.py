"""The database schema brought up to date where Lotse may do it by itself: on SQLite, when
the first request or a command that needs the data arrives, never as a side effect of
loading the app (``flask --app app crm --help`` creates no database). PostgreSQL is migrated
on purpose with ``flask --app app db upgrade``."""

import logging
from pathlib import Path
from threading import Lock

from flask import Flask

from .extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_lock = Lock()
CHECKED = "lotse_schema_checked"  # in app.extensions: this process has seen it up to date


def ensure_schema(app: Flask) -> None:
    """Apply pending migrations on SQLite, once per process and app (``AUTO_MIGRATE``)."""
    if app.extensions.get(CHECKED):
        return
    with _lock:
        if app.extensions.get(CHECKED):
            return
        if app.config["AUTO_MIGRATE"] and app.config["SQLALCHEMY_DATABASE_URI"].startswith(
            "sqlite"
        ):
            _upgrade(app)
        app.extensions[CHECKED] = True


def _upgrade(app: Flask) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    with app.app_context():
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        if current != heads:
            # Alembic's INFO lines would bury what a command prints (the demo's login); the
            # migrations' own logging setup resets logger levels, so INFO is off for the call.
            disabled = logging.root.manager.disable
            logging.disable(max(disabled, logging.INFO))
            try:
                upgrade(directory=str(MIGRATIONS))
            finally:
                logging.disable(disabled)
