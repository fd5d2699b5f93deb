"""Sensitive fields: which fields belong to which group and which role may read a group.

Clearance data, a volunteer's own migration experience and a newcomer's needs and household
details are read only by the roles that need them; the office sets that role per group
(``SENSITIVE_FIELDS_ROLE``, default coordinator). Every door asks this module: the screens
leave the fields out of lists, record pages, filters and files, the due list leaves out its
clearance section. Household details are the size of the household and whether minors live in
it, with the needs and the notes what the office knows about the family; its municipality and
languages stay readable, as the work is planned with them.
"""

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from .models import Newcomer, Volunteer
from .models.choices import Role

CLEARANCE = "clearance"
MIGRATION_EXPERIENCE = "migration_experience"
NEWCOMER_DETAILS = "newcomer_details"

# The fields of each group, per model; "clearance" is the volunteer page's clearance in words.
GROUPS: dict[str, dict[type, frozenset[str]]] = {
    CLEARANCE: {
        Volunteer: frozenset(
            {"clearance", "clearance_issued_on", "clearance_checked_on", "clearance_disqualifying"}
        )
    },
    MIGRATION_EXPERIENCE: {Volunteer: frozenset({"own_migration_experience"})},
    NEWCOMER_DETAILS: {Newcomer: frozenset({"needs", "notes", "household_size", "has_minors"})},
}
# What a group is called where a page or a file says it was left out.
GROUP_NAMES = {
    CLEARANCE: _l("Führungszeugnis"),
    MIGRATION_EXPERIENCE: _l("eigene Migrationserfahrung"),
    NEWCOMER_DETAILS: _l("Bedarfe, Notizen und Haushalt begleiteter Personen"),
}
# Sections of the due list (crm.due) that name a group's fields, by section key.
DUE_SECTIONS = {"clearance": CLEARANCE}
DEFAULT_ROLES = {group: Role.COORDINATOR.value for group in GROUPS}


def reading_roles(setting: Mapping[str, str] | None) -> dict[str, Role]:
    """The role each group needs: the defaults with the office's setting on top; an unknown
    group or role in the setting is an error at start, not a silently open field."""
    roles = {**DEFAULT_ROLES, **(setting or {})}
    unknown = set(roles) - set(GROUPS)
    if unknown:
        raise ValueError(f"SENSITIVE_FIELDS_ROLE: unknown field group(s) {sorted(unknown)}")
    return {group: Role(value) for group, value in roles.items()}


def parse_setting(text: str | None) -> dict[str, str]:
    """The environment's ``SENSITIVE_FIELDS_ROLE``: ``clearance=viewer,newcomer_details=admin``;
    groups not named keep their default."""
    setting = {}
    for part in (text or "").split(","):
        if part.strip():
            group, _, role = part.partition("=")
            setting[group.strip()] = role.strip()
    reading_roles(setting)  # refuses an unknown group or role
    return setting


def may_read(role: Role | None, group: str, setting: Mapping[str, str] | None) -> bool:
    """Whether a user of ``role`` (None: nobody logged in) may read the fields of ``group``."""
    return role is not None and role.allows(reading_roles(setting)[group])


def hidden_groups(role: Role | None, setting: Mapping[str, str] | None) -> frozenset[str]:
    return frozenset(group for group in GROUPS if not may_read(role, group, setting))


def hidden_fields(model: type, groups: frozenset[str]) -> frozenset[str]:
    """The fields of ``model`` in the given (hidden) groups."""
    return frozenset().union(*(GROUPS[group].get(model, frozenset()) for group in groups))


def hidden_by_table(groups: frozenset[str]) -> dict[str, frozenset[str]]:
    """The fields of the given (hidden) groups by table name, for rows read as plain values
    (the Art. 15 report, history entries)."""
    return {
        model.__tablename__: hidden_fields(model, groups)
        for group in groups
        for model in GROUPS[group]
    }


def complete_reader(groups: frozenset[str], setting: Mapping[str, str] | None) -> Role | None:
    """The least role that reads all of the given groups (None: no group given)."""
    roles = reading_roles(setting)
    return max((roles[group] for group in groups), key=lambda role: role.rank, default=None)


def path_hidden(model: type, path: str, groups: frozenset[str]) -> bool:
    """Whether an attribute path of ``model`` (``"needs"``, ``"volunteer.clearance_issued_on"``)
    ends in a field of the given (hidden) groups; the relationships on the way are followed."""
    *steps, name = path.split(".")
    for step in steps:
        relationship = inspect(model).relationships.get(step)
        if relationship is None:
            return False
        model = relationship.mapper.class_
    return name in hidden_fields(model, groups)


def section_readable(key: str, groups: frozenset[str]) -> bool:
    """Whether a due-list section (by key) names nothing of the given (hidden) groups."""
    return DUE_SECTIONS.get(key) not in groups
