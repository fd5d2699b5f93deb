"""The load run: gunicorn with a few workers on 127.0.0.1, N logged-in clients for D seconds over
the contact list, search and detail screens; reports errors and latency percentiles.

Usage: ``.venv/bin/python bench/load.py --database-url postgresql://root@127.0.0.1/test --reuse``
(see bench/README.md). It stops by itself and always stops its gunicorn.
"""

import argparse
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (puts the project on sys.path)
import requests  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from crm.extensions import db  # noqa: E402
from crm.models import Contact  # noqa: E402
from crm.sampledata.bench import BENCH_EMAIL, BENCH_PASSWORD  # noqa: E402

P95_BUDGET_MS = 200
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
UMLAUT_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


@dataclass(frozen=True)
class Sample:
    screen: str
    seconds: float
    ok: bool
    problem: str = ""


@dataclass(frozen=True)
class Workload:
    """What the clients ask for: contact ids to show and surnames to search."""

    first_id: int
    last_id: int
    surnames: list[str]
    pages: int

    def request(self, rng: random.Random, step: int) -> tuple[str, str]:
        screen = ("liste", "suche", "detail")[step % 3]
        if screen == "liste":
            page = 0 if rng.random() < 0.5 else rng.randrange(self.pages)
            return screen, f"/admin/contact/?page={page}"
        if screen == "suche":
            return screen, f"/admin/contact/?search={requests.utils.quote(self.term(rng))}"
        return screen, f"/admin/contact/details/?id={rng.randint(self.first_id, self.last_id)}"

    def term(self, rng: random.Random) -> str:
        """A surname typed as people do: lower case, sometimes with ae/oe/ue for the umlaut."""
        name = rng.choice(self.surnames).lower()
        if rng.random() < 0.3:
            for umlaut, spelling in UMLAUT_SPELLINGS.items():
                name = name.replace(umlaut, spelling)
        return name


def workload() -> Workload:
    """Read from the filled database (inside an app context)."""
    first, last = db.session.execute(select(func.min(Contact.id), func.max(Contact.id))).one()
    names = db.session.scalars(
        select(Contact.last_name)
        .group_by(Contact.last_name)
        .order_by(func.count().desc())
        .limit(40)
    ).all()
    return Workload(first_id=first, last_id=last, surnames=list(names), pages=50)


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(target: common.Target, port: int, workers: int, log) -> subprocess.Popen:
    gunicorn = common.ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(target.server_env(), SECRET_KEY=secrets.token_hex(16))
    return subprocess.Popen(
        [*command, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60", "app:app"],
        cwd=common.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def server_cpu(server: subprocess.Popen) -> float | None:
    """CPU seconds of the gunicorn master and its workers so far (Linux /proc; else None)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            pid, parent = int(stat.parent.name), int(fields[1])
            if server.pid in (pid, parent):
                total += int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return None
    return total / tick


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn ended with {server.returncode}")
        try:
            if requests.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master we started (it stops its workers), SIGKILL if it hangs."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


# --- the clients --------------------------------------------------------------------------------


def login(base: str) -> requests.Session:
    session = requests.Session()
    found = TOKEN.search(session.get(f"{base}/login", timeout=30).text)
    if found is None:
        raise RuntimeError("Anmeldeseite ohne CSRF-Token")
    response = session.post(
        f"{base}/login",
        timeout=30,
        allow_redirects=False,
        data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD, "csrf_token": found.group(1)},
    )
    if response.status_code != 302:
        raise RuntimeError(f"Anmeldung: HTTP {response.status_code}")
    return session


def warm_up(session: requests.Session, base: str, work: Workload, seed: int) -> None:
    """One round over the screens before the clock runs, so what is measured is the running
    server, not each freshly started worker compiling its templates and filling its caches
    (about 170 ms for its first list)."""
    rng = random.Random(seed)
    for step in range(3):
        _, url = work.request(rng, step)
        status = session.get(base + url, timeout=60, allow_redirects=False).status_code
        if status != 200:
            raise RuntimeError(f"Aufwärmen: HTTP {status} {url}")


def client(
    session: requests.Session,
    base: str,
    work: Workload,
    deadline: float,
    think: float,
    seed: int,
    samples: list[Sample],
) -> None:
    """One logged-in user clicking through the screens until the deadline."""
    rng = random.Random(seed)
    step = rng.randrange(3)
    while time.monotonic() < deadline:
        screen, url = work.request(rng, step)
        step += 1
        started = time.perf_counter()
        try:
            status = session.get(base + url, timeout=30, allow_redirects=False).status_code
            problem = "" if status == 200 else f"HTTP {status} {url}"
        except requests.RequestException as error:
            problem = f"{type(error).__name__} {url}"
        samples.append(Sample(screen, time.perf_counter() - started, not problem, problem))
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def run_clients(
    base: str, work: Workload, sessions: list[requests.Session], seconds: float, think: float
) -> tuple[list[Sample], float]:
    """Let all logged-in clients loose at once until the deadline."""
    samples: list[Sample] = []
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=client, daemon=True, args=(session, base, work, deadline, think, n, samples)
        )
        for n, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + 40)
    return list(samples), time.monotonic() - started


# --- reporting --------------------------------------------------------------------------------


def summary(samples: list[Sample], elapsed: float) -> dict:
    timed = sorted(s.seconds * 1000 for s in samples)
    errors = sum(not s.ok for s in samples)
    if len(timed) < 2:
        return {"requests": len(timed), "errors": errors}
    cuts = statistics.quantiles(timed, n=100, method="inclusive")
    return {
        "requests": len(timed),
        "errors": errors,
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(timed[-1], 1),
        "req_per_s": round(len(timed) / elapsed, 1),
    }


def report(samples: list[Sample], elapsed: float, meta: dict) -> dict:
    total = summary(samples, elapsed)
    screens = {
        name: summary([s for s in samples if s.screen == name], elapsed)
        for name in ("liste", "suche", "detail")
    }
    print(
        f"\n{'Bildschirm':<10} {'Anfragen':>9} {'Fehler':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'Anfr./s':>8}"
    )
    for name, row in (*screens.items(), ("gesamt", total)):
        print(
            f"{name:<10} {row['requests']:>9} {row['errors']:>7} {row.get('p50_ms', 0):>8} "
            f"{row.get('p95_ms', 0):>8} {row.get('p99_ms', 0):>8} {row.get('max_ms', 0):>8} "
            f"{row.get('req_per_s', 0):>8}"
        )
    result = {
        "kind": "lotse-load",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        **meta,
        "elapsed_s": round(elapsed, 1),
        **total,
        "screens": screens,
        "p95_budget_ms": P95_BUDGET_MS,
        "p95_ok": total.get("p95_ms", float("inf")) < P95_BUDGET_MS,
    }
    for problem in sorted({s.problem for s in samples if s.problem})[:10]:
        print(f"Fehler: {problem}")
    print(json.dumps(result, ensure_ascii=False))
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--schema", default="lotse_bench", help="PostgreSQL schema (lotse_bench*)")
    parser.add_argument("--contacts", type=int, default=2_000, help="size when filling")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="use existing data, do not refill")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause of a client between requests, seconds (0: none)",
    )
    parser.add_argument(
        "--check-budgets", action="store_true", help=f"exit 1 also if p95 ≥ {P95_BUDGET_MS} ms"
    )
    return parser.parse_args(argv)


def measure(args: argparse.Namespace, target: common.Target, log) -> int:
    """Fill or reuse the data, serve it with gunicorn, load it, report; 1 on errors."""
    app, _ = common.prepare(target, args.contacts, args.seed, args.reuse)
    with app.app_context():
        work, contacts = workload(), common.sizes()["contacts"]
        db.engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(target, port, args.workers, log)
    try:
        wait_until_up(base, server)
        print(
            f"gunicorn -w {args.workers} auf {base}: {args.clients} Clients, "
            f"{args.seconds:g} s, Denkpause {args.think:g} s"
        )
        # One after the other, before the clock starts: password hashing is meant to be slow.
        sessions = [login(base) for _ in range(args.clients)]
        for n, session in enumerate(sessions):
            warm_up(session, base, work, seed=-1 - n)
        cpu, busy = time.process_time(), server_cpu(server)
        samples, elapsed = run_clients(base, work, sessions, args.seconds, args.think)
        cpu, after = time.process_time() - cpu, server_cpu(server)
        busy = None if busy is None or after is None else round(after - busy, 1)
    finally:
        stop_server(server)
    result = report(
        samples,
        elapsed,
        {
            "database": target.dialect,
            "contacts": contacts,
            "clients": args.clients,
            "seconds": args.seconds,
            "workers": args.workers,
            "think_s": args.think,
            # the clients share the machine with the server: their own CPU share, for judging
            "client_cpu_s": round(cpu, 1),
            "gunicorn_cpu_s": busy,
            "cpus": os.cpu_count(),
        },
    )
    failed = result["errors"] > 0 or (args.check_budgets and not result["p95_ok"])
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    target = common.target(args.database_url, args.schema)
    try:
        with tempfile.NamedTemporaryFile(prefix="lotse-gunicorn-", suffix=".log") as log:
            try:
                return measure(args, target, log)
            except (RuntimeError, requests.RequestException) as error:
                log.flush()
                print(
                    f"Lastlauf abgebrochen: {error}\n{Path(log.name).read_text()[-3000:]}",
                    file=sys.stderr,
                )
                return 1
    finally:
        target.cleanup()


if __name__ == "__main__":
    sys.exit(main())
