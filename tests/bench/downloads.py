"""Downloads against pages: does a flood of uncached download requests slow the site?

    .venv/bin/python tests/bench/downloads.py [--seconds 20] [--clients 10]
    .venv/bin/python tests/bench/downloads.py --database-url sqlite:////tmp/filled.sqlite3

Fills a scratch SQLite database with the plan, 10,000 sample projects and 50,000 reports
(unless given a filled one), serves it with the production gunicorn config, and measures the
home page with wrk (4 connections): first alone, then for --seconds (30 at most) while
--clients threads ask without pause for every open-data file in both languages with a new
``?x=N`` each time, and the content version is moved every 6 seconds so every file must be
built again. Prints the page's p50/p99 in both runs and what the download requests got.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.pages import GUNICORN, PY, ROOT, sh, wait_for, wrk

PORT = 8703
FILES = [
    f"{lang}/data/{dataset}.{fmt}"
    for lang in ("", "/en")
    for dataset in ("projects", "reports", "targets", "measurements")
    for fmt in ("xlsx", "csv", "json")
]


def fill(env) -> None:
    sh([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    sh([PY, "manage.py", "load_plan"], env, stdout=subprocess.DEVNULL)
    sh(
        [PY, "manage.py", "generate_sample", "--projects", "10000", "--reports", "50000"],
        env, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def bumper(env: dict, stop: threading.Event) -> None:
    """Move the content version every 6 s, as staff saving records would, in this process
    (a `manage.py shell` each time would cost the server's cores a second of CPU)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from portal.cache import bump_content_version

    while not stop.wait(6):
        bump_content_version()


def flood(base: str, stop: threading.Event, tally: collections.Counter, slowest: list) -> None:
    counter = itertools.count()
    for path in itertools.cycle(FILES):
        if stop.is_set():
            return
        url = f"{base}{path}?x={next(counter)}-{threading.get_ident()}"
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
                tally[f"200 {response.headers.get('X-Data-Version', '?')}"] += 1
        except urllib.error.HTTPError as error:
            error.read()
            tally[str(error.code)] += 1
        except OSError as error:
            tally[type(error).__name__] += 1
        slowest.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--database-url", help="an already filled database")
    options = parser.parse_args()
    seconds = min(options.seconds, 30)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    scratch = Path(tempfile.mkdtemp(prefix="kulun-bench-downloads-"))
    env = {
        **os.environ,
        "BENCH_DIR": str(scratch),
        "DATABASE_URL": options.database_url or f"sqlite:///{scratch / 'db.sqlite3'}",
        "SECRET_KEY": "bench-only-not-secret",
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(scratch / "static"),
        "STATE_DIR": str(scratch / "var"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REDIS_URL", None)
    if not options.database_url:
        print(f"filling {scratch} with the plan, 10,000 projects and 50,000 reports")
        fill(env)
    sh([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    log = open(scratch / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [GUNICORN, "-c", str(ROOT / "portal" / "gunicorn.conf.py"), "portal.wsgi"],
        cwd=ROOT, env={**env, "PORT": str(PORT)}, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_for(base + "/healthz")
        for _ in range(20):  # fill each worker's view of the cache
            urllib.request.urlopen(base + "/", timeout=10).read()
        alone = wrk(base + "/", 4, 5)

        stop = threading.Event()
        tally: collections.Counter = collections.Counter()
        durations: list[float] = []
        clients = [
            threading.Thread(target=flood, args=(base, stop, tally, durations), daemon=True)
            for _ in range(options.clients)
        ]
        for client in clients:
            client.start()
        bumper_stop = threading.Event()
        moving = threading.Thread(target=bumper, args=(env, bumper_stop), daemon=True)
        moving.start()
        loaded = wrk(base + "/", 4, seconds)
        bumper_stop.set()
        stop.set()
        for client in clients:
            client.join(60)
        moving.join(60)
        builds = sum(1 for p in (scratch / "var" / "downloads").rglob("*") if p.suffix in
                     (".csv", ".xlsx", ".json"))  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\n{os.cpu_count()} cores, gunicorn as configured, the home page with wrk -c4")
    print("| run | page req/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    print(f"| page alone, 5 s | {alone['rps']:.0f} | {alone['p50']:.1f} | {alone['p99']:.1f} "
          f"| {alone['errors']} |")  # fmt: skip
    print(f"| with {options.clients} download clients, {seconds} s | {loaded['rps']:.0f} "
          f"| {loaded['p50']:.1f} | {loaded['p99']:.1f} | {loaded['errors']} |")  # fmt: skip
    durations.sort()
    answered = sum(tally.values())
    print(f"\ndownload requests: {answered}; " + ", ".join(f"{k}: {v}" for k, v in
          sorted(tally.items())))  # fmt: skip
    if durations:
        print(f"download time p50 {durations[len(durations) // 2] * 1000:.0f} ms, "
              f"max {durations[-1] * 1000:.0f} ms; files on disk at the end: {builds}")  # fmt: skip
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
