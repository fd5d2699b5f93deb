"""Settings read from the environment, with defaults that are safe for a local start."""

import os
import re
from pathlib import Path

from .instance_files import secret_key
from .sensitive import parse_setting


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "lotse.db")
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 explicitly.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _engine_options() -> dict:
    """Engine options; ``DATABASE_SCHEMA`` (PostgreSQL only) keeps Lotse's tables in that schema
    instead of ``public``, e.g. ``lotse_bench`` for the load run in ``bench/load.py``."""
    options: dict = {"pool_pre_ping": True}
    schema = os.environ.get("DATABASE_SCHEMA")
    if schema:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
            raise ValueError(f"DATABASE_SCHEMA must be a plain lower-case name, not {schema!r}")
        options["connect_args"] = {"options": f"-csearch_path={schema}"}
    return options


def from_environment(instance_path: str) -> dict:
    """The configuration of a running Lotse; tests pass their own dict on top."""
    return {
        "SECRET_KEY": secret_key(os.environ.get("SECRET_KEY"), instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(),
        "BABEL_DEFAULT_LOCALE": "de",
        # § 72a SGB VIII (crm.clearance): a certificate's age at the inspection, its validity.
        "CLEARANCE_MAX_AGE_DAYS": int(os.environ.get("CLEARANCE_MAX_AGE_DAYS", 90)),
        "CLEARANCE_VALID_YEARS": int(os.environ.get("CLEARANCE_VALID_YEARS", 5)),
        # The role that may read each group of sensitive fields (crm.sensitive).
        "SENSITIVE_FIELDS_ROLE": parse_setting(os.environ.get("SENSITIVE_FIELDS_ROLE")),
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "LANGUAGES": {"de": "Deutsch", "en": "English"},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("SESSION_LIFETIME_SECONDS", 8 * 3600)),
        # A session unused this long ends (crm.auth.end_idle_session).
        "SESSION_IDLE_SECONDS": int(os.environ.get("SESSION_IDLE_SECONDS", 2 * 3600)),
        # Larger requests are refused before they are read (413).
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_REQUEST_MB", 20)) * 1024 * 1024,
        # Reverse proxies in front of Lotse whose X-Forwarded-For/-Proto/-Host are trusted.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", 0)),
        "WTF_CSRF_TIME_LIMIT": None,
        "FLASK_ADMIN_SWATCH": "default",
        # A list counts exactly up to this many rows, then shows "more than"; see crm/views/base.py.
        "LIST_COUNT_LIMIT": int(os.environ.get("LIST_COUNT_LIMIT", 10_000)),
        "SEARCH_COUNT_LIMIT": int(os.environ.get("SEARCH_COUNT_LIMIT", 1_000)),
        "AUTO_MIGRATE": os.environ.get("AUTO_MIGRATE", "1") == "1",
        # Lotse's address for links in mails (crm.reminder_mails), e.g. https://lotse.example.de
        "BASE_URL": os.environ.get("BASE_URL", "").rstrip("/"),
        **_mail(instance_path),
    }


def _mail(instance_path: str) -> dict:
    """How mail leaves (crm.outbox): through this SMTP server, or without MAIL_SERVER as .eml
    files in the instance folder, so a new installation sees what would be sent."""
    return {
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 587)),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "0") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "lotse@localhost"),
        "MAIL_FOLDER": str(Path(instance_path) / "outbox"),
    }
