"""The uploaded file between preview and confirmation: kept in a folder of the instance under a
random token and the uploading user's id, read again on confirmation and deleted after; files
left by previews never confirmed are removed after a day, at the next upload."""

import re
import secrets
import time
from pathlib import Path

from flask_babel import gettext as _

from .reading import ImportFileError

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
KEPT_SECONDS = 24 * 3600


def keep(folder: Path, user_id: int, data: bytes) -> str:
    """Store the file for this user; returns the token that finds it again."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for old in folder.iterdir():
        if _expired(old):
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    path = _path(folder, user_id, token)
    path.write_bytes(data)
    path.chmod(0o600)
    return token


def load(folder: Path, user_id: int, token: str) -> bytes:
    """The file this user uploaded with this token; refused when it is gone, older than a day
    or not theirs."""
    path = _path(folder, user_id, token) if TOKEN.fullmatch(token or "") else None
    if path is not None and path.is_file() and _expired(path):
        path.unlink(missing_ok=True)  # a preview of yesterday may show what is no longer so
    if path is None or not path.is_file():
        raise ImportFileError(
            _("Die hochgeladene Datei ist nicht mehr da. Bitte die Datei noch einmal hochladen.")
        )
    return path.read_bytes()


def discard(folder: Path, user_id: int, token: str) -> None:
    if TOKEN.fullmatch(token or ""):
        _path(folder, user_id, token).unlink(missing_ok=True)


def _expired(path: Path) -> bool:
    return path.stat().st_mtime < time.time() - KEPT_SECONDS


def _path(folder: Path, user_id: int, token: str) -> Path:
    return folder / f"{int(user_id)}-{token}"
