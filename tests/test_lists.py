"""The one list query (crm.lists) called directly, without a request: it must give the rows
and the count the list screen shows for the same arguments."""

import re
from urllib.parse import quote

import pytest
from flask import has_request_context

from crm.extensions import db
from crm.lists import AtLeast, ListArgs, list_query
from tests import factories as make

ROW_ID = re.compile(r'name="rowid"[^>]*value="(\d+)"')
BY_TAG = "schlagworte_enthält"


def contact_list_spec(app):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "contact")
    return view.list_spec


@pytest.fixture
def members(ctx):
    """30 contacts named Blatt with the tag, 5 without it, and others not found."""
    tag = make.tag(name="Mitglied")
    town = make.municipality(name="Blattstadt")
    for n in range(30):
        make.contact(last_name="Blatt", first_name=f"Vorname{n:02}", tags=[tag], municipality=town)
    for n in range(5):
        make.contact(last_name="Blatt", first_name=f"Ohne{n}")
    make.contact(last_name="Anders", tags=[tag])
    db.session.commit()
    return tag


def test_a_page_read_without_a_request_is_the_page_the_list_shows(ctx, browser, members):
    args = ListArgs(
        search="blatt",
        filters=[(BY_TAG, str(members.id))],
        sort="first_name",
        sort_desc=True,
        page=1,
        page_size=20,
    )
    assert not has_request_context()
    listed = list_query(contact_list_spec(ctx), args, db.session())
    count, page = listed.count(db.session()), listed.read(db.session())
    assert count == 30
    assert [c.first_name for c in page] == [f"Vorname{n:02}" for n in range(9, -1, -1)]
    assert {t["tags"] for t in page.texts.values()} == {"Mitglied"}

    shown = browser.get(
        f"/admin/contact/?search=blatt&flt0_{quote(BY_TAG)}={members.id}&sort=1&desc=1"
        "&page=1&page_size=20"
    ).get_data(as_text=True)
    assert [int(i) for i in ROW_ID.findall(shown)] == [c.id for c in page]
    assert "Liste (30)" in shown


def test_the_default_order_the_cap_and_every_row(ctx, members, monkeypatch):
    spec = contact_list_spec(ctx)
    first = db.session.scalars(list_query(spec, ListArgs(), db.session()).rows).all()
    assert [c.last_name for c in first[:2]] == ["Anders", "Blatt"]
    assert len(first) == 20

    monkeypatch.setitem(ctx.config, "LIST_COUNT_LIMIT", 10)
    assert list_query(spec, ListArgs(), db.session()).count(db.session()) == AtLeast(11)
    every = list_query(spec, ListArgs(page_size=0), db.session())
    assert len(db.session.scalars(every.rows).all()) == 36


def test_a_value_no_filter_takes_is_refused(ctx):
    with pytest.raises(ValueError):
        list_query(contact_list_spec(ctx), ListArgs(filters=[(BY_TAG, "abc")]), db.session())
