"""Two saves at once on two connections never fork the chain: the second append waits for the
first one's head (a row lock on PostgreSQL, the single write lock on SQLite).

The saves run in a child process (this file, run as a script) with two threads, against a
database file or server of its own, as tests/portal/test_locked_database.py does: the suite's
SQLite database lives in memory, where connections do not wait for each other's locks.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.portal.test_locked_database import database_url  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 15


@pytest.mark.django_db(transaction=True)  # the child's rows are removed afterwards
def test_two_writers_at_once_append_one_unbroken_chain(database_url):  # noqa: F811
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, __file__], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["errors"] == []
    assert seen["saved"] == 2 * ROUNDS
    assert seen["seqs"] == list(range(1, 2 * ROUNDS + 3))  # 2 publications, then every change
    assert seen["check"] == {"ok": True, "breaks": [], "mismatches": []}
    assert seen["overlapped"], "the two writers never waited for each other"


def _race() -> dict:
    import threading
    import time

    from django.db import connections, transaction

    from ledger.models import LedgerEntry
    from ledger.verify import check_database
    from projects.models import Project, Sector

    sector = Sector.objects.create(slug="race", name="并发测试")
    pks = [
        Project.objects.create(code=f"RACE-{n}", name="项目", sector=sector, is_published=True).pk
        for n in range(2)
    ]
    errors, saved, waits = [], [], []

    def work(pk):
        try:
            for n in range(ROUNDS):
                started = time.monotonic()
                with transaction.atomic():
                    project = Project.objects.get(pk=pk)
                    project.name = f"第 {n} 版"
                    project.save()
                    # Hold the head a moment, so that the other writer comes while it is held.
                    time.sleep(0.05)
                waits.append(time.monotonic() - started)
                saved.append(pk)
        except Exception as error:  # reported to the test, which names it
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(pk,)) for pk in pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = check_database()
    return {
        "errors": errors,
        "saved": len(saved),
        "seqs": list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True)),
        "check": {"ok": report.ok, "breaks": report.breaks, "mismatches": report.mismatches},
        "overlapped": max(waits, default=0) > 0.09,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(_race(), ensure_ascii=False))
