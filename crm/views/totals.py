"""The logged time of a record's assignments (an assignment, a volunteer, a newcomer) as a
list on its page: one aggregate row from crm.assignments."""

from flask_babel import lazy_gettext as _l

from ..assignments import totals_statement
from .related import Column, RelatedList


def totals_list(condition) -> RelatedList:
    """``condition(record_id)`` selects the logs, e.g. crm.assignments.of_volunteer."""
    return RelatedList(
        _l("Zeiten gesamt"),
        lambda record: totals_statement(condition(record.id)),
        (
            Column(lambda row: row.hours, _l("Stunden")),
            Column(lambda row: row.kilometres, _l("Kilometer")),
            Column(lambda row: row.days, _l("Tage")),
        ),
    )
