"""Flush hooks that keep derived columns right however a row is written (screen, CLI, test):
authorship, the search text and the sort keys of every written row."""

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..sorting import sort_keys
from .base import SearchableMixin, SortableMixin, TimestampMixin


def acting_user_id() -> int | None:
    """The logged-in user of the request; None for the CLI and scripts."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


@event.listens_for(Session, "before_flush")
def _stamp_and_index(session: Session, flush_context, instances) -> None:
    from ..search import document  # late: crm.search imports the models

    user_id = acting_user_id()
    for obj in session.new:
        if isinstance(obj, TimestampMixin) and user_id is not None:
            obj.created_by = obj.created_by or user_id
            obj.updated_by = user_id
        if isinstance(obj, SearchableMixin):
            obj.search_document = document(type(obj), obj)
        if isinstance(obj, SortableMixin):
            _keep_sort_keys(obj)
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        if isinstance(obj, TimestampMixin) and user_id is not None:
            obj.updated_by = user_id
        if isinstance(obj, SearchableMixin):
            new = document(type(obj), obj)
            if new != obj.search_document:
                obj.search_document = new
        if isinstance(obj, SortableMixin):
            _keep_sort_keys(obj)


def _keep_sort_keys(obj: SortableMixin) -> None:
    """Set the keys that differ from the row's names (crm.sorting); equal ones stay untouched,
    so a row whose name did not change writes no key."""
    for key, value in sort_keys(type(obj), obj).items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
