"""Lotse: the application factory."""

from pathlib import Path

from flask import Flask, redirect, render_template, url_for
from flask_babel import format_decimal, format_number, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.sql.compiler import InsertmanyvaluesSentinelOpts
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import security_headers
from .extensions import babel, csrf, db, login_manager, migrate
from .inputs import IdConverter
from .instance_files import close_sqlite_file
from .schema import MIGRATIONS, ensure_schema
from .sensitive import reading_roles

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app; ``config`` (tests, scripts) overrides what the environment says."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.url_map.converters["int"] = IdConverter  # before any route is added
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.from_environment(app.instance_path))
    app.config.update(config or {})
    reading_roles(app.config["SENSITIVE_FIELDS_ROLE"])  # a wrong setting stops the start
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=lambda: "Europe/Berlin")
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["decimal"] = lambda value: format_decimal(value, format="#,##0.0")
    app.jinja_env.filters["number"] = format_number
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Bitte melden Sie sich an.")
    login_manager.login_message_category = "info"

    # The whole vocabulary before views scaffold forms; the areas' rules and the history.
    from . import (  # noqa: F401
        accounts,
        assignments,
        audit,
        clearance,
        consents,
        courses,
        models,
        outbox,
        saved_selections,
        settings,
        volunteer_status,
        volunteering,
    )
    from .allowances import euro

    app.jinja_env.filters["euro"] = euro
    from .auth import bp as auth_bp
    from .auth import end_idle_session, require_login
    from .cli import crm_cli
    from .views import init_admin
    from .views.subscriptions import feed

    app.register_blueprint(auth_bp)
    app.register_blueprint(feed)
    app.before_request(lambda: ensure_schema(app))
    app.before_request(end_idle_session)
    app.before_request(require_login)
    security_headers.init_app(app)
    init_admin(app)
    app.cli.add_command(crm_cli)
    _register_error_pages(app)

    @app.route("/")
    def root():
        return redirect(url_for("admin.index"))

    @app.route("/favicon.ico")
    def favicon():
        """Where browsers look without a page to tell them (a download, an error)."""
        return redirect(url_for("static", filename="favicon.svg"), 301)

    return app


def _select_locale() -> str:
    """German unless the logged-in user chose English."""
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return "de"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite as a real database: foreign keys enforced, WAL for readers beside a writer."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        close_sqlite_file(dbapi_connection)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "engine_connect")
def _sqlite_batched_inserts(connection) -> None:
    """Many new rows of one table in one INSERT on SQLite too (an import's batch), as on
    PostgreSQL. SQLAlchemy sends them one by one because SQLite does not promise the order of
    RETURNING; it may sort the rows by their new ids instead, since SQLite numbers the rows of
    one INSERT in the order of its VALUES (rowid: the largest so far plus one)."""
    if connection.dialect.name == "sqlite":
        connection.dialect.insertmanyvalues_implicit_sentinel = (
            InsertmanyvaluesSentinelOpts.AUTOINCREMENT
        )


def _register_error_pages(app: Flask) -> None:
    def page(status: int, title, text):
        return render_template("error.html", status=status, title=title, text=text), status

    app.register_error_handler(
        CSRFError,
        lambda e: page(
            400,
            _l("Formular abgelaufen"),
            _l(
                "Das Formular war abgelaufen oder unvollständig. Bitte die Seite neu "
                "laden und noch einmal absenden."
            ),
        ),
    )
    app.register_error_handler(
        413,
        lambda e: page(
            413,
            _l("Anfrage zu groß"),
            _l("Die gesendeten Daten sind zu groß. Es wurde nichts gespeichert."),
        ),
    )
    app.register_error_handler(
        400, lambda e: page(400, _l("Ungültige Anfrage"), _l("Die Anfrage war fehlerhaft."))
    )
    app.register_error_handler(
        403,
        lambda e: page(
            403, _l("Keine Berechtigung"), _l("Ihre Rolle erlaubt diese Seite oder Aktion nicht.")
        ),
    )
    app.register_error_handler(
        404,
        lambda e: page(
            404, _l("Nicht gefunden"), _l("Diesen Eintrag oder diese Seite gibt es nicht.")
        ),
    )
    app.register_error_handler(
        500,
        lambda e: page(
            500, _l("Fehler"), _l("Etwas ist schiefgegangen. Die Eingabe wurde nicht gespeichert.")
        ),
    )
