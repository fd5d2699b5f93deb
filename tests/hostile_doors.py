"""The doors an attacker tries, as a table for tests/test_hostile_input.py: who sends what
where, and what the answer must say. Placeholders (``{contact}``, ``{twin}``, ...) are the
ids of the test's ``world`` fixture."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

TOMORROW = (date.today() + timedelta(days=1)).strftime("%d.%m.%Y")
TODAY = date.today().strftime("%d.%m.%Y")
HUGE = "99999999999999999999"
FORBIDDEN, NOT_FOUND, EXPIRED = "Keine Berechtigung", "Nicht gefunden", "Formular abgelaufen"
# Tables a refused login writes on purpose: the throttle's count, the failure in the history.
LOGIN_RECORDS = ("login_failures", "audit_entries")


@dataclass(frozen=True)
class Door:
    """One hostile request: who sends it, where, with what, and what the answer must say."""

    id: str
    role: str
    method: str
    url: str
    data: dict | None = None
    says: str | None = None  # German text of the answer (after its redirect)
    csrf: bool = True
    leave_out: tuple[str, ...] = ()


def door(id, role, method, url, data=None, says=None, **kw) -> "pytest.param":
    return pytest.param(Door(id, role, method, url, data, says, **kw), id=id)


def consent(**changes) -> dict:
    return {"purpose": "{storage}", "given": "erteilt", "on": TODAY, "how": "formular", **changes}


def merge(**changes) -> dict:
    versions = {"version_bleibt": "{contact_version}", "version_weg": "{twin_version}"}
    return {"bleibt": "{contact}", "weg": "{twin}", **versions, **changes}


def status(**changes) -> dict:
    return {"status": "aktiv", "on": TODAY, "seen_version": "{volunteer_version}", **changes}


def leaving(**changes) -> dict:
    return status(status="ausgeschieden", reason="{reason}", **changes)


ART15, ERASE = "/admin/datenschutz/auskunft", "/admin/datenschutz/anonymisieren"
MERGE, CONSENT = "/admin/dubletten/zusammenfuehren", "/admin/contact/consent/?id={contact}"
SELECTIONS, STATUS = "/admin/mailing/selections", "/admin/volunteer/status/?id={volunteer}"
HISTORY, EXPORT = "/admin/history/", "/admin/contact/export"

DOORS = [
    # Art. 15: the access report of a person
    door("art15-unknown", "coordinator", "GET", f"{ART15}/999999/", says=NOT_FOUND),
    door("art15-huge", "coordinator", "GET", f"{ART15}/{HUGE}/json", says=NOT_FOUND),
    door("art15-text", "coordinator", "GET", f"{ART15}/abc/json", says=NOT_FOUND),
    door("art15-newcomer", "coordinator", "GET", f"{ART15}/{{newcomer}}/json", says=NOT_FOUND),
    door("art15-viewer", "viewer", "GET", f"{ART15}/{{contact}}/json", says=FORBIDDEN),
    door("art15-post", "coordinator", "POST", f"{ART15}/{{contact}}/json"),
    # Art. 17: anonymisation
    door("erase-unknown", "admin", "POST", f"{ERASE}/999999/", {"confirmed": "1"}, NOT_FOUND),
    door("erase-text", "admin", "POST", f"{ERASE}/x/", {"confirmed": "1"}, NOT_FOUND),
    door("erase-get", "admin", "GET", f"{ERASE}/{{contact}}/?confirmed=1", says="rückgängig"),
    door("erase-unconfirmed", "admin", "POST", f"{ERASE}/{{contact}}/", {"confirmed": "ja"}),
    door(
        "erase-no-csrf",
        "admin",
        "POST",
        f"{ERASE}/{{contact}}/",
        {"confirmed": "1"},
        EXPIRED,
        csrf=False,
    ),
    door(
        "erase-coordinator",
        "coordinator",
        "POST",
        f"{ERASE}/{{contact}}/",
        {"confirmed": "1"},
        FORBIDDEN,
    ),
    door(
        "erase-viewer",
        "viewer",
        "POST",
        f"{ERASE}-begleitet/{{newcomer}}/",
        {"confirmed": "1"},
        FORBIDDEN,
    ),
    door(
        "erase-newcomer-as-contact",
        "admin",
        "POST",
        f"{ERASE}-begleitet/{{contact_only}}/",
        {"confirmed": "1"},
        NOT_FOUND,
    ),
    # Merge of two contacts
    door("merge-same", "coordinator", "POST", MERGE, merge(weg="{contact}"), NOT_FOUND),
    door("merge-unknown", "coordinator", "POST", MERGE, merge(weg="999999"), NOT_FOUND),
    door(
        "merge-huge", "coordinator", "GET", f"{MERGE}?bleibt={{contact}}&weg={HUGE}", says=NOT_FOUND
    ),
    door(
        "merge-bad-choice",
        "coordinator",
        "POST",
        MERGE,
        merge(email="beide"),
        "keine gültige Auswahl",
    ),
    door(
        "merge-stale",
        "coordinator",
        "POST",
        MERGE,
        merge(version_weg="0"),
        "von jemand anderem geändert",
    ),
    door(
        "merge-no-version",
        "coordinator",
        "POST",
        MERGE,
        merge(version_bleibt=""),
        "ohne die Version",
    ),
    door("merge-no-csrf", "coordinator", "POST", MERGE, merge(), EXPIRED, csrf=False),
    door("merge-viewer", "viewer", "POST", MERGE, merge(), FORBIDDEN),
    door(
        "dismiss-same",
        "coordinator",
        "POST",
        "/admin/dubletten/keine-dublette",
        {"a": "{contact}", "b": "{contact}"},
        NOT_FOUND,
    ),
    # Consents
    door("consent-future", "coordinator", "POST", CONSENT, consent(on=TOMORROW), "Zukunft"),
    door(
        "consent-withdraw-none",
        "coordinator",
        "POST",
        CONSENT,
        consent(given="widerrufen"),
        "keine Einwilligung vor",
    ),
    door("consent-purpose", "coordinator", "POST", CONSENT, consent(purpose="999999"), "Zweck"),
    door("consent-purpose-text", "coordinator", "POST", CONSENT, consent(purpose="x"), "Zweck"),
    door("consent-carried-over", "coordinator", "POST", CONSENT, consent(how="uebernommen"), "Wie"),
    door("consent-kind", "coordinator", "POST", CONSENT, consent(given="vielleicht"), "Art"),
    door(
        "consent-unknown",
        "coordinator",
        "POST",
        "/admin/contact/consent/?id=x",
        consent(),
        NOT_FOUND,
    ),
    door("consent-viewer", "viewer", "POST", CONSENT, consent(), FORBIDDEN),
    door("consent-no-csrf", "coordinator", "POST", CONSENT, consent(), EXPIRED, csrf=False),
    # Exports of a list (a refused export is not recorded)
    door("export-format", "coordinator", "GET", f"{EXPORT}/pdf/", says="Exportformat"),
    door(
        "export-filter",
        "coordinator",
        "GET",
        f"{EXPORT}/csv/?flt0_erfunden=1",
        says="Filterwert war ungültig",
    ),
    door(
        "export-filter-value",
        "coordinator",
        "GET",
        f"{EXPORT}/csv/?flt0_ort_equals=%00" + "x" * 300,
    ),
    door("export-viewer", "viewer", "GET", f"{EXPORT}/csv/", says=FORBIDDEN),
    door("list-page", "coordinator", "GET", f"/admin/contact/?page={HUGE}&sort=abc&desc=x"),
    door("list-sort", "coordinator", "GET", "/admin/contact/?sort=-1&page=-5&page_size=x"),
    # The history screen's filters
    door("history-dates", "admin", "GET", f"{HISTORY}?flt0_zeitpunkt_between=gestern+to+morgen"),
    door("history-date", "admin", "GET", f"{HISTORY}?flt0_zeitpunkt_between=2026-13-45+to+x"),
    door("history-user", "admin", "GET", f"{HISTORY}?flt0_benutzer_in_ist={HUGE}"),
    door("history-user-text", "admin", "GET", f"{HISTORY}?flt0_benutzer_in_ist=anna"),
    door(
        "history-export",
        "admin",
        "GET",
        "/admin/history/export/csv/?flt0_benutzer_in_ist=x",
        says="Filterwert war ungültig",
    ),
    door("history-viewer", "viewer", "GET", HISTORY, says=FORBIDDEN),
    door("history-coordinator", "coordinator", "GET", HISTORY, says=FORBIDDEN),
    # Saved selections (Verteiler)
    door("selection-no-name", "coordinator", "POST", f"{SELECTIONS}/", {"name": " "}, "Namen"),
    door(
        "selection-long-name", "coordinator", "POST", f"{SELECTIONS}/", {"name": "x" * 500}, "Namen"
    ),
    door(
        "selection-criteria",
        "coordinator",
        "POST",
        f"{SELECTIONS}/",
        {"name": "A", "tag": "abc"},
        "kein gültiger Wert",
    ),
    door(
        "selection-foreign",
        "coordinator",
        "POST",
        f"{SELECTIONS}/{{selection}}",
        {"name": "Meins", "version": "1"},
        NOT_FOUND,
    ),
    door(
        "selection-foreign-delete",
        "coordinator",
        "POST",
        f"{SELECTIONS}/{{selection}}/delete",
        says=NOT_FOUND,
    ),
    door("selection-huge", "coordinator", "POST", f"{SELECTIONS}/{HUGE}", {"name": "A"}, NOT_FOUND),
    door("selection-huge-delete", "admin", "POST", f"{SELECTIONS}/{HUGE}/delete", says=NOT_FOUND),
    door("selection-open", "coordinator", "GET", f"/admin/mailing/?selection={HUGE}"),
    door(
        "vcard-huge",
        "coordinator",
        "GET",
        f"/admin/mailing/vcard/{HUGE}",
        says="Für diesen Kontakt gibt es keine vCard",
    ),
    door("selection-viewer", "viewer", "POST", f"{SELECTIONS}/", {"name": "A"}, FORBIDDEN),
    # A volunteer's status
    door("status-no-consent", "coordinator", "POST", STATUS, status(), "Einwilligung"),
    door("status-unknown", "coordinator", "POST", STATUS, status(status="chef"), "Status"),
    door("status-future", "coordinator", "POST", STATUS, status(on=TOMORROW), "Zukunft"),
    door(
        "status-stale",
        "coordinator",
        "POST",
        STATUS,
        leaving(seen_version="0"),
        "von jemand anderem geändert",
    ),
    door(
        "status-no-version",
        "coordinator",
        "POST",
        STATUS,
        leaving(seen_version=""),
        "ohne die Version",
    ),
    door(
        "status-reason",
        "coordinator",
        "POST",
        STATUS,
        status(status="ausgeschieden", reason=HUGE),
        "Grund",
    ),
    door(
        "status-volunteer",
        "coordinator",
        "POST",
        "/admin/volunteer/status/?id=x",
        status(),
        NOT_FOUND,
    ),
    door("status-viewer", "viewer", "POST", STATUS, status(), FORBIDDEN),
    # One's own password
    door(
        "password-wrong",
        "viewer",
        "POST",
        "/admin/passwort/",
        {
            "current": "falsch-falsch-1",
            "password": "ein-langes-neues-1",
            "repeated": "ein-langes-neues-1",
        },
        "bisherige Passwort",
    ),
    door(
        "password-short",
        "viewer",
        "POST",
        "/admin/passwort/",
        {"current": "richtig-geheim-123", "password": "kurz", "repeated": "kurz"},
        "12 Zeichen",
    ),
    door(
        "password-repeated",
        "viewer",
        "POST",
        "/admin/passwort/",
        {"current": "richtig-geheim-123", "password": "ein-langes-neues-1", "repeated": "x"},
        "stimmen nicht überein",
    ),
    door(
        "password-huge",
        "viewer",
        "POST",
        "/admin/passwort/",
        {"current": "x" * 100_000, "password": "y" * 100_000, "repeated": "y" * 100_000},
    ),
    door(
        "password-no-csrf",
        "viewer",
        "POST",
        "/admin/passwort/",
        {
            "current": "richtig-geheim-123",
            "password": "ein-langes-neues-1",
            "repeated": "ein-langes-neues-1",
        },
        EXPIRED,
        csrf=False,
    ),
    # Login with odd bodies (a failure is counted and recorded, on purpose)
    door(
        "login-nul",
        None,
        "POST",
        "/login",
        {"email": "a\x00@example.org", "password": "x"},
    ),
    door(
        "login-long",
        None,
        "POST",
        "/login",
        {"email": "a" * 100_000, "password": "x" * 10**5},
    ),
    door(
        "login-unknown",
        None,
        "POST",
        "/login",
        {"email": "niemand@example.org", "password": "x" * 150},
        "E-Mail-Adresse oder Passwort ist falsch",
        leave_out=LOGIN_RECORDS,
    ),
    door("login-empty", None, "POST", "/login", {}, csrf=True),
    door(
        "login-no-csrf",
        None,
        "POST",
        "/login",
        {"email": "nobody@example.org", "password": "x"},
        csrf=False,
    ),
    door("login-next", None, "GET", "/login?next=//evil.example/%00"),
]
