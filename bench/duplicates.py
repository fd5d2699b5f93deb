"""The „Mögliche Dubletten“ screen timed on a filled database (``flask crm bench-data``), for
contacts and organisations: the pair query alone and the whole page, median of 5, with its
statements; budget 2 s at 100,000 contacts (10,000 organisations). Beside the wall time the
process's CPU time: on SQLite the database works in this process, so on a loaded machine that
is the figure that does not depend on how many others run.
``python bench/duplicates.py sqlite:///x.db`` or a PostgreSQL URL."""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402, F401  (puts the project on sys.path)
from sqlalchemy import event, func, select  # noqa: E402

from crm import create_app  # noqa: E402
from crm.duplicates import likely_pairs  # noqa: E402
from crm.extensions import db  # noqa: E402
from crm.sampledata.bench import BENCH_EMAIL, BENCH_PASSWORD  # noqa: E402
from crm.views.duplicates import TABS  # noqa: E402

BUDGET_MS = 2000


def median_ms(run, times: int = 5) -> tuple[float, float]:
    """The median wall and CPU time of ``run`` in milliseconds."""
    wall, cpu = [], []
    for _ in range(times):
        started, used = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def measure(client, tab) -> None:
    """One tab: its records, pairs and pair query, then the whole page with its statements."""
    model = tab.kind.model
    records = db.session.scalar(select(func.count()).select_from(model))
    found = len(likely_pairs(db.session, tab.kind))
    pairs, cpu = median_ms(lambda: likely_pairs(db.session, tab.kind))
    print(f"{tab.slug}: {records} records, {found} pairs, query {pairs:.0f} ms (CPU {cpu:.0f})")
    url = f"/admin/dubletten/?art={tab.slug}"
    assert client.get(url).status_code == 200
    statements = []
    count = lambda *args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", count)
    client.get(url)
    event.remove(db.engine, "before_cursor_execute", count)
    page, cpu = median_ms(lambda: client.get(url))
    verdict = "within" if page <= BUDGET_MS else "OVER"
    print(
        f"  whole page: {page:.0f} ms (CPU {cpu:.0f}), {len(statements)} statements "
        f"({verdict} {BUDGET_MS} ms)"
    )


def main(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "AUTO_MIGRATE": False, "SECRET_KEY": "x"})
    with app.app_context():
        app.config["WTF_CSRF_ENABLED"] = False
        client = app.test_client()
        client.post("/login", data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD})
        for tab in TABS.values():
            measure(client, tab)


if __name__ == "__main__":
    main(sys.argv[1])
