"""List filters that find volunteers by what they bring: a language at a least level, an area
they help in. Each is ``id IN (SELECT volunteer_id ...)`` on an indexed table of their own, so
a list, its count and its exports read the same rows."""

from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..inputs import as_id
from ..models import Language, Volunteer, VolunteerArea, VolunteerLanguage
from ..models.choices import AssignmentArea, LanguageLevel
from .filters import OptionList

# From the best level down: "at least fluent" is fluent or native.
LEVELS = (LanguageLevel.NATIVE, LanguageLevel.FLUENT, LanguageLevel.BASIC)


class SkillFilter(BaseSQLAFilter):
    """Volunteers who speak the chosen language, at ``at_least`` that level (any level when
    None)."""

    def __init__(self, name, at_least: str | None = None):
        super().__init__(Volunteer.id, name, options=OptionList(Language))
        levels = LEVELS if at_least is None else LEVELS[: LEVELS.index(at_least) + 1]
        self.levels = levels

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def apply(self, query, value, alias=None):
        speakers = select(VolunteerLanguage.volunteer_id).where(
            VolunteerLanguage.language_id == value
        )
        if len(self.levels) < len(LEVELS):
            speakers = speakers.where(VolunteerLanguage.level.in_(self.levels))
        return query.filter(Volunteer.id.in_(speakers))

    def operation(self):
        return _l("ist")


class AreaFilter(BaseSQLAFilter):
    """Volunteers who help in the chosen area."""

    def __init__(self, name):
        super().__init__(Volunteer.id, name, options=AssignmentArea.choices())

    def validate(self, value):
        return value in {a.value for a in AssignmentArea}

    def clean(self, value):
        return AssignmentArea(value)

    def apply(self, query, value, alias=None):
        helpers = select(VolunteerArea.volunteer_id).where(VolunteerArea.area == value)
        return query.filter(Volunteer.id.in_(helpers))

    def operation(self):
        return _l("enthält")
