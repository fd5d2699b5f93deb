"""The user interface in both languages: German by default, English for a user who chooses it,
and an English catalogue that covers every German string the code marks for translation."""

import re
from html import unescape
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from crm.extensions import db
from crm.models import User

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "crm" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
KEYWORDS = ("_l", "lazy_gettext")  # besides Babel's defaults (_, gettext, ngettext, ...)
UPDATE = (
    ".venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o messages.pot . && "
    ".venv/bin/pybabel update -i messages.pot -d crm/translations && "
    "(translate the new entries in crm/translations/en/LC_MESSAGES/messages.po) && "
    ".venv/bin/pybabel compile -d crm/translations"
)


def text_of(response) -> str:
    """The page as people read it: tags and scripts gone, entities resolved, spaces folded."""
    page = response.get_data(as_text=True)
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def placeholder_of(response) -> str:
    found = re.search(r'placeholder="([^"]*)"', response.get_data(as_text=True))
    assert found, "the list has no search box"
    return unescape(found.group(1))


def choose(browser, locale: str, next_url: str):
    """Switch the language the way the user menu does (templates/admin/lotse_base.html)."""
    response = browser.post("/locale", {"locale": locale, "next": next_url})
    assert response.status_code == 302, response.data[:500]
    assert response.headers["Location"].endswith(next_url)
    return browser.get(next_url)


def stored_locale() -> str:
    """The language saved for the one user of the test (the browser's)."""
    return db.session.scalars(select(User.locale)).one()


# --- German, the default ------------------------------------------------------------------------


def test_german_is_the_default(browser):
    contacts = browser.get("/admin/contact/")
    assert contacts.status_code == 200
    page = text_of(contacts)
    for german in ("Kontakte", "Nachname", "Vorname", "Stammdaten", "Abmelden"):
        assert german in page, f"{german!r} missing on the German contacts list"
    # Flask-Admin's own strings come from its German catalogue
    assert "Liste" in page and "Erstellen" in page
    assert placeholder_of(contacts) == "Name, E-Mail, Organisation, Notizen"
    for english in ("Last name", "Contacts", "Log out", "Create"):
        assert english not in page, f"English {english!r} on a German page"

    start = text_of(browser.get("/admin/"))
    assert "Braucht Aufmerksamkeit" in start and "Aktive Ehrenamtliche" in start
    assert "Needs attention" not in start


# --- switching to English and back --------------------------------------------------------------


def test_a_user_switches_to_english_and_back(browser):
    contacts = choose(browser, "en", "/admin/contact/")
    assert contacts.status_code == 200
    assert stored_locale() == "en"
    page = text_of(contacts)
    for english in (
        "Contacts",
        "Last name",
        "First name",
        "Master data",
        "Municipality",
        "Log out",
    ):
        assert english in page, f"{english!r} missing on the English contacts list"
    # Flask-Admin's own strings in English as well
    assert "List" in page and "Create" in page
    assert placeholder_of(contacts) == "Name, e-mail, organisation, notes"
    for german in ("Kontakte", "Nachname", "Abmelden", "Stammdaten", "Liste", "Erstellen"):
        assert german not in page, f"German {german!r} on an English page"

    start = browser.get("/admin/")
    assert start.status_code == 200
    page = text_of(start)
    for english in (
        "Home",
        "Needs attention",
        "Active volunteers",
        "Running assignments",
        "Current offers",
        "open assignments in total",
        "Network meetings in the next 30 days",
    ):
        assert english in page, f"{english!r} missing on the English start page"
    for german in ("Braucht Aufmerksamkeit", "Aktive Ehrenamtliche", "Laufende Einsätze"):
        assert german not in page, f"German {german!r} on the English start page"

    # Lotse's own error pages follow the language too
    missing = browser.get("/admin/contact/details/?id=999999")
    assert missing.status_code == 404
    assert "Not found" in text_of(missing) and "Nicht gefunden" not in text_of(missing)

    # ... and back to German
    contacts = choose(browser, "de", "/admin/contact/")
    assert stored_locale() == "de"
    page = text_of(contacts)
    assert "Kontakte" in page and "Nachname" in page and "Liste" in page
    assert "Last name" not in page and "Log out" not in page


def test_an_unknown_locale_changes_nothing(browser):
    contacts = choose(browser, "fr", "/admin/contact/")
    assert stored_locale() == "de"
    assert "Nachname" in text_of(contacts)


# --- the catalogue --------------------------------------------------------------------------------


def extracted_msgids() -> set[str]:
    """What ``pybabel extract -F babel.cfg -k _l -k lazy_gettext`` finds in the code now."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, **dict.fromkeys(KEYWORDS)}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def read_catalogue():
    with open(PO, "rb") as po:
        return read_po(po, locale="en")


def singular(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def test_the_english_catalogue_covers_every_german_string():
    catalogue = read_catalogue()
    translated = {singular(m) for m in catalogue if m.id}
    extracted = extracted_msgids()
    assert len(extracted) > 100, "the extraction found almost nothing: babel.cfg broken?"
    missing = sorted(extracted - translated)
    assert not missing, (
        f"{len(missing)} German UI string(s) without an English entry in {PO.relative_to(ROOT)}:"
        + "".join(f"\n  {m!r}" for m in missing)
        + f"\nUpdate the catalogue: {UPDATE}"
    )


def test_every_entry_is_translated_with_its_placeholders():
    catalogue = read_catalogue()
    empty = [
        singular(m)
        for m in catalogue
        if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    fuzzy = [singular(m) for m in catalogue if m.id and m.fuzzy]
    assert not empty, f"entries without English in {PO.name}: {empty}"
    assert not fuzzy, f"fuzzy entries (they are not used) in {PO.name}: {fuzzy}"
    problems = [(singular(m), [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert not problems, f"placeholders differ between German and English: {problems}"


def test_the_compiled_catalogue_matches_the_po_file():
    assert MO.exists(), (
        f"{MO.relative_to(ROOT)} missing; run .venv/bin/pybabel compile -d crm/translations"
    )
    with open(MO, "rb") as mo:
        compiled = {m.id: m.string for m in read_mo(mo) if m.id}
    written = {m.id: m.string for m in read_catalogue() if m.id}
    stale = sorted(str(k) for k in written.keys() ^ compiled.keys()) + sorted(
        str(k) for k in written.keys() & compiled.keys() if written[k] != compiled[k]
    )
    assert not stale, (
        "messages.mo is older than messages.po; run .venv/bin/pybabel compile -d "
        f"crm/translations. Differences: {stale[:20]}"
    )
