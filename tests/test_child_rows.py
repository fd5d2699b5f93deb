"""Child rows in forms (functions, time log, participants, ...): one compact row each, with a
button that says what it adds."""

import re

import pytest

from crm.labels import ADD_CHILD
from tests import factories as make
from tests.test_crud import text

FORMS = [
    ("contact", lambda: make.contact(roles=[make.organisation()]), ["roles"]),
    ("assignment", lambda: make.assignment(logs=2), ["logs"]),
    ("meeting", lambda: make.meeting(participants=[make.contact()]), ["participants", "tasks"]),
    ("training", lambda: make.training(modules=2), ["modules", "participations"]),
    ("volunteer", lambda: make.volunteer(languages=[make.language("ar")]), ["language_skills"]),
]


@pytest.mark.parametrize(("endpoint", "create", "children"), FORMS, ids=[f[0] for f in FORMS])
def test_child_rows_are_compact_and_say_what_they_add(browser, endpoint, create, children):
    row = create()
    page = text(browser.get(f"/admin/{endpoint}/edit/?id={row.id}"))
    for child in children:
        button = re.search(rf'id="{child}-button"[^>]*>(.*?)</a>', page, re.S)
        assert button and str(ADD_CHILD[child]) in button.group(1), child
    assert "Neu " not in page and "card card-body bg-light" not in page
    rows = re.findall(r'class="inline-field lotse-child"', page)
    assert rows  # each existing child a row (the template of a new one is escaped text)
