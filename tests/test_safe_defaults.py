"""Safe defaults in production: one signing key for every worker, or no start; the key and
the SQLite database readable by their owner only; an edit without the version it was opened
with refused, not saved."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from crm import create_app
from crm.extensions import db
from crm.instance_files import UnsafeSetup, secret_key
from tests import factories
from tests.test_crud import text

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_start_with_a_short_secret_key_is_refused(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "geheim")
    with pytest.raises(UnsafeSetup, match="SECRET_KEY ist zu kurz"):
        create_app()


def test_without_secret_key_four_workers_starting_at_once_share_one_key_file(tmp_path):
    """Each process makes its own key and links it into place; all but the first read the
    first one's."""
    script = (
        "import sys; from crm.instance_files import secret_key; "
        "print(secret_key(None, sys.argv[1]))"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("SECRET_KEY", None)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            stdout=subprocess.PIPE,
            env=environment,
            text=True,
        )
        for _ in range(4)
    ]
    keys = {worker.communicate(timeout=60)[0].strip() for worker in workers}
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert mode(tmp_path / "secret_key") == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


def test_a_key_file_others_can_read_or_an_empty_one_is_refused(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("x" * 64)
    key.chmod(0o644)
    with pytest.raises(UnsafeSetup, match="chmod 600"):
        secret_key(None, str(tmp_path))
    key.chmod(0o600)
    assert secret_key(None, str(tmp_path)) == "x" * 64
    key.write_text("")
    with pytest.raises(UnsafeSetup, match="keinen gültigen Schlüssel"):
        secret_key(None, str(tmp_path))


def test_the_sqlite_database_and_its_journal_are_the_owners_only(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "neu.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{fresh}", "SECRET_KEY": "t"})
        with app.app_context():
            db.session.execute(db.text("CREATE TABLE probe (id INTEGER)"))
            db.session.commit()
            assert mode(fresh) == 0o600
            assert mode(Path(f"{fresh}-wal")) == 0o600
            db.engine.dispose()
        shared = tmp_path / "alt.db"
        shared.touch(mode=0o644)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{shared}", "SECRET_KEY": "t"})
        with app.app_context():
            db.session.execute(db.text("SELECT 1"))
            assert mode(shared) == 0o600
            db.engine.dispose()
    finally:
        os.umask(old)


def test_an_edit_without_its_version_is_refused_and_nothing_saved(browser):
    organisation = factories.organisation(name="Caritas Lotsenau")
    data = {"name": "Überschrieben", "kind": "traeger"}
    response = browser.post(f"/admin/organisation/edit/?id={organisation.id}", data)
    assert "Das Formular kam ohne die Version des Eintrags" in text(response)
    db.session.refresh(organisation)
    assert organisation.name == "Caritas Lotsenau"
    empty = browser.post(
        f"/admin/organisation/edit/?id={organisation.id}", {**data, "seen_version": ""}
    )
    assert "ohne die Version" in text(empty)
    db.session.refresh(organisation)
    assert organisation.name == "Caritas Lotsenau"
