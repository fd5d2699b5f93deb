"""The history of every change: who created, changed or deleted which row when, with the old
and the new value of each field that changed.

The write path (crm.operations) decides what may be written; this module records what was:
every row the session flushes, whether a form, a bulk action, an inline child, the CLI or
the demo wrote it, is collected before each flush and written as audit entries in the same
transaction, just before it commits. What maintenance commands write directly in SQL they
name themselves with :func:`record`.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from sqlalchemy import event, inspect
from sqlalchemy.orm import ColumnProperty, RelationshipProperty, Session

from .models import AuditEntry
from .models.hooks import acting_user_id
from .sorting import sort_key_columns

# Kept by the system on every write, or bookkeeping of a login: no history of their own.
NOT_RECORDED = frozenset(
    {
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        "version",
        "search_document",
        "last_login_at",
        "failed_logins",
        "session_generation",
        *sort_key_columns(),
    }
)
# Recorded as changed, never with their values: secrets, the clearance data that § 72a(5)
# SGB VIII lets an office keep only until it erases it (crm.clearance), not in a history, and
# the mails of the outbox.
SECRET = frozenset(
    {
        "password_hash",
        "token_hash",
        "clearance_issued_on",
        "clearance_checked_on",
        "clearance_disqualifying",
        "message",  # a mail of the outbox as sent: its text and files, kept there only
    }
)
HIDDEN = "***"
PENDING = "lotse_audit"  # the session.info key of what the next commit records


def plain(value):
    """A value as it goes into the JSON of an entry."""
    if value is None or isinstance(value, bool | int | float | str) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def _related(values) -> list[str]:
    return sorted(str(v) for v in values)


def changes_of(obj, action: str) -> dict[str, list]:
    """{field: [old, new]} of a row about to be flushed; for a created row every field it
    has, for a deleted one every field it had."""
    state = inspect(obj)
    found = {}
    for attr in state.mapper.attrs:
        key = attr.key
        if key in NOT_RECORDED:
            continue
        if isinstance(attr, ColumnProperty):
            history = state.attrs[key].history
            if action == "update":
                if not history.has_changes():
                    continue
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
            else:
                value = state.dict.get(key)
                if value is None:
                    continue
                old, new = (None, value) if action == "create" else (value, None)
            if old == new:
                continue
            if key in SECRET:
                old, new = (HIDDEN if old else None), (HIDDEN if new else None)
            found[key] = [plain(old), plain(new)]
        elif isinstance(attr, RelationshipProperty) and attr.uselist and attr.secondary is not None:
            # Links without a row of their own (tags, languages, municipalities): named here.
            history = state.attrs[key].history
            if action == "update" and not history.has_changes():
                continue
            if action == "delete":
                continue
            kept = list(history.unchanged)
            found[key] = [
                _related(kept + list(history.deleted)),
                _related(kept + list(history.added)),
            ]
            if action == "create":
                found[key][0] = None
    return found


@event.listens_for(Session, "before_flush")
def _collect(session: Session, flush_context, instances) -> None:
    pending = session.info.setdefault(PENDING, {})
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if isinstance(obj, AuditEntry) or not hasattr(obj, "__table__"):
                continue
            if action == "update" and not session.is_modified(obj):
                continue
            changes = changes_of(obj, action)
            if action == "update" and not changes:
                continue
            _merge(pending, obj, action, changes)


def _merge(pending: dict, obj, action: str, changes: dict) -> None:
    """Several flushes of one row before a commit make one entry: the first old value, the
    last new one; a row created and changed again is one creation."""
    key = id(obj)
    if key not in pending:
        pending[key] = [obj, action, changes]
        return
    entry = pending[key]
    if action == "delete":
        entry[1] = "delete" if entry[1] != "create" else None
        entry[2] = changes if entry[1] else {}
        return
    for field, (old, new) in changes.items():
        if field in entry[2]:
            entry[2][field][1] = new
        else:
            entry[2][field] = [old, new]


@event.listens_for(Session, "before_commit")
def _write(session: Session) -> None:
    if not session.info.get(PENDING):
        return
    session.flush()  # what is still pending is collected, and created rows have their ids
    pending = session.info.pop(PENDING, {})
    user_id = acting_user_id()
    for obj, action, changes in pending.values():
        if action is None:
            continue
        row_id = inspect(obj).identity
        session.add(
            AuditEntry(
                user_id=user_id,
                action=action,
                table=obj.__table__.name,
                row_id=row_id[0] if row_id and len(row_id) == 1 else None,
                changes=changes or None,
            )
        )


def conceal_pending(session: Session, rows: dict[str, set[int]]) -> None:
    """Flush, and keep of what the next commit records about these rows ({table: ids})
    which fields changed but none of their old values: an anonymisation must not copy what
    it erases into the history."""
    session.flush()
    for entry in session.info.get(PENDING, {}).values():
        obj = entry[0]
        if getattr(obj, "id", None) in rows.get(obj.__table__.name, ()):
            entry[2] = {
                k: [HIDDEN if old is not None else None, new] for k, (old, new) in entry[2].items()
            }


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    """A rollback takes the changes back, and with them what they would have recorded."""
    session.info.pop(PENDING, None)


def record(action: str, table: str | None = None, row_id: int | None = None, **details) -> None:
    """An entry for what no row change shows: a login, an export, a maintenance command
    that wrote in SQL directly (``record("reindex", changed=120)``)."""
    from .extensions import db

    db.session.add(
        AuditEntry(
            user_id=acting_user_id(),
            action=action,
            table=table,
            row_id=row_id,
            changes={k: plain(v) for k, v in details.items()} or None,
        )
    )
