"""The small things a newcomer to Lotse notices first: a favicon, the name on a phone, a file
code proposed for a new newcomer."""

import re
from datetime import date

from sqlalchemy import select

from crm.extensions import db
from crm.models import Newcomer
from tests import factories as make
from tests.helpers import Browser
from tests.test_crud import text

ICON = 'rel="icon" type="image/svg+xml" href="/static/favicon.svg"'


def test_every_page_has_the_favicon_and_browsers_find_it_without_a_login(ctx, browser):
    assert ICON in text(Browser(ctx).get("/login"))
    assert ICON in text(browser.get("/admin/contact/"))
    found = Browser(ctx).get("/favicon.ico")
    assert found.status_code == 301 and found.location.endswith("/static/favicon.svg")
    icon = Browser(ctx).get("/static/favicon.svg")
    try:
        assert icon.status_code == 200 and b"<svg" in icon.get_data()
    finally:
        icon.close()


def test_a_new_newcomer_gets_the_next_file_code_of_the_year(browser):
    year = date.today().year
    form = text(browser.get("/admin/newcomer/new/"))
    assert re.search(rf'name="reference"[^>]*value="NZ-{year}-0001"', form)
    make.newcomer(reference=f"NZ-{year}-0041")
    make.newcomer(reference=f"NZ-{year - 1}-0099")
    make.newcomer(reference="Familie-A")
    form = text(browser.get("/admin/newcomer/new/"))
    assert re.search(rf'name="reference"[^>]*value="NZ-{year}-0042"', form)


def test_the_proposed_code_can_be_changed(browser):
    response = browser.post("/admin/newcomer/new/", {"reference": "AK-17", "household_size": "3"})
    assert response.status_code == 302
    assert db.session.scalars(select(Newcomer.reference)).all() == ["AK-17"]
