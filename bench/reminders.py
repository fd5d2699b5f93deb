"""The reminder run (`crm send-reminders`) timed on the benchmark data: with --contacts 100000,
2,000 volunteers and 200,000 assignments. It adds --users accounts with a daily digest and an
overdue task each, then measures (median of --repeat rounds, statements of one round):

- the planning: everything computed and rendered, as the dry run does (nothing written);
- the first run of a day: queued in the outbox, ledger written, delivered as .eml files;
- a second run the same day, which finds nothing new and sends nothing.

    .venv/bin/python bench/reminders.py --contacts 100000
    .venv/bin/python bench/reminders.py --contacts 100000 --database-url postgresql://root@127.0.0.1/test
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, event, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import database, prepare  # noqa: E402

BUDGET_S = 10  # issue 23: "finishes in seconds"
BASE_URL = "https://lotse.example.de"


class Counter:
    """Statements sent while it listens."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._one)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._one)

    def _one(self, *args):
        self.count += 1


def add_users(users: int, today: date) -> None:
    """Accounts with a daily digest and an overdue task each (Core inserts, a cheap hash);
    those of an earlier run (--reuse) and what was sent to anyone are removed first, so each
    run starts from the same state."""
    from werkzeug.security import generate_password_hash

    from crm.extensions import db
    from crm.models import FollowUpTask, OutgoingMail, ReminderSent, User
    from crm.models.choices import DigestFrequency, Role

    earlier = select(User.id).where(User.email.like("team%@lotse.example"))
    for statement in (
        delete(ReminderSent),
        delete(OutgoingMail),
        delete(FollowUpTask).where(FollowUpTask.owner_user_id.in_(earlier)),
        delete(User).where(User.id.in_(earlier)),
    ):
        db.session.execute(statement)

    taken = db.session.scalar(select(func.count()).select_from(User))
    hashed = generate_password_hash("bench-passwort-2026", method="pbkdf2:sha256:1")
    rows = [
        {
            "email": f"team{taken + n}@lotse.example",
            "name": f"Team {taken + n}",
            "sort_name": f"team {taken + n}",
            "password_hash": hashed,
            "role": Role.COORDINATOR.value,
            "active": True,
            "locale": "de",
            "digest": DigestFrequency.DAILY.value,
            "version": 1,
            "search_document": "",
        }
        for n in range(users)
    ]
    db.session.execute(insert(User.__table__), rows)
    ids = db.session.scalars(select(User.id).where(User.email.like("team%@lotse.example")))
    db.session.execute(
        insert(FollowUpTask.__table__),
        [
            {"description": "Rückruf", "owner_user_id": i, "due_on": today - timedelta(days=2)}
            for i in ids
        ],
    )
    db.session.commit()


def timed(run, repeat: int, engine) -> tuple[float, int]:
    """Median seconds of ``run`` and the statements of its last round."""
    taken, statements = [], 0
    for _ in range(repeat):
        with Counter(engine) as counter:
            started = time.perf_counter()
            run()
            taken.append(time.perf_counter() - started)
        statements = counter.count
    return statistics.median(taken), statements


def measure(app, args) -> list[tuple[str, float, int]]:
    from crm.extensions import db
    from crm.models import Assignment, Volunteer
    from crm.reminder_mails import Links, planned_mails

    today = date.today()
    with app.app_context():
        session = db.session
        print(
            "Daten:",
            ", ".join(
                f"{m.__tablename__} {session.scalar(select(func.count()).select_from(m)):,}"
                for m in (Volunteer, Assignment)
            ),
        )
        add_users(args.users, today)
        config = dict(app.config)

        def plan():
            session.expire_all()
            return planned_mails(session, today, Links(BASE_URL), config, "lotse@example.de")

        mails = plan()
        kinds = {}
        for mail in mails:
            kinds[mail.kind] = kinds.get(mail.kind, 0) + 1
        print("Geplant:", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
        results = [("planning (the dry run's work)", *timed(plan, args.repeat, db.engine))]
        session.remove()
    runner = app.test_cli_runner()
    command = ["crm", "send-reminders", "--base-url", BASE_URL]
    for label in ("first run of the day (queue, ledger, .eml)", "second run, nothing new"):
        with app.app_context(), Counter(db.engine) as counter:
            started = time.perf_counter()
            result = runner.invoke(args=command)
            seconds = time.perf_counter() - started
        print(result.output.splitlines()[-1] if result.output else result.exception)
        results.append((label, seconds, counter.count))
    return results


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="SQLite URL or PostgreSQL URL (default: temp file)")
    parser.add_argument("--schema", default="lotse_bench", help="PostgreSQL schema (lotse_bench*)")
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL schema after")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--check-budgets", action="store_true", help="exit 1 if over budget")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    with database(args) as target, tempfile.TemporaryDirectory() as instance:
        app, seconds = prepare(target, args.contacts, args.seed, args.reuse)
        app.config.update(MAIL_SERVER=None, MAIL_FOLDER=instance)  # .eml files, thrown away
        if seconds is not None:
            print(f"Gefüllt in {seconds:.0f} s")
        results = measure(app, args)
    print(f"{'':<46} {'s':>8} {'SQL':>6}")
    for label, taken, statements in results:
        print(f"{label:<46} {taken:>8.2f} {statements:>6}")
    over = max(taken for _, taken, _ in results) > BUDGET_S
    print(f"Budget {BUDGET_S} s per run: {'OVER' if over else 'ok'}")
    return 1 if over and args.check_budgets else 0


if __name__ == "__main__":
    sys.exit(main())
