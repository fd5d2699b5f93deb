"""The export benchmark: the whole contact list as a file, through HTTP, in every format, in
rows per second and memory growth, beside a raw floor (the same rows read with one plain query
and written by the csv module) measured in the same run.

Usage: ``.venv/bin/python bench/export.py --contacts 2000 [--database-url URL]`` (see
bench/README.md).
"""

import argparse
import csv
import io
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (puts the project on sys.path)
from run import login  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

from crm.extensions import db  # noqa: E402

BUDGETS = {"csv": 50_000, "csv-utf8": 50_000, "xlsx": 10_000}  # rows per second at least
MEMORY_BUDGET = 30  # MB of growth of the process at most

# The rows of the contact export in the list's order, named in the same statement.
FLOOR_SQL = """
SELECT c.salutation, c.title, c.first_name, c.last_name,
  (SELECT {agg}(coalesce(o.name, '—'), ', ') FROM contact_roles r JOIN organisations o
     ON o.id = r.organisation_id WHERE r.contact_id = c.id
     AND (r.until IS NULL OR r.until >= CURRENT_DATE)),
  (SELECT {agg}(coalesce(r.function, '—'), ', ') FROM contact_roles r WHERE r.contact_id = c.id
     AND (r.until IS NULL OR r.until >= CURRENT_DATE)),
  c.street, c.postcode, c.city, m.name, c.email, c.phone, c.mobile,
  (SELECT {agg}(t.name, ', ') FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
     WHERE ct.contact_id = c.id),
  c.may_mail_post, c.may_mail_email, c.do_not_contact
FROM contacts c LEFT JOIN municipalities m ON m.id = c.municipality_id
ORDER BY c.last_name, c.first_name
"""


class Resident:
    """The growth of the process's resident memory over a block: its peak (VmHWM, reset at
    the start through /proc/self/clear_refs) less what it held at the start. No sampling
    thread: one would take the GIL from the export every few milliseconds."""

    @staticmethod
    def _status(field: str) -> int:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith(field))
        return int(line.split()[1]) * 1024

    def __enter__(self):
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        self.start = self._status("VmRSS:")
        return self

    def __exit__(self, *exc) -> None:
        self.peak = self._status("VmHWM:")

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def floor(app) -> tuple[int, int]:
    """The raw floor: one plain query, the csv module, bytes handed on every 1,000 rows."""
    with app.app_context():
        dialect = db.engine.dialect.name
        sql = FLOOR_SQL.format(agg="group_concat" if dialect == "sqlite" else "string_agg")
        rows = written = 0
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        with db.engine.connect() as connection:
            streamed = connection.execution_options(stream_results=True, yield_per=1000)
            result = streamed.execute(text(sql))
            for batch in result.partitions(1000):
                writer.writerows(batch)
                rows += len(batch)
                written += len(buffer.getvalue().encode())
                buffer.seek(0)
                buffer.truncate()
        return rows, written


def export(client, export_type: str) -> int:
    """The contact list as a file through HTTP, read piece by piece as a browser would."""
    response = client.get(f"/admin/contact/export/{export_type}/", buffered=False)
    if response.status_code != 200:
        raise SystemExit(f"{export_type}: HTTP {response.status_code}")
    size = sum(len(piece) for piece in response.response)
    response.close()
    return size


def measure(app, repeat: int) -> dict:
    client = login(app)
    with app.app_context():
        contacts = db.session.scalar(text("SELECT count(*) FROM contacts"))
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    results = {}
    floor_times = []
    for export_type in (*BUDGETS, "floor"):
        times, growth, counted = [], [], []
        for _ in range(repeat + 1):  # the first round warms up
            statements.clear()
            with Resident() as memory:
                started = time.perf_counter()
                if export_type == "floor":
                    floor(app)
                else:
                    export(client, export_type)
                times.append(time.perf_counter() - started)
            growth.append(memory.growth_mb)
            counted.append(len(statements))
        seconds = statistics.median(times[1:])
        if export_type == "floor":
            floor_times = times[1:]
        results[export_type] = {
            "seconds": round(seconds, 3),
            "rows_per_second": round(contacts / seconds),
            "memory_growth_mb": round(max(growth), 1),  # the first round's included
            "statements": max(counted[1:]),
        }
    floor_seconds = statistics.median(floor_times)
    for export_type, budget in BUDGETS.items():
        found = results[export_type]
        found["x_floor"] = round(found["seconds"] / floor_seconds, 2)
        found["ok"] = (
            found["rows_per_second"] >= budget and found["memory_growth_mb"] < MEMORY_BUDGET
        )
    return {"contacts": contacts, "formats": results}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--schema", default="lotse_bench_export", help="schema (lotse_bench*)")
    parser.add_argument("--reuse", action="store_true", help="measure existing data")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (median)")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL schema after")
    return parser.parse_args(argv)


def print_table(target, found: dict) -> None:
    print(f"\nExport der Kontaktliste: {target.dialect}, {found['contacts']:,} Kontakte")
    for export_type, row in found["formats"].items():
        verdict = "" if row.get("ok", True) else "ÜBER"
        ratio = row.get("x_floor", 1)
        print(
            f"  {export_type:9} {row['seconds']:7.2f} s {row['rows_per_second']:>9,} Zeilen/s "
            f"{ratio:5.2f}× Boden +{row['memory_growth_mb']:5.1f} MB "
            f"{row['statements']:>4} Anweisungen {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with common.database(args) as target:
        app, _ = common.prepare(target, args.contacts, args.seed, args.reuse)
        found = measure(app, args.repeat)
        with app.app_context():
            db.engine.dispose()
    print_table(target, found)
    when = datetime.now(UTC).isoformat(timespec="seconds")
    meta = dict(date=when, database=target.dialect, python=platform.python_version())
    print(json.dumps({"kind": "lotse-export-bench", **meta, "repeat": args.repeat, **found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
