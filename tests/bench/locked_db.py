"""A locked database against a running server: how soon do visitors get an answer?

    .venv/bin/python tests/bench/locked_db.py                  # SQLite in a scratch folder
    .venv/bin/python tests/bench/locked_db.py --database-url postgres://postgres@127.0.0.1:5432/kulun_bench

Loads the plan into a scratch database (a PostgreSQL one is created when missing and emptied
first: never point it at real data), serves it with the production gunicorn config, and lets
40 visitors each ask for a page every half second: the home page (cached), a project search
that is never cached, and /healthz. Then it holds a lock that stops every reader
(tests/portal/test_locked_database.py's ``hold_lock``) for --lock seconds and prints, for the
time before, during and after the lock, how each kind of page answered and how long the
slowest took. The load lasts 2 + --lock + 4 seconds (at most 30 with the default lock of 20).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.pages import GUNICORN, PY, sh, wait_for  # noqa: E402
from tests.portal.test_locked_database import hold_lock  # noqa: E402

PORT = 8741
VISITORS = 40
PAUSE = 0.5  # seconds each visitor waits between pages


def fresh_postgres(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def fetch(url: str) -> tuple[int, float, str]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            status, cache = response.status, response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as error:
        status, cache = error.code, ""
    except OSError:
        status, cache = 0, ""
    return status, time.perf_counter() - started, cache


class Visitors:
    def __init__(self, base: str):
        self.base = base
        self.phase = "before"
        self.results: list[tuple[str, str, int, float]] = []
        self.stop = threading.Event()
        self.counter = itertools.count()

    def visit(self, number: int) -> None:
        kinds = itertools.cycle(["home (cached)", "project search (uncached)", "/healthz"])
        for _ in range(number % 3):
            next(kinds)
        while not self.stop.is_set():
            kind = next(kinds)
            path = {
                "home (cached)": "/",
                "project search (uncached)": f"/projects/?q=bench{next(self.counter)}",
                "/healthz": "/healthz",
            }[kind]
            phase = self.phase
            status, seconds, _ = fetch(self.base + path)
            self.results.append((phase, kind, status, seconds))
            self.stop.wait(PAUSE)


def report(results, lock_seconds: int) -> None:
    print(f"\n{VISITORS} visitors, one page each every {PAUSE} s; lock held {lock_seconds} s")
    print("| phase | page | answers | statuses | median s | slowest s |")
    print("|---|---|---:|---|---:|---:|")
    for phase in ("before", "locked", "after"):
        for kind in ("home (cached)", "project search (uncached)", "/healthz"):
            rows = [r for r in results if r[0] == phase and r[1] == kind]
            if not rows:
                continue
            statuses = ", ".join(
                f"{code}×{sum(1 for r in rows if r[2] == code)}"
                for code in sorted({r[2] for r in rows})
            )
            times = [r[3] for r in rows]
            print(
                f"| {phase} | {kind} | {len(rows)} | {statuses} | "
                f"{statistics.median(times):.2f} | {max(times):.2f} |"
            )
    locked = [r[3] for r in results if r[0] == "locked"]
    if locked:
        print(f"\nduring the lock every visitor had an answer within {max(locked):.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="a scratch PostgreSQL database")
    parser.add_argument("--lock", type=int, default=20, help="seconds the lock is held")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="kulun-locked-"))
    database_url = options.database_url or f"sqlite:///{scratch / 'db.sqlite3'}"
    static_root = ROOT / "staticfiles"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret",
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATE_DIR": str(scratch / "var"),
        "STATIC_ROOT": str(static_root),
        "PORT": str(PORT),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REDIS_URL", None)
    if database_url.startswith("postgres"):
        fresh_postgres(database_url)
    print(f"loading the plan into {database_url}")
    sh([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    sh([PY, "manage.py", "load_plan"], env, stdout=subprocess.DEVNULL)
    if not (static_root / "staticfiles.json").exists():
        sh([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    log = open(scratch / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [GUNICORN, "-c", str(ROOT / "portal" / "gunicorn.conf.py"), "portal.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{PORT}"
        wait_for(base + "/healthz")
        for _ in range(30):  # every worker's cache holds the home page, as a live site's would
            fetch(base + "/")
        visitors = Visitors(base)
        threads = [
            threading.Thread(target=visitors.visit, args=(n,), daemon=True) for n in range(VISITORS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)
        with hold_lock(database_url, at_most=options.lock + 5):
            visitors.phase = "locked"
            time.sleep(options.lock)
        visitors.phase = "after"
        time.sleep(4)
        visitors.stop.set()
        for thread in threads:
            thread.join()
        report(visitors.results, options.lock)
        print(f"server log: {scratch / 'gunicorn.log'}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
