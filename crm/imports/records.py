"""A row's values put on records: the new record a row makes (a volunteer with its person, an
offer with its catalogue entries) and the changes it brings to an existing one. Planning builds
a new record once without adding it to the session, to ask the write path's rules before the
preview; applying builds it again and writes it."""

from sqlalchemy import inspect

from ..models import Contact, ContactRole, Volunteer, VolunteerLanguage
from ..models.choices import LanguageLevel
from .columns import PROFILE_KEYS

ROLE_KEYS = ("organisation", "function", "since")  # a contact's function, not its columns
CHILDREN = ("roles", "language_skills", "area_links")  # rows a record owns that a row may add


def person_part(values: dict) -> dict:
    return {k: v for k, v in values.items() if k not in PROFILE_KEYS}


def profile_part(values: dict) -> dict:
    return {k: v for k, v in values.items() if k in PROFILE_KEYS}


def new_record(model, row):
    """The record a row makes; a volunteer's person is the one found or a new contact (the
    found person's changes are the caller's to make)."""
    if model is not Volunteer:
        record = model()
        set_values(record, row.values)
        return record
    person = row.existing
    if person is None:
        person = Contact()
        set_values(person, person_part(row.values))
    record = Volunteer(contact=person)
    set_values(record, profile_part(row.values))
    return record


def set_values(record, values: dict) -> None:
    """Columns set, lists extended, a volunteer's languages with their level (an existing
    skill takes the new level), a contact's organisation as a function there."""
    values = dict(values)
    role = {key: values.pop(key) for key in ROLE_KEYS if key in values}
    for key, value in values.items():
        if key == "language_skills":
            _skills(record, value)
        elif isinstance(value, list):
            getattr(record, key).extend(value)
        else:
            setattr(record, key, value)
    if role.get("organisation") is not None:
        record.roles.append(ContactRole(**role))


def _skills(volunteer: Volunteer, skills: list) -> None:
    held = {skill.language_id: skill for skill in volunteer.language_skills if skill.language_id}
    for language, level in skills:
        skill = held.get(language.id)
        if skill is None:
            level = level or LanguageLevel.FLUENT  # the form's default, where none is named
            volunteer.language_skills.append(VolunteerLanguage(language=language, level=level))
        elif level is not None:
            skill.level = level


def new_rows(record) -> list:
    """The record (if new) and the new rows a row brings along (its person, a function, a
    volunteer's languages and areas), for the write path's rules. Named rather than found by
    walking every relationship: that walk would visit the loaded records around them too."""
    found = []
    person = record.contact if isinstance(record, Volunteer) else None
    for obj in (record, person):
        if obj is None:
            continue
        if inspect(obj).key is None:
            found.append(obj)
        for children in CHILDREN:
            found.extend(c for c in getattr(obj, children, ()) if inspect(c).key is None)
    return found
