"""`crm backup` and `crm restore` on SQLite: a consistent copy while Lotse writes, readable by
its owner only, and a checked restore that brings back exactly what was saved."""

import sqlite3
import stat
import threading
import time
from contextlib import closing

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.instance_files import sqlite_path
from crm.models import AuditEntry, Tag
from tests import factories


@pytest.fixture
def database(ctx):
    path = sqlite_path(ctx.config["SQLALCHEMY_DATABASE_URI"])
    if path is None:
        pytest.skip("backup and restore are for SQLite; PostgreSQL has pg_dump")
    return path


def rows(path, table="tags"):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT id, name FROM {table} ORDER BY id").fetchall()


def test_a_backup_while_lotse_writes_is_one_consistent_snapshot(runner, database, tmp_path):
    """A writer adds tags in pairs, each pair in one transaction, while the backup runs: the
    copy is intact and holds whole pairs only."""
    stop = threading.Event()

    def write_pairs():
        with closing(sqlite3.connect(database, timeout=10)) as connection:
            number = 0
            while not stop.is_set():
                with connection:
                    for half in "ab":
                        connection.execute(
                            "INSERT INTO tags (name, colour, search_document, created_at, "
                            "updated_at, sort_name) VALUES (?, '#000000', '', '2026-12-02', "
                            "'2026-12-02', '')",
                            (f"paar-{number}-{half}",),
                        )
                number += 1
                time.sleep(0.001)  # a pause between saves, as people make them: the backup's
                # own history entry gets its turn at the write lock even on a loaded machine

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(rows(database)) < 200:
            assert writer.is_alive() and time.monotonic() < deadline
        target = tmp_path / "sicherung.db"
        result = runner.invoke(args=["crm", "backup", str(target)])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = rows(target)
    assert len(saved) >= 200 and len(saved) % 2 == 0
    assert len(rows(database)) > len(saved)  # the writer went on after the snapshot
    assert db.session.scalars(select(AuditEntry.action)).all()[-1] == "backup"


def test_a_backup_never_overwrites_a_file(runner, database, tmp_path):
    target = tmp_path / "sicherung.db"
    target.write_text("wichtig")
    result = runner.invoke(args=["crm", "backup", str(target)])
    assert result.exit_code == 1 and "gibt es schon" in result.output
    assert target.read_text() == "wichtig"


def test_restore_brings_back_exactly_what_was_saved(runner, database, tmp_path):
    for name in ("Newsletter", "Fachtag", "Ehrenamt"):
        factories.tag(name=name)
    saved = rows(database)
    target = tmp_path / "sicherung.db"
    assert runner.invoke(args=["crm", "backup", str(target)]).exit_code == 0

    tag = db.session.scalars(select(Tag).where(Tag.name == "Fachtag")).one()
    tag.name = "Fachtag 2027"
    factories.tag(name="Nachher")
    db.session.commit()
    assert rows(database) != saved

    result = runner.invoke(args=["crm", "restore", str(target)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Wiederhergestellt" in result.output
    assert rows(database) == saved
    db.session.remove()
    assert sorted(db.session.scalars(select(Tag.name))) == ["Ehrenamt", "Fachtag", "Newsletter"]
    assert db.session.scalars(select(AuditEntry.action)).all()[-1] == "restore"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"kein SQLite", "keine SQLite-Datenbank"),
        (None, "keine Lotse-Datenbank"),
        ("fremd", "Datenbankstand, den diese Lotse-Version nicht kennt"),
        ("kaputt", "beschädigt"),
    ],
)
def test_restore_checks_the_file_and_changes_nothing_when_refused(
    runner, database, tmp_path, content, message
):
    factories.tag(name="Bleibt")
    before = rows(database)
    candidate = tmp_path / "kandidat.db"
    if isinstance(content, bytes):
        candidate.write_bytes(content * 100)
    else:
        assert runner.invoke(args=["crm", "backup", str(candidate)]).exit_code == 0
        with closing(sqlite3.connect(candidate)) as other:
            if content is None:
                other.execute("DROP TABLE users")
            elif content == "fremd":
                other.execute("UPDATE alembic_version SET version_num = '9999'")
            other.commit()
        if content == "kaputt":
            _damage(candidate)
    result = runner.invoke(args=["crm", "restore", "--yes", str(candidate)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert rows(database) == before


def _damage(path):
    """An index that no longer matches its table, as a bad disk or a broken copy leaves it."""
    with closing(sqlite3.connect(path)) as copy:
        copy.execute("CREATE INDEX probe ON tags (name)")
        copy.execute("PRAGMA writable_schema=ON")
        copy.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX probe ON tags (colour)' "
            "WHERE name = 'probe'"
        )
        copy.commit()


def test_restore_asks_first(runner, database, tmp_path):
    target = tmp_path / "sicherung.db"
    assert runner.invoke(args=["crm", "backup", str(target)]).exit_code == 0
    factories.tag(name="Nachher")
    before = rows(database)
    result = runner.invoke(args=["crm", "restore", str(target)], input="n\n")
    assert result.exit_code == 1
    assert rows(database) == before
