"""What the screens of volunteer work share: the volunteer look-up (which leaves out who takes
no new assignment) and the columns other pages list assignments and volunteers by. The screens
are in crm.views.volunteers, crm.views.courses and crm.views.assignments."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import (
    Contact,
    Volunteer,
)
from ..models.choices import VolunteerStatus
from .base import SEARCH_PLACEHOLDER
from .queries import SearchAjaxLoader
from .related import Column

# An assignment (linked by its area) and a volunteer (by name) in the lists of other pages.
ASSIGNMENT_COLUMNS = (
    Column("area"),
    Column("newcomer"),
    Column("status"),
    Column("starts_on"),
    Column("ends_on"),
)
VOLUNTEER_COLUMNS = (Column(None, _l("Name")), Column("status"), Column("hours_per_month"))


class VolunteerLookup(SearchAjaxLoader):
    """Volunteers to choose, by name: for a training none who left, for an assignment none
    who takes no new one (``excluded``: the statuses left out)."""

    def get_query(self):
        excluded = self.options.get("excluded", (VolunteerStatus.LEFT,))
        return (
            super()
            .get_query()
            .join(Volunteer.contact)
            .options(contains_eager(Volunteer.contact))
            .filter(Volunteer.status.not_in(excluded))
        )


def volunteer_lookup(name: str, excluded=(VolunteerStatus.LEFT,)) -> VolunteerLookup:
    return VolunteerLookup(
        name,
        db.session,
        Volunteer,
        fields=("availability",),
        order_by=(*Contact.name_order(), Volunteer.id),
        rank_by=Contact.last_name,
        page_size=10,
        placeholder=SEARCH_PLACEHOLDER,
        excluded=excluded,
    )
