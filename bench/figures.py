"""The funders' figures and the due list timed on the benchmark data: a year county-wide with a
row per municipality (budget: under 1 s), a year of the largest municipality, the page and
its XLSX file, and the due list with its statements. Median of --repeat rounds.

    .venv/bin/python bench/figures.py --contacts 100000
    .venv/bin/python bench/figures.py --contacts 100000 --database-url postgresql://root@127.0.0.1/test
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import database, prepare  # noqa: E402

BUDGET_MS = 1000  # issue 18: the figures for a year per municipality
BENCH_USER, BENCH_PASSWORD = "bench@lotse.example", "bench-passwort-2026"


def timed(run, repeat: int) -> tuple[float, int]:
    """Median milliseconds of ``run`` and the statements one run sends."""
    from crm.extensions import db

    statements = []

    def count(*args):
        statements.append(1)

    run()  # warm-up: caches of statements and the menu
    taken = []
    for _ in range(repeat):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        run()
        taken.append((time.perf_counter() - started) * 1000)
        event.remove(db.engine, "before_cursor_execute", count)
    return statistics.median(taken), len(statements)


def measure(app, repeat: int) -> list[tuple[str, float, int]]:
    from crm.due import due_list
    from crm.extensions import db
    from crm.figures import funder_figures, municipalities
    from crm.models import AssignmentLog, StatusChange, Volunteer
    from crm.periods import YEAR, Period

    today = date.today()
    with app.app_context():
        session = db.session
        sizes = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Volunteer, StatusChange, AssignmentLog)
        }
        print("Daten:", ", ".join(f"{name} {n:,}" for name, n in sizes.items()))
        known = municipalities(session)
        year = Period(YEAR, today.year)
        county = funder_figures(session, year, None, known)
        busiest = max(county.rows, key=lambda row: row[2].hours)
        print(
            f"{year}: {county.total.active} aktiv, {county.total.households} Haushalte, "
            f"{county.total.hours} Stunden; {len(county.rows)} Kommunen"
        )
        results = [
            (
                "year, county-wide with a row per municipality",
                *timed(lambda: funder_figures(session, year, None, known), repeat),
            ),
            (
                f"year, one municipality ({busiest[1]})",
                *timed(lambda: funder_figures(session, year, busiest[:2], known), repeat),
            ),
            ("due list", *timed(lambda: due_list(session, today), repeat)),
        ]
    client = app.test_client()
    with app.app_context():
        app.config["WTF_CSRF_ENABLED"] = False
        client.post("/login", data={"email": BENCH_USER, "password": BENCH_PASSWORD})
        for label, url in (
            ("page, year county-wide", f"/admin/volunteer_figures/?year={today.year}"),
            ("XLSX, year county-wide", f"/admin/volunteer_figures/export/xlsx?year={today.year}"),
            ("page Fällig", "/admin/due/"),
        ):
            assert client.get(url).status_code == 200, url
            results.append((label, *timed(lambda u=url: client.get(u).get_data(), repeat)))
    return results


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="SQLite URL or PostgreSQL URL (default: temp file)")
    parser.add_argument("--schema", default="lotse_bench", help="PostgreSQL schema (lotse_bench*)")
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL schema after")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--check-budgets", action="store_true", help="exit 1 if over budget")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    with database(args) as target:
        app, seconds = prepare(target, args.contacts, args.seed, args.reuse)
        if seconds is not None:
            print(f"Gefüllt in {seconds:.0f} s")
        results = measure(app, args.repeat)
    print(f"{'':<50} {'ms':>8} {'SQL':>4}")
    for label, ms, statements in results:
        print(f"{label:<50} {ms:>8.1f} {statements:>4}")
    over = results[0][1] > BUDGET_MS
    print(f"Budget {BUDGET_MS} ms for the year per municipality: {'OVER' if over else 'ok'}")
    return 1 if over and args.check_budgets else 0


if __name__ == "__main__":
    sys.exit(main())
