"""Page load benchmark: the portal's public pages against the bare Django page, in one run.

    make bench            # or: .venv/bin/python tests/bench/pages.py [--seconds 10] [--long 30]

Fills a scratch SQLite database with the plan plus 10,000 sample projects and 50,000 reports,
serves it with the production gunicorn config (portal/gunicorn.conf.py) and DEBUG off, serves
../shared/bench/hello.py with the same config, and loads each with wrk from this machine. It
prints requests/s, the ratio to the bare page, p50 and p99 latency and errors for each page at
16 connections, then runs every page at 64 connections and counts errors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HELLO_DIR = ROOT.parent / "shared" / "bench"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))


def sh(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not answer within {timeout}s")


def serve(env, port: int, app: str, chdir: Path | None = None) -> subprocess.Popen:
    args = [GUNICORN, "-c", str(ROOT / "portal" / "gunicorn.conf.py")]
    if chdir:
        args += ["--chdir", str(chdir)]
    args.append(app)
    log = open(Path(env["BENCH_DIR"]) / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        args, cwd=ROOT, env={**env, "PORT": str(port)}, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip


def to_ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m|h)$", text)
    if not match:
        return float("nan")  # wrk prints no latency when every request failed
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[unit]


def wrk(url: str, connections: int, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: (.*)"):
        match = re.search(pattern, out)
        if match:
            errors += sum(int(n) for n in re.findall(r"\d+", match.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page at 16 connections")
    parser.add_argument("--long", type=int, default=30, help="per page at 64 connections")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=50_000)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not (HELLO_DIR / "hello.py").exists():
        raise SystemExit(f"{HELLO_DIR / 'hello.py'} is missing")

    scratch = Path(tempfile.mkdtemp(prefix="kulun-bench-"))
    env = {
        **os.environ,
        "BENCH_DIR": str(scratch),
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "SECRET_KEY": "bench-only-not-secret",
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(scratch / "static"),
        "STATE_DIR": str(scratch / "var"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REDIS_URL", None)
    print(
        f"filling {scratch} with the plan, {options.projects} projects, {options.reports} reports"
    )
    sh([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    sh([PY, "manage.py", "load_plan"], env, stdout=subprocess.DEVNULL)
    sh(
        [PY, "manage.py", "generate_sample", "--projects", str(options.projects),
         "--reports", str(options.reports)],
        env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    sh([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    print("\nserver time per page without the page cache (tests/bench/render.py)")
    sh([PY, "tests/bench/render.py", env["DATABASE_URL"]], {**env, "LOG_LEVEL": "WARNING"})

    servers = [
        serve(env, 8702, "portal.wsgi"),
        serve(env, 8701, "hello:application", chdir=HELLO_DIR),
    ]
    try:
        portal = "http://127.0.0.1:8702"
        wait_for(portal + "/healthz")
        wait_for("http://127.0.0.1:8701/")
        pages = {
            "bare Django page (hello.py)": "http://127.0.0.1:8701/",
            "/": portal + "/",
            "/projects/": portal + "/projects/",
            "/projects/SAMPLE-000001/": portal + "/projects/SAMPLE-000001/",
            "/targets/T16/": portal + "/targets/T16/",
            "/disclosure/": portal + "/disclosure/",
            "/projects/map/": portal + "/projects/map/",
            "/search/?q=风电项目": portal + "/search/?q=%E9%A3%8E%E7%94%B5%E9%A1%B9%E7%9B%AE",
        }
        for url in pages.values():
            for _ in range(20):  # fill each worker's cache, as a live site's would be
                urllib.request.urlopen(url, timeout=10).read()
        rows = {name: wrk(url, 16, options.seconds) for name, url in pages.items()}
        base = rows["bare Django page (hello.py)"]["rps"]
        print(f"\n16 connections, {options.seconds} s each, {os.cpu_count()} cores, "
              "the same gunicorn config for both")  # fmt: skip
        print("| page | req/s | ratio to bare | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, r in rows.items():
            print(
                f"| {name} | {r['rps']:.0f} | {r['rps'] / base:.2f} | {r['p50']:.1f} "
                f"| {r['p99']:.1f} | {r['errors']} |"
            )
        print(f"\n64 connections, {options.long} s each")
        print("| page | req/s | p99 ms | errors |")
        print("|---|---:|---:|---:|")
        for name, url in list(pages.items())[1:]:
            r = wrk(url, 64, options.long)
            print(f"| {name} | {r['rps']:.0f} | {r['p99']:.1f} | {r['errors']} |")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
