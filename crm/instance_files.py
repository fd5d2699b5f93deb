"""The files that hold secrets, readable by their owner only: the key that signs sessions,
the SQLite database (and the journal files SQLite gives its mode) and backups.

The key file is made once, atomically: written complete under a temporary name, then linked
to its place, which fails if another process got there first; that process's key is read. So
four gunicorn workers started at once without SECRET_KEY share one key.
"""

import os
import secrets
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

OWNER_ONLY = 0o600
MIN_KEY = 32  # characters; `openssl rand -hex 32` gives 64


class UnsafeSetup(RuntimeError):
    """Lotse refuses to start this way; the message says what to do."""


def secret_key(environment_key: str | None, instance_path: str) -> str:
    """SECRET_KEY from the environment, else the instance folder's key file, made if missing."""
    if environment_key:
        if len(environment_key) < MIN_KEY:
            raise UnsafeSetup(
                f"SECRET_KEY ist zu kurz ({len(environment_key)} Zeichen, mindestens {MIN_KEY}): "
                "zum Beispiel SECRET_KEY=$(openssl rand -hex 32)"
            )
        return environment_key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        _make_key_file(path)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise UnsafeSetup(f"{path} ist für andere lesbar: chmod 600 {path}")
    key = path.read_text().strip()
    if len(key) < MIN_KEY:
        raise UnsafeSetup(f"{path} enthält keinen gültigen Schlüssel: Datei löschen oder ersetzen")
    return key


def _make_key_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        write_owner_only(temporary, secrets.token_hex(32).encode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker was first: its key counts
        finally:
            temporary.unlink()
    except OSError as error:
        raise UnsafeSetup(
            f"Kein SECRET_KEY gesetzt, und {path} lässt sich nicht anlegen ({error}): "
            "SECRET_KEY in der Umgebung setzen"
        ) from None


def write_owner_only(path: Path, content: bytes = b"") -> None:
    """A new file (never an existing one) that only its owner may read."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL; None for other databases and memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def close_sqlite_file(connection) -> None:
    """On each new SQLite connection, before its journal is set: the database file closed to
    others (made with the umask's mode by the connect just now, or copied in), so the -wal
    and -shm files SQLite makes beside it get the owner-only mode too."""
    for _, name, file in connection.execute("PRAGMA database_list").fetchall():
        if name != "main" or not file:
            continue
        status = os.stat(file)
        if stat.S_IMODE(status.st_mode) & 0o077 and status.st_uid == os.getuid():
            os.chmod(file, stat.S_IMODE(status.st_mode) & 0o700)
