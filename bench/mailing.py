"""The Verteiler screen's count and preview timed on a filled database (``flask crm
bench-data``), page and parts, median of 7: ``python bench/mailing.py sqlite:///x.db``."""

import statistics
import sys
import time
from datetime import date

from sqlalchemy import delete

from crm import create_app
from crm.extensions import db
from crm.mailing import Criteria, choices, preview, reach
from crm.models import SavedSelection, User
from crm.saved_selections import saved_for

BENCH_USER, BENCH_PASSWORD = "bench@lotse.example", "bench-passwort-2026"
SELECTIONS = {
    "everyone": {},
    "two tags": {"tag": ["1", "2"]},
    "schools in three places": {"kind": ["schule"], "municipality": ["3", "4", "5"]},
    "active volunteers": {"status": ["aktiv"]},
}


def median_ms(run, times: int = 7) -> float:
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        taken.append((time.perf_counter() - start) * 1000)
    return statistics.median(taken)


def main(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "AUTO_MIGRATE": False, "SECRET_KEY": "x"})
    with app.app_context():
        app.config["WTF_CSRF_ENABLED"] = False
        session, today = db.session, date.today()
        user = session.query(User).filter_by(email=BENCH_USER).one()
        # Ten saved selections, as a team keeps them, listed with their counts on the page.
        for n, given in enumerate(list(SELECTIONS.values()) * 3):
            session.add(SavedSelection(name=f"Bench {n}", owner_id=user.id, criteria=given))
        session.commit()
        print(f"choices {median_ms(lambda: choices(session)):.1f} ms")
        print(f"saved selections {median_ms(lambda: saved_for(session, user, today)):.1f} ms")
        for name, given in SELECTIONS.items():
            criteria = Criteria.parse(given)
            counted = median_ms(lambda c=criteria: reach(session, c, today))
            shown = median_ms(lambda c=criteria: preview(session, c, today))
            print(f"{name}: count {counted:.1f} ms, preview {shown:.1f} ms")
        client = app.test_client()
        client.post("/login", data={"email": BENCH_USER, "password": BENCH_PASSWORD})
        for name, given in SELECTIONS.items():
            url = "/admin/mailing/?" + "&".join(f"{k}={v}" for k, vs in given.items() for v in vs)
            assert client.get(url).status_code == 200
            page = median_ms(lambda u=url: client.get(u))
            print(f"{name}: whole page {page:.1f} ms")
        session.execute(delete(SavedSelection).where(SavedSelection.name.like("Bench %")))
        session.commit()


if __name__ == "__main__":
    main(sys.argv[1])
