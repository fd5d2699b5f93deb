"""The overview of structures timed at its budget's size: the matrix under 500 ms, the profile
and the coverage under 300 ms, at 20,000 offers and (bench-data's) 200 municipalities, with
the statements each page sends: ``python bench/structures.py [--database-url URL]``."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (puts the project on sys.path)
from sqlalchemy import event, func, select  # noqa: E402

from crm.extensions import db  # noqa: E402
from crm.models import Municipality, Offer  # noqa: E402
from crm.sampledata.bench import BENCH_EMAIL, BENCH_PASSWORD  # noqa: E402

# page, its URL (``{place}``: the municipality with the most offers), budget in ms; the start
# page first, as a yardstick of how busy the machine is (about 28 ms on an idle one).
PAGES = (
    ("start page (yardstick)", "/admin/", None),
    ("matrix", "/admin/structures/", 500),
    ("matrix, all offers", "/admin/structures/?filtered=1", 500),
    ("chain (county)", "/admin/structures/chain/", 500),
    ("chain of a municipality", "/admin/structures/chain/?id={place}", 300),
    ("profile", "/admin/structures/municipality/?id={place}", 300),
    ("coverage", "/admin/structures/coverage/", 300),
    ("report", "/admin/structures/report/", None),
    ("matrix as XLSX", "/admin/structures/export/matrix.xlsx", None),
)


def timed(client, url: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds of the page, and the statements it sent."""
    statements = []
    listen = lambda *args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    assert client.get(url).status_code == 200, url
    event.remove(db.engine, "before_cursor_execute", listen)
    taken = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        taken.append((time.perf_counter() - start) * 1000)
    return statistics.median(taken), len(statements)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--schema", default="lotse_bench_structures")
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    over = 0
    with common.database(args) as target:
        app, seconds = common.prepare(
            target, args.contacts, reuse=args.reuse, offers=args.offers, echo=lambda text: None
        )
        with app.app_context():
            offers = db.session.scalar(select(func.count()).select_from(Offer))
            places = db.session.scalar(select(func.count()).select_from(Municipality))
            place = db.session.scalar(
                select(Offer.municipality_id)
                .where(Offer.municipality_id.is_not(None))
                .group_by(Offer.municipality_id)
                .order_by(func.count().desc())
                .limit(1)
            )
            print(f"{db.engine.dialect.name}: {offers} offers, {places} municipalities")
            app.config["WTF_CSRF_ENABLED"] = False  # the login form without its token
            client = app.test_client()
            client.post("/login", data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD})
            for name, url, budget in PAGES:
                ms, statements = timed(client, url.format(place=place), args.repeat)
                verdict = "" if budget is None else (" ok" if ms < budget else " OVER")
                over += budget is not None and ms >= budget
                limit = f" (budget {budget})" if budget else ""
                print(f"  {name}: {ms:.1f} ms{limit}{verdict}, {statements} statements")
            db.session.remove()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
