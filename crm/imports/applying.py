"""A plan written through the write path (crm.operations), so an import obeys the same rules as
the forms and keeps the search index and history in step: the rows in batches of BATCH, each
row's new and changed records checked by the rules one by one (a refusal names its line), then
one flush per batch, so the statements grow with the batches, not the rows. The caller commits
after all rows, or rolls back on the first refusal: all or nothing."""

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import operations
from ..errors import RuleError
from ..models import ImportRun, Volunteer
from ..models.hooks import acting_user_id
from .planning import CREATE, UPDATE, Plan
from .records import new_record, new_rows, person_part, profile_part, set_values

BATCH = 500  # rows per flush


def apply_plan(session: Session, plan: Plan, file_name: str) -> ImportRun:
    """Write the plan's rows and record the import; a plan with a failed row writes nothing."""
    if plan.failed:
        errors = [error for row in plan.rows for error in row.errors]
        raise RuleError(" ".join(errors[:3]) + (" …" if len(errors) > 3 else ""))
    operations.check_created(plan.new_records)
    session.add_all(plan.new_records)
    rows = [row for row in plan.rows if row.action in (CREATE, UPDATE)]
    with session.no_autoflush:  # one flush per batch, after its rows are checked
        for start in range(0, len(rows), BATCH):
            for row in rows[start : start + BATCH]:
                try:
                    _write(session, plan.kind.model, row)
                except RuleError as error:
                    raise RuleError(
                        _("Zeile %(line)s: %(reason)s", line=row.line, reason=error), error.field
                    ) from None
            session.flush()
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


def _write(session: Session, model, row) -> None:
    """The row's record made or changed, and every record it brings along checked (a new
    record built while planning was checked then)."""
    if row.action == UPDATE:
        record = row.existing
        person = record.contact if isinstance(record, Volunteer) else record
        set_values(person, person_part(row.changes))
        if record is not person:
            set_values(record, profile_part(row.changes))
        for obj in {person, record}:
            operations.check_changed(obj)
        operations.check_created(new_rows(record))
        return
    record = row.record
    if record is None:
        record = new_record(model, row)
        operations.check_created(new_rows(record))
    if row.existing is not None:  # a new profile for a person found, with their changes
        set_values(row.existing, row.changes)
        operations.check_changed(row.existing)
        operations.check_created(new_rows(row.existing))
    session.add(record)
