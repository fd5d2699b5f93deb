"""What the lighter list pages still have to do: every row links to its own details and edit
pages and back to the list as it was; deleting moved to the details page (with CSRF, only for
those who may); the filter options are every reference row by name, read fresh in one query;
the menu, rendered once per role and language, is still the user's own."""

import json
import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from crm.extensions import db
from crm.models import Contact, ContactRole, Municipality, Tag, User
from crm.models.base import NamedInSQL
from crm.views.filters import OptionList, load_options
from tests import factories as make
from tests.helpers import TOKEN, counted_queries

ROW_ID = re.compile(r'name="rowid"[^>]*value="(\d+)"')


def row_links(page: str) -> dict[str, dict[int, dict]]:
    """{"details"|"edit": {id: query}} of the icons in the list rows."""
    found: dict[str, dict[int, dict]] = {"details": {}, "edit": {}}
    for href in re.findall(r'<a class="icon" href="([^"]+)"', page):
        parts = urlsplit(unescape(href))
        kind = parts.path.rstrip("/").rsplit("/", 1)[-1]
        query = parse_qs(parts.query)
        found[kind][int(query["id"][0])] = query
    return found


def test_every_row_links_to_its_own_pages_and_back(browser):
    people = [make.contact(last_name=f"Zeile{n}") for n in range(3)]
    url = "/admin/contact/?search=Zeile&sort=0"
    page = browser.get(url).get_data(as_text=True)

    ids = {int(i) for i in ROW_ID.findall(page)}
    assert ids == {p.id for p in people}
    links = row_links(page)
    assert set(links["details"]) == set(links["edit"]) == ids
    for person in people:
        back = links["details"][person.id]["url"][0]
        assert back.startswith("/admin/contact/?") and "search=Zeile" in back
        details = browser.get(f"/admin/contact/details/?id={person.id}&url={quote(back)}")
        assert person.last_name in details.get_data(as_text=True)
        edit = browser.get(f"/admin/contact/edit/?id={person.id}")
        assert f'value="{person.last_name}"' in edit.get_data(as_text=True)
    assert "/admin/contact/delete/" not in page, "no delete form in every row"
    assert 'data-action="delete"' in page, "deleting the selected rows stays"


def test_viewer_sees_view_links_but_no_edit_links_and_no_delete(login_as):
    person = make.contact(last_name="Nurlesen")
    viewer = login_as("viewer")
    page = viewer.get("/admin/contact/").get_data(as_text=True)
    links = row_links(page)
    assert set(links["details"]) == {person.id}
    assert not links["edit"]
    assert "/admin/contact/edit/" not in page

    details = viewer.get(f"/admin/contact/details/?id={person.id}").get_data(as_text=True)
    assert "Nurlesen" in details
    assert "/admin/contact/delete/" not in details


def test_details_page_deletes_with_csrf_and_returns_to_the_list(browser):
    gone, kept = make.contact(last_name="Weg").id, make.contact(last_name="Bleibt").id
    back = "/admin/contact/?search=Weg"
    details = browser.get(f"/admin/contact/details/?id={gone}&url={quote(back)}")
    page = details.get_data(as_text=True)
    form = re.search(
        r'<form method="POST" action="([^"]+)" class="lotse-delete">(.*?)</form>', page, re.S
    )
    assert form and form.group(1) == "/admin/contact/delete/"
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(2)))
    assert fields["id"] == str(gone)
    assert unescape(fields["url"]) == back
    assert TOKEN.search(form.group(2).encode())

    refused = browser.post("/admin/contact/delete/", {"id": fields["id"]}, csrf=False)
    assert refused.status_code == 400
    assert db.session.get(Contact, gone) is not None

    fields["url"] = unescape(fields["url"])
    response = browser.post("/admin/contact/delete/", fields, csrf=False)
    assert response.status_code == 302
    assert response.headers["Location"] == back
    assert db.session.get(Contact, gone) is None
    assert db.session.get(Contact, kept) is not None


def filter_menu(page: str) -> dict:
    found = re.search(r'id="filter-groups-data"[^>]*>(.*?)</div>', page, re.S)
    return json.loads(unescape(found.group(1)))


def tag_names(browser) -> list[str]:
    groups = filter_menu(browser.get("/admin/contact/").get_data(as_text=True))
    tags = next(item for items in groups.values() for item in items if "schlagwort" in item["arg"])
    return [label for _, label in tags["options"]]


def reads_of_names(statements: list[str]) -> list[str]:
    """The statements reading the option lists' names (not the fingerprint of their tables)."""
    return [s for s in statements if "UNION ALL" in s and "count(" not in s.lower()]


def test_filter_options_are_all_names_sorted_and_read_in_one_query(browser):
    for name in ("zebra", "Apfel", "Ähre", "birne"):
        make.tag(name=name)
    with counted_queries() as statements:
        page = browser.get("/admin/contact/").get_data(as_text=True)
    groups = filter_menu(page)
    tags = next(item for items in groups.values() for item in items if "schlagwort" in item["arg"])
    names = [label for _, label in tags["options"]]
    assert names == ["Ähre", "Apfel", "birne", "zebra"]  # Ä with A, case ignored
    by_name = {t.name: t.id for t in db.session.query(Tag)}
    assert all(int(key) == by_name[label] for key, label in tags["options"])
    languages = next(
        item for items in groups.values() for item in items if "sprache" in item["arg"]
    )
    assert languages["options"], "the seeded languages"

    # municipalities, tags and languages together, and nothing else reads those tables whole
    reads = reads_of_names(statements)
    assert len(reads) == 1
    assert all(t in reads[0] for t in ("municipalities", "tags", "languages"))


def test_filter_options_are_read_again_only_when_their_tables_changed(browser):
    tag = make.tag(name="alt")
    assert tag_names(browser) == ["alt"]
    with counted_queries() as statements:
        assert tag_names(browser) == ["alt"]
    assert reads_of_names(statements) == []  # unchanged: only their fingerprint was asked

    make.tag(name="neu")  # added while the app runs (by this process or any other)
    assert tag_names(browser) == ["alt", "neu"]
    tag.name = "umbenannt"
    db.session.commit()
    assert tag_names(browser) == ["neu", "umbenannt"]
    db.session.delete(tag)
    db.session.commit()
    assert tag_names(browser) == ["neu"]


def test_accounts_are_not_deleted_from_their_page(login_as):
    admin = login_as("admin")
    user_id = db.session.query(User.id).scalar()
    details = admin.get(f"/admin/user/details/?id={user_id}")
    assert details.status_code == 200
    assert "lotse-delete" not in details.get_data(as_text=True)


def test_options_of_a_table_without_a_name_column_are_named_like_its_rows(ctx):
    person = make.contact(last_name="Ohnename", first_name="Ida", title=None)
    assert OptionList(Contact).label is None  # its "title" is an optional academic title
    assert OptionList(Contact)() == [(str(person.id), "Ohnename, Ida")]
    lists = {0: OptionList(Contact), 1: OptionList(Tag), 2: OptionList(Municipality)}
    make.tag(name="b")
    make.tag(name="A")
    found = load_options(lists)
    assert found[0] == [(str(person.id), "Ohnename, Ida")]
    assert [label for _, label in found[1]] == ["A", "b"]
    assert found[2] == []


def menu_of(page: str) -> str:
    return page[page.index('navbar-nav mr-auto">') : page.index("navbar-right")]


def test_the_menu_is_that_of_the_users_role_and_language(login_as):
    admin = login_as("admin")
    admin_menu = menu_of(admin.get("/admin/contact/").get_data(as_text=True))
    assert "/admin/user/" in admin_menu
    viewer = login_as("viewer")
    viewer_menu = menu_of(viewer.get("/admin/contact/").get_data(as_text=True))
    assert "/admin/user/" not in viewer_menu and "/admin/contact/" in viewer_menu
    assert "Kontakte" in viewer_menu

    assert viewer.post("/locale", {"locale": "en", "next": "/admin/contact/"}).status_code == 302
    english = menu_of(viewer.get("/admin/contact/").get_data(as_text=True))
    assert "Contacts" in english and "Kontakte" not in english
    # the entry of the page shown is marked, on each page its own
    assert re.search(r'class="dropdown-item active[^"]*" href="/admin/contact/"', english)
    home = menu_of(viewer.get("/admin/").get_data(as_text=True))
    assert not re.search(r'class="dropdown-item active[^"]*" href="/admin/contact/"', home)


def test_counts_stop_at_the_limit_and_say_so(browser, ctx, monkeypatch):
    """A list counts exactly up to LIST_COUNT_LIMIT rows (a search to SEARCH_COUNT_LIMIT),
    then shows "N+" and still pages through the rows."""
    for n in range(7):
        make.contact(last_name=f"Zähler{n}", first_name="Anna" if n < 5 else "Berta")
    monkeypatch.setitem(ctx.config, "LIST_COUNT_LIMIT", 100)
    assert "Liste (7)" in browser.get("/admin/contact/").get_data(as_text=True)

    monkeypatch.setitem(ctx.config, "LIST_COUNT_LIMIT", 5)
    page = browser.get("/admin/contact/?page_size=20").get_data(as_text=True)
    assert "Liste (5+)" in page
    assert page.count("details/?id=") == 7  # the rows themselves are all there

    monkeypatch.setitem(ctx.config, "SEARCH_COUNT_LIMIT", 3)
    found = browser.get("/admin/contact/?search=anna").get_data(as_text=True)
    assert "Liste (3+)" in found
    assert found.count("details/?id=") == 5
    assert "Liste (2)" in browser.get("/admin/contact/?search=berta").get_data(as_text=True)


def test_a_list_filtered_by_a_tag_alone_is_counted_in_the_link_table(browser, ctx, monkeypatch):
    """The tag's link rows are its contacts: counted from contact_tags alone, the same number
    as through the contacts, alone, with a second filter, with a search and at the cap."""
    town = make.municipality(name="Zählstadt")
    tag, other = make.tag(name="Zählung"), make.tag(name="Andere")
    for n in range(6):
        make.contact(
            last_name=f"Mitglied{n}", tags=[tag, other], municipality=town if n < 2 else None
        )
    make.contact(last_name="Ohneschlagwort", tags=[other], municipality=town)
    by_tag = f"flt0_{quote('schlagworte_enthält')}={tag.id}"
    by_town = f"flt1_kommune_ist={town.id}"

    with counted_queries() as statements:
        page = browser.get(f"/admin/contact/?{by_tag}").get_data(as_text=True)
    assert "Liste (6)" in page
    counts = [s for s in statements if "count(*) AS" in s and "contact_tags" in s]
    assert len(counts) == 1 and "contacts." not in counts[0].split("FROM", 1)[1]

    both = browser.get(f"/admin/contact/?{by_tag}&{by_town}").get_data(as_text=True)
    assert "Liste (2)" in both
    searched = browser.get(f"/admin/contact/?{by_tag}&search=mitglied1").get_data(as_text=True)
    assert "Liste (1)" in searched
    monkeypatch.setitem(ctx.config, "LIST_COUNT_LIMIT", 4)
    assert "Liste (4+)" in browser.get(f"/admin/contact/?{by_tag}").get_data(as_text=True)


def test_pager_and_sort_links_keep_the_search_and_the_filter(browser):
    """The pager and the column headers lead to the same rows, searched and filtered as they
    were: page 2 holds the rest, the header link turns the order around."""
    town, other = make.municipality(name="Seitenstadt"), make.municipality(name="Anderswo")
    for n in range(23):
        make.contact(last_name=f"Blatt{n:02}", municipality=town)
    make.contact(last_name="Blatt99", municipality=other)
    first = browser.get(
        f"/admin/contact/?search=blatt&flt0_kommune_ist={town.id}&page_size=20"
    ).get_data(as_text=True)
    assert len(ROW_ID.findall(first)) == 20

    page_two = unescape(re.search(r'<a class="page-link" href="([^"]+)">2</a>', first).group(1))
    assert parse_qs(urlsplit(page_two).query) == {
        "page": ["1"],
        "search": ["blatt"],
        "page_size": ["20"],
        "flt0_kommune_ist": [str(town.id)],
    }
    rest = browser.get(page_two).get_data(as_text=True)
    names = re.findall(r"<td>(Blatt\d\d)</td>", rest)
    assert names == [f"Blatt{n:02}" for n in range(20, 23)]

    def by_name(page: str) -> str:
        link = re.search(r'<a href="([^"]+)" title="[^"]*">Nachname', page).group(1)
        return browser.get(unescape(link)).get_data(as_text=True)

    sorted_up = by_name(first)  # sorted by this column now, and the header turns it around
    assert re.findall(r"<td>(Blatt\d\d)</td>", sorted_up)[:2] == ["Blatt00", "Blatt01"]
    turned = by_name(sorted_up)
    assert re.findall(r"<td>(Blatt\d\d)</td>", turned)[:2] == ["Blatt22", "Blatt21"]
    assert "Blatt99" not in turned


def cells_of(page: str, row: int) -> list[str]:
    """The text cells of a list row, by the row's id."""
    found = re.search(rf'name="rowid"[^>]*value="{row}".*?</tr>', page, re.S)
    return [unescape(cell) for cell in re.findall(r"<td>([^<]*)</td>", found.group(0))]


def test_related_names_are_listed_in_order_as_one_text_each(browser):
    """A contact's roles and tags, an organisation's tags, a participation's modules: the
    names in the relationship's order, read for the whole page in one statement."""
    zebra, apple = make.tag(name="Zebra"), make.tag(name="Apfel & Birne")
    early, late = make.organisation(name="Frühamt"), make.organisation(name="Spätverein")
    person = make.contact(last_name="Mitrollen", tags=[zebra, apple])
    person.roles.append(ContactRole(organisation=late, function=None, since=date(2025, 5, 1)))
    person.roles.append(ContactRole(organisation=early, function="Leitung", since=date(2020, 1, 1)))
    db.session.commit()
    bare = make.contact(last_name="Ohnealles")
    club = make.organisation(name="Mitschlagwort", tags=[zebra])
    course = make.training(modules=3)
    attended = make.participation(training=course, modules_attended=course.modules[::-1][:2])

    with counted_queries() as statements:
        page = browser.get("/admin/contact/?search=Mitrollen").get_data(as_text=True)
    assert "Leitung (Frühamt), — (Spätverein)" in cells_of(page, person.id)
    assert "Apfel &amp;amp;" not in page  # escaped once, not twice
    assert "Apfel & Birne, Zebra" in cells_of(page, person.id)
    texts = [s for s in statements if "contact_tags" in s and "contact_roles" in s]
    assert len(texts) == 1, "roles and tags of the page in one statement"
    assert not [s for s in statements if "FROM tags, contact_tags" in s], "no row-by-row loads"

    page = browser.get("/admin/contact/?search=Ohnealles").get_data(as_text=True)
    assert cells_of(page, bare.id)[-2:] == ["", ""]
    page = browser.get("/admin/organisation/?search=Mitschlagwort").get_data(as_text=True)
    assert "Zebra" in cells_of(page, club.id)
    page = browser.get("/admin/participation/").get_data(as_text=True)
    assert "2. Modul 2, 3. Modul 3" in cells_of(page, attended.id)


def test_a_deep_page_names_its_references_without_joining_the_skipped_rows(browser):
    """A list's many-to-one columns (a contact's municipality) are named with the page's
    related texts, not joined into the rows' own query, which SQLite would join for every row
    an OFFSET skips; contacts without one show an empty cell."""
    town = make.municipality(name="Tiefenbach")
    people = [make.contact(last_name=f"Tief{n:02}", municipality=town) for n in range(25)]
    people[-1].municipality = None
    db.session.commit()
    with counted_queries() as statements:
        page = browser.get("/admin/contact/?search=tief&page=1&sort=0").get_data(as_text=True)
    assert cells_of(page, people[20].id)[4] == "Tiefenbach"
    assert cells_of(page, people[-1].id)[4] == ""
    rows = next(s for s in statements if "OFFSET" in s and "contacts.last_name" in s)
    assert "municipalities" not in rows


def test_every_name_written_in_sql_reads_as_the_row_itself(ctx):
    """NamedInSQL.sql_name is what a list shows; it must say what str() says, row by row."""
    course = make.training(modules=2)
    make.contact(roles=[(make.organisation(name="Träger"), None), make.organisation()])
    make.tag(name="Schlagwort")
    make.municipality(name="Großstadt")
    make.network(name="Netzwerk Süd")
    assert course.modules
    for model in NamedInSQL.__subclasses__():
        name, source = model.sql_name()
        key = sa_inspect(model).primary_key[0]
        in_sql = dict(db.session.execute(select(key, name).select_from(source)).all())
        rows = db.session.scalars(select(model)).all()
        assert rows, model.__name__
        assert in_sql == {row.id: str(row) for row in rows}, model.__name__


def test_paging_through_equal_rows_shows_each_row_once(browser):
    """Sorted by a related column many rows share (their municipality), the pages still hold
    every row once: the id decides between equal rows."""
    town = make.municipality(name="Gleichort")
    people = {make.contact(last_name="Gleich", municipality=town).id for _ in range(45)}
    seen = []
    for desc in ("", "&desc=1"):
        with counted_queries() as statements:
            for page in range(3):
                url = f"/admin/contact/?search=gleich&sort=4{desc}&page={page}&page_size=20"
                seen += [int(i) for i in ROW_ID.findall(browser.get(url).get_data(as_text=True))]
        rows = next(s for s in statements if "LIMIT" in s and "contacts.last_name" in s)
        order = re.findall(r"ORDER BY (.+?)\s+LIMIT", rows, re.S)[-1]  # the page's own order
        assert order.strip().startswith("municipalities_1.sort_name")
        assert order.strip().endswith("contacts.id DESC" if desc else "contacts.id")
    assert len(seen) == 2 * len(people) and set(seen) == people


def test_a_tag_filter_shows_exactly_the_tagged_rows_whichever_way_it_reads_them(browser):
    """A tag on a good share of the rows is read along the list's order on SQLite (EXISTS), a
    rare one through the link table's index (IN): the same rows in the same order either way,
    page after page."""
    people = [make.contact(last_name=f"Filter{n:03}") for n in range(100)]
    common, rare = make.tag(name="Häufig"), make.tag(name="Selten")
    for person in people[::2]:
        person.tags.append(common)
    people[7].tags.append(rare)
    db.session.commit()
    walks = db.engine.dialect.name == "sqlite"
    for tag, tagged in ((common, people[::2]), (rare, [people[7]])):
        shown = []
        with counted_queries() as statements:
            for page in (0, 1, 2):
                url = f"/admin/contact/?flt0_{quote('schlagworte_enthält')}={tag.id}&page={page}"
                shown += [int(i) for i in ROW_ID.findall(browser.get(url).get_data(as_text=True))]
        assert shown == [p.id for p in tagged], tag.name
        assert any("EXISTS (SELECT 1" in s for s in statements) == (walks and tag is common)
    # far down the list a walk would pass more rows than the tag has: read through the index
    by_common = f"flt0_{quote('schlagworte_enthält')}={common.id}"
    with counted_queries() as statements:
        assert browser.get(f"/admin/contact/?{by_common}&page=30").status_code == 200
    assert not any("EXISTS (SELECT 1" in s for s in statements)


def test_a_search_counts_and_pages_its_matches_whichever_way_it_reads_them(browser):
    """A search finding a good share of the rows is read along the list's order on SQLite
    (``id + 0 IN``), a rare one through the index; the count comes from the index alone and
    holds each match once, also one found by its own name and by an organisation."""
    people = [make.contact(last_name=f"Vielfach{n:02}") for n in range(40)]
    people += [make.contact(last_name=f"Sonst{n:02}") for n in range(59)]
    single = make.contact(last_name="Einzeln")
    club = make.organisation(name="Vielfachverein")
    member = make.contact(last_name="Mitglied", roles=[club])
    people[3].roles.append(ContactRole(organisation=club, function="Kasse"))
    db.session.commit()
    walks = db.engine.dialect.name == "sqlite"
    expected = [member, *people[:40]]  # in name order
    for term, found in (("vielfach", expected), ("einzeln", [single])):
        shown = []
        with counted_queries() as statements:
            for page in (0, 1, 2):
                page_html = browser.get(f"/admin/contact/?search={term}&page={page}")
                text = page_html.get_data(as_text=True)
                assert f"Liste ({len(found)})" in text
                shown += [int(i) for i in ROW_ID.findall(text)]
        assert shown == [p.id for p in found], term
        walked = any("contacts.id + " in s for s in statements)
        assert walked == (walks and term == "vielfach")
    # every word must match: the member by its name and its organisation, no one else
    both = browser.get("/admin/contact/?search=mitglied+vielfach").get_data(as_text=True)
    assert "Liste (1)" in both and ROW_ID.findall(both) == [str(member.id)]
