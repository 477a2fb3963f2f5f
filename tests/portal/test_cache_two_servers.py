"""Two app servers on one database and one Redis agree: a change made through one shows on the
other at the next request, and so does one made by a command on neither (a cron job).

Each server is gunicorn as in production (portal/gunicorn.conf.py, two workers), with a state
folder of its own. On PostgreSQL they use the test database; on SQLite, whose test database
is in memory, a file copy of it. Redis is a private redis-server when one is installed, else
REDIS_URL (or 127.0.0.1:6379); the test fails, never skips, when there is none.
"""

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import User
from django.db import connection

from projects.models import Project
from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "two-servers-test-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except (OSError, redis.exceptions.ConnectionError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not come up within {seconds} s")
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if not binary:
        url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
        redis.Redis.from_url(url).ping()  # no Redis at all: this fails, loudly
        yield url
        return
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_until(lambda: redis.Redis.from_url(url).ping(), "redis-server")
        yield url
    finally:
        stop(server)


def shared_database_url(tmp_path) -> str:
    """The database both servers use, holding what this test has written so far."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = tmp_path / "shared.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    s = connection.settings_dict
    credentials = urllib.parse.quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(s["PASSWORD"], safe="")
    return f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Browser:
    """Plain HTTP with cookies, as a visitor's browser (no JavaScript needed anywhere)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str):
        try:
            response = self.opener.open(self.base + path, timeout=30)
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()
        with response:
            return response.status, response.headers, response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> int:
        _, _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode([("csrfmiddlewaretoken", token), *fields]).encode()
        request = urllib.request.Request(self.base + path, data=data)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def test_a_change_through_one_server_shows_on_the_other(tmp_path, redis_url):
    load_plan()
    User.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    project = "KL2026-004"
    project_pk = str(Project.objects.get(code=project).pk)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",  # production settings, plain static files
        "DATABASE_URL": shared_database_url(tmp_path),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "two-servers-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    servers = {}
    try:
        for name in ("one", "two"):
            port = free_port()
            state = tmp_path / f"state-{name}"
            servers[name] = (
                subprocess.Popen(
                    [GUNICORN, "-c", str(ROOT / "portal" / "gunicorn.conf.py"), "portal.wsgi"],
                    cwd=ROOT, env={**env, "PORT": str(port), "STATE_DIR": str(state)},
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=True,
                ),
                Browser(f"http://127.0.0.1:{port}"),
            )  # fmt: skip
        one, two = servers["one"][1], servers["two"][1]
        for browser in (one, two):
            wait_until(lambda b=browser: b.get("/healthz")[0] == 200, browser.base)

        # Both servers hold the project page and the list in their cache.
        for browser in (one, two):
            for path in (f"/projects/{project}/", "/projects/"):
                browser.get(path)
                status, headers, _ = browser.get(path)
                assert (status, headers["X-Cache"]) == (200, "hit"), (browser.base, path)

        # Staff withdraw the project in the admin of server one.
        staff = Browser(one.base)
        status = staff.post(
            "/admin/login/?next=/admin/", [("username", "boss"), ("password", PASSWORD)]
        )
        assert status == 200, "login failed"  # the redirect to the admin index was followed
        status = staff.post(
            "/admin/projects/project/",
            [("action", "unpublish"), ("index", "0"), ("_selected_action", project_pk)],
        )
        assert status == 200

        # Server two shows it at once: no stale page from its cache.
        assert two.get(f"/projects/{project}/")[0] == 404
        status, headers, page = two.get("/projects/")
        assert (status, headers["X-Cache"]) == (200, "miss")
        assert project not in page

        # A command on neither server (a cron job on a third host) reaches both.
        rename = (
            "from projects.models import Project;"
            "p = Project.objects.get(code='KL2026-005'); p.name = '改名后的项目'; p.save()"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", rename],
            cwd=ROOT, env={**env, "STATE_DIR": str(tmp_path / "state-cron")},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        for browser in (one, two):
            status, headers, page = browser.get("/projects/")
            assert headers["X-Cache"] == "miss", browser.base
            assert "改名后的项目" in page, browser.base
    finally:
        for process, _ in servers.values():
            stop(process)
