"""A locked database gives the 503 page and a failing /healthz instead of hanging the site.

Each test runs the portal in a child process (this file, run as a script) against a database
file or server of its own, because the lock must come from another connection to a real
database: the suite's SQLite database lives in memory. ``hold_lock`` is also what
tests/bench/locked_db.py holds against a running server.
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK_SECONDS = 15
LOCKED_TABLES = ["projects_sector", "projects_target", "projects_project", "projects_news"]


@contextlib.contextmanager
def hold_lock(database_url: str, at_most: float):
    """Hold a lock that stops every reader, as a crashed writer's recovery or a migration does,
    until the block ends or *at_most* seconds have passed.

    SQLite in WAL mode lets readers through a writer's ``BEGIN IMMEDIATE``; only an exclusive
    lock stops them. On PostgreSQL, ACCESS EXCLUSIVE on the public tables does the same.
    """
    if database_url.startswith("sqlite"):
        lock = sqlite3.connect(
            urlsplit(database_url).path, isolation_level=None, timeout=10, check_same_thread=False
        )
        lock.execute("PRAGMA locking_mode = EXCLUSIVE")
        lock.execute("BEGIN EXCLUSIVE")
        lock.execute("UPDATE projects_sector SET name = name")
    else:
        import psycopg

        lock = psycopg.connect(database_url)
        lock.execute(f"LOCK TABLE {', '.join(LOCKED_TABLES)} IN ACCESS EXCLUSIVE MODE")
    # Closing ends the transaction and drops the lock.
    release = threading.Timer(at_most, lock.close)
    release.start()
    try:
        yield
    finally:
        release.cancel()
        lock.close()


@contextlib.contextmanager
def hold_write_lock(database_url: str, seconds: float):
    """Another writer at work for *seconds* on the sector "locked": its row on PostgreSQL, the
    database's single write lock on SQLite."""
    if database_url.startswith("sqlite"):
        writer = sqlite3.connect(
            urlsplit(database_url).path, isolation_level=None, check_same_thread=False
        )
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("""UPDATE projects_sector SET "order" = "order" WHERE slug = 'locked'""")
        release = threading.Timer(seconds, writer.execute, ["COMMIT"])
    else:
        import psycopg

        writer = psycopg.connect(database_url)
        writer.execute("SELECT 1 FROM projects_sector WHERE slug = 'locked' FOR UPDATE")
        release = threading.Timer(seconds, writer.commit)
    release.start()
    try:
        yield
    finally:
        release.join()
        writer.close()


@pytest.fixture
def database_url(tmp_path, django_db_setup, django_db_blocker):
    """A migrated database the child process can reach: a file copy of the in-memory SQLite
    test database, or the PostgreSQL test database itself."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path / "db.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(path)
            connection.connection.backup(copy)
            copy.close()
            return f"sqlite:///{path}"
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def run_child(scenario: str, database_url: str, **environment) -> dict:
    env = {
        **os.environ,
        **environment,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, __file__, scenario], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_locked_database_gives_the_503_page_and_healthz_says_unavailable(database_url):
    # The lock lasts LOCK_SECONDS at most: a page that waited for it to pass would answer 200.
    seen = run_child("locked", database_url)
    assert seen["before"] == {"/": 200, "/healthz": 200}
    # Cached pages need no database; everything else says the site is briefly unavailable.
    assert seen["locked"] == {
        "/": 200,
        "/projects/": 503,
        "/en/targets/": 503,
        "/projects/?page=2": 503,
        "/healthz": 503,
    }
    assert seen["healthz body"] == {"status": "unavailable", "database": {"state": "unavailable"}}
    assert "网站暂时无法访问" in seen["503 page"]
    # Once the lock is gone the pages come back at once, though the process was told to hurry.
    assert seen["after"] == {"/projects/": 200, "/healthz": 200}


def test_a_writer_at_work_stops_neither_pages_nor_a_later_save(database_url):
    seen = run_child(
        "writer", database_url, DB_LOCK_TIMEOUT="1", DB_WRITE_LOCK_TIMEOUT="15"
    )  # the writer holds its lock 2.5 s: longer than a read waits, shorter than a save
    assert seen["pages"] == {"/projects/": 200, "/healthz": 200}
    assert seen["single statement"].startswith("OperationalError")
    assert seen["transaction"] == "saved"


def _lock_wait_ms(connection) -> int:
    """How long the connection's next statement would wait for a lock, in milliseconds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout")
            return cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        shown = cursor.fetchone()[0]  # "3s", "200ms"
    return int(shown[:-2]) if shown.endswith("ms") else int(shown[:-1]) * 1000


@pytest.mark.django_db(transaction=True)  # the waits of reads outside a transaction
def test_after_a_database_failure_the_process_waits_only_briefly_for_a_while(rf, monkeypatch):
    from django.conf import settings
    from django.db import OperationalError, connection

    from portal import databases
    from portal.failures import database_unavailable

    monkeypatch.setattr(databases, "_impatient_until", 0.0)
    assert _lock_wait_ms(connection) == settings.DB_LOCK_TIMEOUT * 1000
    error = OperationalError("database is locked")
    assert database_unavailable(rf.get("/projects/"), error).status_code == 503
    assert _lock_wait_ms(connection) == databases.QUICK_WAIT * 1000
    monkeypatch.setattr(databases, "_impatient_until", 0.0)  # as when IMPATIENT_FOR has passed
    assert _lock_wait_ms(connection) == settings.DB_LOCK_TIMEOUT * 1000


# --- the child process ------------------------------------------------------------------------


def _statuses(client, urls):
    return {url: client.get(url).status_code for url in urls}


def _locked(database_url):
    from django.db import connections
    from django.test import Client

    client = Client(SERVER_NAME="localhost", raise_request_exception=False)
    seen = {"before": _statuses(client, ["/", "/healthz"])}
    connections.close_all()  # an exclusive SQLite lock waits for every other connection
    with hold_lock(database_url, at_most=LOCK_SECONDS):
        seen["locked"] = _statuses(
            client, ["/", "/projects/", "/en/targets/", "/projects/?page=2", "/healthz"]
        )
        seen["healthz body"] = json.loads(client.get("/healthz").content)
        seen["503 page"] = client.get("/projects/").content.decode()
        connections.close_all()
    seen["after"] = _statuses(client, ["/projects/", "/healthz"])
    return seen


def _writer(database_url):
    from django.db import DatabaseError, connections, transaction
    from django.test import Client

    from projects.models import Sector

    sector = Sector.objects.create(slug="locked", name="锁定")
    connections.close_all()
    client = Client(SERVER_NAME="localhost", raise_request_exception=False)
    seen = {}
    with hold_write_lock(database_url, seconds=2.5):
        seen["pages"] = _statuses(client, ["/projects/", "/healthz"])
        try:
            Sector.objects.filter(pk=sector.pk).update(name="单条语句")
            seen["single statement"] = "saved"
        except DatabaseError as error:
            seen["single statement"] = f"{type(error).__name__}: {error}"
        with transaction.atomic():
            Sector.objects.filter(pk=sector.pk).update(name="事务")
        seen["transaction"] = "saved" if Sector.objects.get(pk=sector.pk).name == "事务" else "lost"
    return seen


if __name__ == "__main__":
    import django

    django.setup()
    scenario = {"locked": _locked, "writer": _writer}[sys.argv[1]]
    outcome = scenario(os.environ["DATABASE_URL"])
    print(json.dumps(outcome, ensure_ascii=False))
