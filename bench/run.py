"""The benchmark: times Lotse's main screens against a raw floor (one plain query plus a count,
rendered by a bare template) in one process and one run, and reports the budgets.

Usage: ``.venv/bin/python bench/run.py --contacts 2000 [--database-url URL] [--repeat 7]``
(see bench/README.md).
"""

import argparse
import json
import math
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (puts the project on sys.path)
import jinja2  # noqa: E402
from flask import Flask  # noqa: E402
from sqlalchemy import Date, bindparam, event, func, select, text  # noqa: E402

from crm.extensions import db  # noqa: E402
from crm.models import Contact, Municipality, Tag  # noqa: E402
from crm.models.base import UTCDateTime  # noqa: E402
from crm.models.people import contact_tags  # noqa: E402
from crm.sampledata.bench import BENCH_EMAIL, BENCH_PASSWORD  # noqa: E402
from crm.search import query_words  # noqa: E402
from crm.views.filters import RelatedFilter  # noqa: E402

MAX_QUERIES = 8
ONE_MILLION = 1_000_000
TOKEN = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
ROW_ID = re.compile(rb'name="rowid"[^>]*value="(\d+)"')
FLOOR_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><table>"
    "{% for row in rows %}<tr>{% for value in row %}<td>{{ '' if value is none else value }}</td>"
    "{% endfor %}</tr>{% endfor %}</table><p>{{ count }}</p></body></html>"
)


@dataclass
class Screen:
    """One measured page, its raw floor and its budget."""

    name: str
    url: str
    floor: Callable[[], str]
    budget: str  # "floor<=1.5", "floor<=3", "search<=2xlist", "" (query count only)
    check: Callable[[bytes], str | None] = lambda body: None
    at_a_million: bool = False  # under 200 ms at 1,000,000 contacts on PostgreSQL
    times: list[float] = field(default_factory=list)
    floor_times: list[float] = field(default_factory=list)
    app_floor_times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql_times: list[float] = field(default_factory=list)


# --- the raw floor ------------------------------------------------------------------------


def _agg(expression: str) -> str:
    if db.engine.dialect.name == "postgresql":
        return f"string_agg({expression}, ', ')"
    return f"group_concat({expression}, ', ')"


def _contact_rows_sql(where: str) -> str:
    """The page's contacts first, then roles and tags of those twenty only."""
    roles = _agg("r.function || ' (' || o.name || ')'")
    tags = _agg("t.name")
    return (
        "SELECT c.id, c.last_name, c.first_name, c.email, c.phone, m.name, "
        f"(SELECT {roles} FROM contact_roles r JOIN organisations o ON o.id = r.organisation_id "
        "WHERE r.contact_id = c.id), "
        f"(SELECT {tags} FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
        "WHERE ct.contact_id = c.id) "
        "FROM (SELECT id, last_name, first_name, email, phone, municipality_id, sort_last_name, "
        f"sort_first_name FROM contacts c {where} ORDER BY sort_last_name, sort_first_name "
        "LIMIT 20 OFFSET :offset) c "
        "LEFT JOIN municipalities m ON m.id = c.municipality_id "
        "ORDER BY c.sort_last_name, c.sort_first_name"
    )


def _search_where(word: str) -> tuple[str, dict]:
    if db.engine.dialect.name == "postgresql":
        return "WHERE c.search_vector @@ to_tsquery('simple', :q)", {"q": f"{word}:*"}
    return (
        "WHERE c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH :q)",
        {"q": f'"{word}"*'},
    )


def _floor(
    title: str, rows_sql: str, count_sql: str, params: dict, binds: tuple = ()
) -> Callable[[], str]:
    """One plain SELECT of the page's rows plus one count, rendered by a bare template."""
    rows_query = text(rows_sql).bindparams(*binds)
    count_query = text(count_sql).bindparams(*binds) if count_sql else None
    engine = db.engine  # bound now: the floor runs outside any app context, like a bare script

    def run() -> str:
        with engine.connect() as connection:
            rows = connection.execute(rows_query, params).all()
            count = None
            if count_query is not None:
                count = connection.execute(count_query, params).scalar()
        return FLOOR_TEMPLATE.render(title=title, rows=rows, count=count)

    return run


def _contact_floor(title: str, where: str = "", offset: int = 0, **params) -> Callable[[], str]:
    count = f"SELECT count(*) FROM contacts c {where}"
    return _floor(title, _contact_rows_sql(where), count, {"offset": offset, **params})


def _organisation_floor() -> Callable[[], str]:
    tags = _agg("t.name")
    rows = (
        "SELECT o.id, o.name, o.kind, m.name, o.city, o.phone, o.email, "
        f"(SELECT {tags} FROM organisation_tags ot JOIN tags t ON t.id = ot.tag_id "
        "WHERE ot.organisation_id = o.id), o.active "
        "FROM organisations o LEFT JOIN municipalities m ON m.id = o.municipality_id "
        "ORDER BY o.sort_name LIMIT 20"
    )
    return _floor("Organisationen", rows, "SELECT count(*) FROM organisations", {})


def _assignment_floor() -> Callable[[], str]:
    rows = (
        "SELECT a.id, a.area, a.kind, c.last_name || ', ' || c.first_name, n.reference, "
        "a.status, a.starts_on, a.ends_on FROM assignments a "
        "LEFT JOIN volunteers v ON v.id = a.volunteer_id "
        "LEFT JOIN contacts c ON c.id = v.contact_id "
        "LEFT JOIN newcomers n ON n.id = a.newcomer_id "
        "ORDER BY a.starts_on DESC LIMIT 20"
    )
    return _floor("Einsätze", rows, "SELECT count(*) FROM assignments", {})


def _start_floor() -> Callable[[], str]:
    """The start page's ten figures as plain SQL (the same conditions as crm.dashboard)."""
    today = date.today()
    start = datetime.combine(today, dtime.min, tzinfo=UTC)
    counts = (
        "SELECT count(*) FROM contacts",
        "SELECT count(*) FROM organisations WHERE active = :yes",
        "SELECT count(*) FROM volunteers WHERE status = 'aktiv'",
        "SELECT count(*) FROM assignments WHERE status = 'laufend'",
        "SELECT count(*) FROM offers WHERE valid_until IS NULL OR valid_until >= :today",
        "SELECT count(*) FROM assignments WHERE status = 'offen'",
        "SELECT count(*) FROM assignments WHERE status = 'offen' AND created_at < :waiting",
        "SELECT count(*) FROM follow_up_tasks WHERE done_on IS NULL AND due_on < :today",
        "SELECT count(*) FROM volunteers WHERE status IN ('aktiv', 'in_schulung') AND "
        "(clearance_issued_on IS NULL OR clearance_issued_on < :clearance)",
        "SELECT count(*) FROM network_meetings WHERE starts_at >= :start AND starts_at < :until",
    )
    rows = "SELECT " + ", ".join(f"({sql})" for sql in counts)
    params = {
        "yes": True,
        "today": today,
        "clearance": today - timedelta(days=5 * 365 + 1 - 60),
        "waiting": start - timedelta(days=14),
        "start": start,
        "until": start + timedelta(30),
    }
    binds = (
        bindparam("today", type_=Date),
        bindparam("clearance", type_=Date),
        bindparam("waiting", type_=UTCDateTime),
        bindparam("start", type_=UTCDateTime),
        bindparam("until", type_=UTCDateTime),
    )
    return _floor("Übersicht", rows, "", params, binds)


# --- what to measure ------------------------------------------------------------------------


def _umlaut_surname() -> str:
    """The most frequent surname with an umlaut (Müller in any realistic German data)."""
    rows = db.session.execute(
        select(Contact.last_name, func.count())
        .group_by(Contact.last_name)
        .order_by(func.count().desc())
        .limit(200)
    ).all()
    return next((name for name, _ in rows if re.search("[äöüÄÖÜ]", name or "")), rows[0][0])


def _largest(column, model) -> tuple[int, str, int]:
    row = db.session.execute(
        select(column, func.count())
        .group_by(column)
        .where(column.is_not(None))
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    return row[0], str(db.session.get(model, row[0])), row[1]


def _view(app: Flask, endpoint: str):
    return next(
        v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", None) == endpoint
    )


def _tag_filter_url(view, tag_id: int) -> str:
    """The named filter URL of "contacts with this tag" (the RelatedFilter over contact_tags)."""
    index = next(
        i
        for i, f in enumerate(view._filters)
        if isinstance(f, RelatedFilter) and f.link_target.table is contact_tags
    )
    name = quote(view.get_filter_arg(index, view._filters[index]))
    return f"/admin/contact/?flt0_{name}={tag_id}"


def _rows_all(ids_of: Callable[[list[int]], int]) -> Callable[[bytes], str | None]:
    """A check that the page shows rows and that every one of them satisfies the filter."""

    def check(body: bytes) -> str | None:
        ids = [int(i) for i in ROW_ID.findall(body)]
        if not ids:
            return "keine Zeilen"
        matching = ids_of(ids)
        return None if matching == len(ids) else f"{len(ids) - matching} Zeilen ungefiltert"

    return check


def _has_rows(body: bytes) -> str | None:
    return None if ROW_ID.search(body) else "keine Zeilen"


def screens(app: Flask, search_term: str | None) -> tuple[list[Screen], dict]:
    """The eight screens with their floors, inside an app context."""
    contact_view = _view(app, "contact")
    surname = search_term or _umlaut_surname().lower()
    word = query_words(surname)[0]
    municipality_id, municipality, in_municipality = _largest(Contact.municipality_id, Municipality)
    tag_id, tag, tagged = _largest(contact_tags.c.tag_id, Tag)
    total = db.session.scalar(select(func.count()).select_from(Contact))
    cap = app.config["LIST_COUNT_LIMIT"]
    deep = min(200, max(math.ceil(min(total, cap) / 20) // 2, 1))
    with app.test_request_context():
        municipality_url = contact_view.list_url(municipality_id=municipality_id)
    in_place = _rows_all(
        lambda ids: db.session.scalar(
            select(func.count()).where(
                Contact.id.in_(ids), Contact.municipality_id == municipality_id
            )
        )
    )
    with_tag = _rows_all(
        lambda ids: db.session.scalar(
            select(func.count())
            .select_from(contact_tags)
            .where(contact_tags.c.contact_id.in_(ids), contact_tags.c.tag_id == tag_id)
        )
    )
    search_where, search_params = _search_where(word)
    by_place = "WHERE c.municipality_id = :m"
    by_tag = "WHERE c.id IN (SELECT contact_id FROM contact_tags WHERE tag_id = :t)"
    found = [
        Screen(
            "Kontakte, Seite 1",
            "/admin/contact/",
            _contact_floor("Kontakte"),
            "floor<=1.5",
            _has_rows,
            at_a_million=True,
        ),
        Screen(
            f"Kontakte, Seite {deep + 1}",
            f"/admin/contact/?page={deep}",
            _contact_floor("Kontakte", offset=deep * 20),
            "",
            _has_rows,
        ),
        Screen(
            f"Suche „{surname}“",
            f"/admin/contact/?search={quote(surname)}",
            _contact_floor("Suche", search_where, **search_params),
            "search<=2xlist",
            _has_rows,
            at_a_million=True,
        ),
        Screen(
            "Filter Kommune",
            municipality_url,
            _contact_floor("Kommune", by_place, m=municipality_id),
            "floor<=1.5",
            in_place,
        ),
        Screen(
            "Filter Schlagwort",
            _tag_filter_url(contact_view, tag_id),
            _contact_floor("Schlagwort", by_tag, t=tag_id),
            "floor<=1.5",
            with_tag,
        ),
        Screen("Organisationen", "/admin/organisation/", _organisation_floor(), "", _has_rows),
        Screen("Einsätze", "/admin/assignment/", _assignment_floor(), "", _has_rows),
        Screen("Startseite", "/admin/", _start_floor(), "floor<=3"),
    ]
    chosen = {
        "search": surname,
        "search_word": word,
        "deep_page": deep,
        "municipality": municipality,
        "municipality_contacts": in_municipality,
        "tag": tag,
        "tag_contacts": tagged,
    }
    return found, chosen


# --- measuring ------------------------------------------------------------------------------


class Counter:
    """SQL statements sent to the database (as in tests.helpers.counted_queries) and the time
    spent in ``cursor.execute`` (SQLite computes the rows after the first while fetching, so
    there it is a lower bound of the database's share)."""

    def __init__(self, engine):
        self.count = 0
        self.seconds = 0.0
        self._started = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *args) -> None:
        self.count += 1
        self._started = time.perf_counter()

    def _after(self, *args) -> None:
        self.seconds += time.perf_counter() - self._started


def serve_floors(app: Flask, found: list[Screen]) -> None:
    """Each floor also as a page of the app (``/bench/boden/<n>``), behind the same login and
    session as the screens: what any page of this app costs at the least, the floor included.
    Only for reading the table; the budgets are ratios to the raw floor."""

    def floor_page(index: int) -> str:
        return found[index].floor()

    app.add_url_rule("/bench/boden/<int:index>", "bench_floor", floor_page)


def login(app: Flask):
    client = app.test_client()
    token = TOKEN.search(client.get("/login").data).group(1).decode()
    response = client.post(
        "/login", data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"Anmeldung fehlgeschlagen ({response.status_code})")
    return client


def _get(client, screen: Screen, counter: Counter) -> tuple[float, int, float, bytes]:
    before, sql_before = counter.count, counter.seconds
    started = time.perf_counter()
    response = client.get(screen.url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{screen.name}: HTTP {response.status_code} für {screen.url}")
    return elapsed, counter.count - before, counter.seconds - sql_before, response.data


def measure(app: Flask, found: list[Screen], repeat: int, warmup: int = 2) -> None:
    """Round-robin over the screens, so a slow moment of the machine hits all of them alike.

    Requests run outside any app context of ours: each gets its own, as in production (an
    outer context would share ``g`` and the session between requests and hide queries).
    """
    client = login(app)
    with app.app_context():
        counter = Counter(db.engine)
    for screen in found:
        for _ in range(warmup):
            *_, body = _get(client, screen, counter)
            screen.floor()
        with app.app_context():
            problem = screen.check(body)
        if problem:
            raise SystemExit(f"{screen.name}: {problem} ({screen.url})")
    for _ in range(repeat):
        for index, screen in enumerate(found):
            elapsed, queries, sql, _ = _get(client, screen, counter)
            screen.times.append(elapsed)
            screen.queries.append(queries)
            screen.sql_times.append(sql)
            started = time.perf_counter()
            screen.floor()
            screen.floor_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            if client.get(f"/bench/boden/{index}").status_code != 200:
                raise SystemExit(f"{screen.name}: der Boden als Seite antwortet nicht")
            screen.app_floor_times.append(time.perf_counter() - started)


# --- judging and reporting -----------------------------------------------------------------------


def judge(found: list[Screen], dialect: str, contacts: int) -> list[dict]:
    list_ms = statistics.median(found[0].times) * 1000
    results = []
    for screen in found:
        ms = statistics.median(screen.times) * 1000
        floor_ms = statistics.median(screen.floor_times) * 1000
        app_floor_ms = statistics.median(screen.app_floor_times) * 1000
        ratio = ms / floor_ms
        fixed = len(set(screen.queries)) == 1
        queries = max(screen.queries)
        checks = [fixed and queries <= MAX_QUERIES]
        budget = f"≤{MAX_QUERIES} Abfragen"
        if screen.budget.startswith("floor<="):
            limit = float(screen.budget.split("<=")[1])
            checks.append(ratio <= limit)
            budget = f"≤{limit:g}× Boden, " + budget
        elif screen.budget == "search<=2xlist":
            checks.append(ms <= 2 * list_ms)
            budget = f"≤2× Liste ({2 * list_ms:.1f} ms), " + budget
        if dialect == "postgresql" and contacts >= ONE_MILLION and screen.at_a_million:
            checks.append(ms < 200)
            budget = "<200 ms, " + budget
        results.append(
            {
                "screen": screen.name,
                "url": screen.url,
                "median_ms": round(ms, 2),
                "floor_ms": round(floor_ms, 2),
                "ratio": round(ratio, 2),
                "app_floor_ms": round(app_floor_ms, 2),
                "ratio_to_app_floor": round(ms / app_floor_ms, 2),
                "sql_ms": round(statistics.median(screen.sql_times) * 1000, 2),
                "ratio_to_list": round(ms / list_ms, 2),
                "queries": queries,
                "queries_fixed": fixed,
                "budget": budget,
                "ok": all(checks),
            }
        )
    return results


def print_table(results: list[dict]) -> None:
    head = (
        f"{'Bildschirm':<28} {'Median ms':>10} {'SQL ms':>7} {'Boden ms':>9} {'×Boden':>7} "
        f"{'Boden+App':>9} {'×B+App':>7} {'Abfr.':>5}  {'Budget':<48} Ergebnis"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        queries = f"{r['queries']}" + ("" if r["queries_fixed"] else "*")
        print(
            f"{r['screen'][:28]:<28} {r['median_ms']:>10.1f} {r['sql_ms']:>7.1f} "
            f"{r['floor_ms']:>9.1f} "
            f"{r['ratio']:>7.2f} {r['app_floor_ms']:>9.1f} {r['ratio_to_app_floor']:>7.2f} "
            f"{queries:>5}  {r['budget']:<48} "
            f"{'ok' if r['ok'] else 'ÜBER BUDGET'}"
        )


def _server_version() -> str:
    if db.engine.dialect.name == "postgresql":
        return db.session.scalar(text("SHOW server_version"))
    return db.session.scalar(text("SELECT sqlite_version()"))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="default: a fresh SQLite file in a temp dir; "
        "postgresql://... uses the schema --schema (dropped and refilled)",
    )
    parser.add_argument("--schema", default="lotse_bench", help="PostgreSQL schema (lotse_bench*)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure existing data instead of refilling"
    )
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds (median), ≥7")
    parser.add_argument("--search", help="search term (default: the commonest umlaut surname)")
    parser.add_argument("--check-budgets", action="store_true", help="exit 1 if over budget")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL schema after")
    args = parser.parse_args(argv)
    args.repeat = max(args.repeat, 7)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    target = common.target(args.database_url, args.schema)
    try:
        app, fill_seconds = common.prepare(target, args.contacts, args.seed, args.reuse)
        with app.app_context():
            found, chosen = screens(app, args.search)
            sizes = common.sizes()
            version = _server_version()
            db.session.remove()
        serve_floors(app, found)
        measure(app, found, args.repeat)
        results = judge(found, target.dialect, sizes["contacts"])
        contacts = f"{sizes['contacts']:,}".replace(",", ".")
        print(
            f"\nLotse-Messung: {target.dialect} {version}, {contacts} Kontakte, "
            f"Median aus {args.repeat} Läufen"
        )
        print_table(results)
        ok = all(r["ok"] for r in results)
        print(
            json.dumps(
                {
                    "kind": "lotse-bench",
                    "date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": target.dialect,
                    "server_version": version,
                    "python": platform.python_version(),
                    "repeat": args.repeat,
                    "seed": args.seed,
                    "fill_seconds": round(fill_seconds, 1) if fill_seconds else None,
                    "sizes": sizes,
                    "chosen": chosen,
                    "screens": results,
                    "budgets_ok": ok,
                },
                ensure_ascii=False,
            )
        )
        with app.app_context():
            db.engine.dispose()
        return 1 if args.check_budgets and not ok else 0
    finally:
        if args.drop:
            common.drop_schema(target)
        target.cleanup()


if __name__ == "__main__":
    sys.exit(main())
