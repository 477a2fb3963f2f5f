"""Backups hold password hashes: private files, a checked archive, no restore over accounts."""

import io
import json
import os
import sqlite3
import stat
import tarfile

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.utils import ConnectionHandler

from portal import backup
from projects.services.plan import load_plan


@pytest.fixture
def shared_umask():
    """Files created the way a default server account creates them: readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_file_is_readable_by_its_owner_only(tmp_path, db, shared_umask):
    load_plan()
    archive = tmp_path / "backup.tar.gz"
    # An older backup under the same name, readable by everyone, is replaced, not reused.
    archive.write_bytes(b"old")
    archive.chmod(0o644)
    call_command("backup", "--output", str(archive))
    assert mode(archive) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["backup.tar.gz"]
    assert backup.verify_backup(archive)["counts"]["projects.Project"] > 0


def test_backup_refuses_its_file_when_it_disagrees_with_the_manifest(tmp_path, db, monkeypatch):
    load_plan()
    counted = backup._counts

    def counted_before_a_save(models):
        # What counting outside the dump's snapshot produced: one project fewer than dumped.
        counts = counted(models)
        counts["projects.Project"] -= 1
        return counts

    monkeypatch.setattr(backup, "_counts", counted_before_a_save)
    archive = tmp_path / "backup.tar.gz"
    with pytest.raises(CommandError) as refused:
        call_command("backup", "--output", str(archive))
    message = str(refused.value)
    assert "备份文件与清单不一致" in message
    assert "projects.project：清单" in message
    assert "备份未完成，请重新运行 backup" in message
    # No file that looks like a backup is left behind.
    assert list(tmp_path.iterdir()) == []


def test_verify_names_each_model_whose_count_differs(tmp_path, db):
    load_plan()
    archive = tmp_path / "backup.tar.gz"
    manifest = backup.create_backup(archive)
    manifest["counts"]["projects.Target"] += 2
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as copy:
        copy.addfile(source.getmember("data.json"), source.extractfile("data.json"))
        blob = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(blob)
        copy.addfile(info, io.BytesIO(blob))
    targets = manifest["counts"]["projects.Target"]
    with pytest.raises(backup.BackupError, match=f"projects.target：清单 {targets} 条，文件中"):
        backup.verify_backup(tampered)


def test_verify_refuses_a_file_that_is_not_a_backup(tmp_path):
    broken = tmp_path / "backup.tar.gz"
    broken.write_bytes(b"not a tar file")
    with pytest.raises(backup.BackupError, match="备份文件无法读回"):
        backup.verify_backup(broken)


def test_restore_refuses_a_database_that_has_accounts(tmp_path, db):
    User.objects.create_superuser("admin", "admin@example.com", "password-in-the-backup")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    # A new server where someone made the account again before restoring.
    admin = User.objects.get(username="admin")
    admin.set_password("password-set-on-the-new-server")
    admin.save()
    with pytest.raises(CommandError, match="数据库中已有 1 个用户账号") as refused:
        call_command("restore", str(archive))
    assert "不要先 createsuperuser" in str(refused.value)
    admin.refresh_from_db()
    assert admin.check_password("password-set-on-the-new-server")


def open_and_close_sqlite(path, django_db_blocker):
    """Connect to a database file of the test's own, as the portal connects to db.sqlite3."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
            }
        }
    )
    connection = handler["default"]
    with django_db_blocker.unblock():
        connection.ensure_connection()
        connection.close()


def test_sqlite_database_is_created_private(tmp_path, shared_umask, django_db_blocker):
    database = tmp_path / "db.sqlite3"
    open_and_close_sqlite(database, django_db_blocker)
    assert mode(database) == 0o600


def test_sqlite_database_open_to_all_is_made_private(tmp_path, shared_umask, django_db_blocker):
    database = tmp_path / "db.sqlite3"
    # A database left by an earlier version, with its WAL files open in another process.
    other = sqlite3.connect(database)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE t (x)")
    other.commit()
    files = [database, tmp_path / "db.sqlite3-wal", tmp_path / "db.sqlite3-shm"]
    assert [mode(path) for path in files] == [0o644] * 3
    open_and_close_sqlite(database, django_db_blocker)
    assert [mode(path) for path in files] == [0o600] * 3
    other.close()
