"""Backups of a SQLite database, and putting one back.

Both use SQLite's online backup API in a single step, which copies one consistent snapshot
while Lotse goes on writing (WAL: the writers do not wait), and which writes the whole
database or nothing: a restore is atomic for every process that has the database open. A
backup file is made readable by its owner only. PostgreSQL has pg_dump (see the README).
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.script import ScriptDirectory

from .instance_files import write_owner_only
from .schema import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore refused, with a German message saying why."""


def backup(database: Path, target: Path) -> None:
    """A consistent copy of ``database`` into a new file ``target``."""
    if target.exists():
        raise BackupError(f"{target} gibt es schon; bitte einen neuen Dateinamen angeben.")
    try:
        write_owner_only(target)
    except OSError as error:
        raise BackupError(f"{target} lässt sich nicht anlegen: {error.strerror}") from None
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def check_backup(path: Path) -> str:
    """That ``path`` is an intact Lotse database at a migration this version knows: its
    migration revision, or BackupError."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"{path} lässt sich nicht lesen: {error.strerror}") from None
    if header != SQLITE_HEADER:
        raise BackupError(f"{path} ist keine SQLite-Datenbank.")
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as backup_db:
        try:
            integrity = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
            revisions = backup_db.execute("SELECT version_num FROM alembic_version").fetchall()
            backup_db.execute("SELECT count(*) FROM users").fetchone()
        except sqlite3.DatabaseError:
            raise BackupError(f"{path} ist keine Lotse-Datenbank.") from None
    if integrity != "ok":
        raise BackupError(f"{path} ist beschädigt (integrity_check: {integrity}).")
    known = {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if len(revisions) != 1 or revisions[0][0] not in known:
        found = ", ".join(r[0] for r in revisions) or "keine"
        raise BackupError(
            f"{path} hat einen Datenbankstand, den diese Lotse-Version nicht kennt ({found})."
        )
    return revisions[0][0]


def restore(path: Path, database: Path) -> str:
    """Replace the content of ``database`` with the checked backup ``path``, in one step;
    the backup's migration revision is returned."""
    revision = check_backup(path)
    backup_uri = f"{path.resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(backup_uri, uri=True)) as source,
        closing(sqlite3.connect(database)) as live,
    ):
        source.backup(live)
    return revision
