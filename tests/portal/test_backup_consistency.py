"""A backup taken while staff save restores, and `backup` checks its own file.

The commands run as they do on a server: `manage.py` processes against a real database that a
second process writes to. On SQLite that is a database file of the test's own (the suite's test
database lives in memory, where other processes cannot reach it); on PostgreSQL it is the test
database, with committed data.
"""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

SEED = """
from simple_history.utils import bulk_create_with_history
from projects.models import Level, Project, Sector, Stage
from projects.services.plan import load_plan

load_plan()
sector = Sector.objects.order_by("pk").first()
projects = [
    Project(code=f"B{n:04d}", name=f"备份测试项目{n}", sector=sector, level=Level.GENERAL,
            stage=Stage.PREPARATION, is_published=True)
    for n in range(1500)
]
bulk_create_with_history(projects, Project)
"""

# A member of staff adding a project every 20-50 ms until the stop file appears.
WRITER = """
import os, random, time
from pathlib import Path
from projects.models import Level, Project, Sector, Stage

stop = Path(os.environ["STOP_FILE"])
sector = Sector.objects.order_by("pk").first()
saves = 0
while not stop.exists():
    Project.objects.create(code=f"W{saves:05d}", name=f"保存中的项目{saves}", sector=sector,
                           level=Level.GENERAL, stage=Stage.PREPARATION, is_published=True)
    saves += 1
    if saves == 1:
        print("saving", flush=True)
    time.sleep(random.uniform(0.02, 0.05))
print(saves, flush=True)
"""

COUNTS = """
import json, os
from django.apps import apps
labels = json.loads(os.environ["LABELS"])
print(json.dumps({label: apps.get_model(label).objects.count() for label in labels}))
"""


@pytest.fixture
def database_url(tmp_path, transactional_db):
    """A database other processes can use while this test runs, migrated and empty of plan data."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        manage(url, tmp_path, "migrate", "-v0")
        return url
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    return f"postgres://{settings['USER']}{password}@{host}/{settings['NAME']}"


def manage(url, tmp_path, *args, env=None, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(url, tmp_path, env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def environment(url, tmp_path, extra=None):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        **(extra or {}),
    }


def test_backup_taken_while_staff_save_restores(tmp_path, database_url):
    manage(database_url, tmp_path, "shell", "-v0", "-c", SEED)
    before = counts(database_url, tmp_path, ["projects.Project"])["projects.Project"]
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v0", "-c", WRITER],
        cwd=ROOT,
        env=environment(database_url, tmp_path, {"STOP_FILE": str(stop)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "saving", writer.stderr.read()
        archive = tmp_path / "backup.tar.gz"
        backup = manage(database_url, tmp_path, "backup", "--output", str(archive), check=False)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert backup.returncode == 0, backup.stdout + backup.stderr
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    saved = int(out.split()[-1])
    # The writer saved before the backup began and went on saving while it ran: the file holds
    # some of the saves, not all.
    assert before < manifest["counts"]["projects.Project"] < before + saved

    # Restore into the emptied database, as onto a new server.
    manage(database_url, tmp_path, "flush", "--noinput")
    restore = manage(database_url, tmp_path, "restore", str(archive), check=False)
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert counts(database_url, tmp_path, list(manifest["counts"])) == manifest["counts"]


def counts(url, tmp_path, labels):
    result = manage(url, tmp_path, "shell", "-v0", "-c", COUNTS, env={"LABELS": json.dumps(labels)})
    return json.loads(result.stdout)
