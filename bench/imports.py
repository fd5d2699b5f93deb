"""The import benchmark: a 10,000-row CSV of contacts (or volunteers) previewed and imported
through HTTP on a filled database, with the time, the statements and the memory growth of each
step; budgets: preview under 10 s, import under 20 s, growth under 100 MB. Wall and CPU time
are both given: on a shared machine the CPU time of the process is the steadier figure.

The file is made from the database's own organisations, municipalities and tags (some written
in capitals or with ae/oe/ue for the umlaut), languages with levels, and one row in ten for a
person who is already there (same e-mail), so matching, references and updates all take part.

Usage: ``.venv/bin/python bench/imports.py --contacts 20000 [--rows 10000] [--kind volunteers]
[--database-url URL]`` (see bench/README.md).
"""

import argparse
import io
import json
import platform
import random
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (puts the project on sys.path)
from export import Resident  # noqa: E402
from run import login  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from crm.extensions import db  # noqa: E402
from crm.models import Contact, ImportRun, Municipality, Organisation, Tag  # noqa: E402

BUDGETS = {"preview": 10.0, "import": 20.0}  # seconds at most
MEMORY_BUDGET = 100  # MB of growth of the process at most
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
TOKEN = re.compile(rb'name="token" type="hidden" value="([^"]+)"')
LANGUAGES = ("Arabisch (C1)", "Türkisch: Muttersprache", "Farsi", "Englisch (B2)", "Russisch")
SPELLINGS = (str, str.upper, lambda n: n.replace("ü", "ue").replace("ä", "ae").replace("ö", "oe"))


def make_csv(app, rows: int, kind: str, seed: int) -> bytes:
    """The file: new people with the database's references, one in ten already there."""
    chance = random.Random(seed)
    with app.app_context():
        organisations = db.session.scalars(select(Organisation.name).limit(500)).all()
        places = db.session.scalars(select(Municipality.name)).all()
        tags = db.session.scalars(select(Tag.name)).all()
        emails = db.session.scalars(select(func.lower(Contact.email)).distinct()).all()
    known = chance.sample([e for e in emails if e], min(len(emails) - 1, rows // 10))
    header = "Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Kommune;Organisation;Funktion;"
    header += "Schlagworte;Sprachen"
    if kind == "volunteers":
        header += ";Einsatzbereiche;Auto;Stunden pro Monat"
    lines = [header]
    for i in range(rows):
        email = known[i // 10] if i % 10 == 0 and i // 10 < len(known) else f"i{i}@lotse.example"
        cells = [
            chance.choice(("Jürgen", "Ayşe", "Olena", "Maximilian", "Fatima")),
            f"{chance.choice(('Müller', 'Schröder', 'Yılmaz', 'Weiß', 'Haddad'))}-{i}",
            email,
            f"0{chance.randint(3000, 9999)} {chance.randint(10000, 999999)}",
            f"Hauptstraße {i % 200 + 1}",
            f"{chance.randint(1000, 99999):05d}",
            "Lotsenau",
            chance.choice(SPELLINGS)(chance.choice(places)),
            chance.choice(SPELLINGS)(chance.choice(organisations)),
            "Beratung",
            ", ".join(chance.sample(tags, 2)),
            ", ".join(chance.sample(LANGUAGES, 2)),
        ]
        if kind == "volunteers":
            cells += ["Arztbesuch, Behördengang", chance.choice(("ja", "nein")), "6"]
        lines.append(";".join(" ".join(cell.replace(";", ",").split()) for cell in cells))
    return "\r\n".join(lines).encode()


def measure(app, data: bytes, kind: str) -> dict:
    client = login(app)
    with app.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    start = client.get(f"/admin/import/?kind={kind}")
    form = {"csrf_token": CSRF.search(start.data).group(1).decode(), "kind": kind}
    form |= {"on_duplicate": "fill", "create_missing": "y"}
    results = {}
    with Resident() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        preview = client.post(
            "/admin/import/",
            data={**form, "file": (io.BytesIO(data), "import.csv")},
            content_type="multipart/form-data",
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    token = TOKEN.search(preview.data)
    if preview.status_code != 200 or token is None:
        errors = re.findall(rb'text-danger">([^<]+)<', preview.data)[:5]
        shown = "; ".join(e.decode() for e in errors)
        raise SystemExit(f"Vorschau: HTTP {preview.status_code}, nicht bestätigt: {shown}")
    results["preview"] = _step(seconds, cpu, memory, statements)
    statements.clear()
    with Resident() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        done = client.post(
            "/admin/import/bestaetigen",
            data={**form, "token": token.group(1).decode(), "file_name": "import.csv"},
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if done.status_code != 302:
        raise SystemExit(f"Import: HTTP {done.status_code}")
    results["import"] = _step(seconds, cpu, memory, statements)
    with app.app_context():
        run = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc())).first()
        if run is None:
            raise SystemExit("Import: nichts geschrieben")
        results["rows"] = {"created": run.created, "updated": run.updated, "skipped": run.skipped}
        results["contacts_after"] = db.session.scalar(select(func.count(Contact.id)))
    for step, budget in BUDGETS.items():
        found = results[step]
        found["ok"] = found["seconds"] < budget and found["memory_growth_mb"] < MEMORY_BUDGET
    return results


def _step(seconds: float, cpu: float, memory: Resident, statements: list) -> dict:
    """A step's wall time, the CPU time of this process (SQLite's work included, not
    PostgreSQL's), memory growth and statements."""
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "memory_growth_mb": round(memory.growth_mb, 1),
        "statements": len(statements),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20_000, help="filled before")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the file")
    parser.add_argument("--kind", choices=("contacts", "volunteers"), default="contacts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--schema", default="lotse_bench_import", help="schema (lotse_bench*)")
    parser.add_argument("--reuse", action="store_true", help="import into existing data")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL schema after")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with common.database(args) as target:
        app, _ = common.prepare(target, args.contacts, args.seed, args.reuse)
        data = make_csv(app, args.rows, args.kind, args.seed)
        found = measure(app, data, args.kind)
        with app.app_context():
            db.engine.dispose()
    print(f"\nImport von {args.rows:,} Zeilen ({args.kind}): {target.dialect}, ", end="")
    print(f"{args.contacts:,} Kontakte vorher; {found['rows']}")
    for step in BUDGETS:
        row = found[step]
        verdict = "" if row["ok"] else "ÜBER"
        print(
            f"  {step:8} {row['seconds']:7.2f} s (Budget {BUDGETS[step]:.0f} s), "
            f"CPU {row['cpu_seconds']:6.2f} s "
            f"+{row['memory_growth_mb']:5.1f} MB {row['statements']:>5} Anweisungen {verdict}"
        )
    when = datetime.now(UTC).isoformat(timespec="seconds")
    meta = dict(date=when, database=target.dialect, python=platform.python_version())
    print(json.dumps({"kind": "lotse-import-bench", **meta, "args": vars(args), **found}))
    return 0 if all(found[step]["ok"] for step in BUDGETS) else 1


if __name__ == "__main__":
    sys.exit(main())
