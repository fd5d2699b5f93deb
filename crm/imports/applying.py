"""A plan written: every row through the write path (crm.operations), so an import obeys the
same rules as the forms and keeps the search index and history in step. The caller commits
after all rows, or rolls back on the first refusal: all or nothing."""

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import operations
from ..errors import RuleError
from ..models import ContactRole, ImportRun
from ..models.hooks import acting_user_id
from .planning import CREATE, UPDATE, Plan


def apply_plan(session: Session, plan: Plan, file_name: str) -> ImportRun:
    """Write the plan's rows and record the import; a plan with a failed row writes nothing."""
    if plan.failed:
        errors = [error for row in plan.rows for error in row.errors]
        raise RuleError(" ".join(errors[:3]) + (" …" if len(errors) > 3 else ""))
    for row in plan.rows:
        try:
            if row.action == CREATE:
                operations.create(_new_record(plan.kind.model, row.values), session)
            elif row.action == UPDATE:
                operations.update(row.existing, _setter(row.changes), session=session)
        except RuleError as error:
            raise RuleError(
                _("Zeile %(line)s: %(reason)s", line=row.line, reason=error), error.field
            ) from None
    counts = plan.counts
    run = ImportRun(
        kind=plan.kind.name,
        file_name=file_name[:255],
        user_id=acting_user_id(),
        created=counts["create"],
        updated=counts["update"],
        skipped=counts["skip"],
    )
    session.add(run)
    session.flush()
    return run


def _new_record(model, values: dict):
    values = dict(values)
    role = _role(values)
    record = model(**values)
    if role is not None:
        record.roles.append(role)
    return record


def _setter(changes: dict):
    def set_values(record) -> None:
        values = dict(changes)
        role = _role(values)
        for key, value in values.items():
            setattr(record, key, value)
        if role is not None:
            record.roles.append(role)

    return set_values


def _role(values: dict) -> ContactRole | None:
    """A contact's function at the organisation named in the row (taken out of ``values``)."""
    organisation = values.pop("organisation", None)
    function, since = values.pop("function", None), values.pop("since", None)
    if organisation is None:
        return None
    return ContactRole(organisation=organisation, function=function, since=since)
