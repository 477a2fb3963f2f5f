"""Backing up and restoring the whole portal: every record with its history, and uploaded files.

The data is written with Django's own serialiser, so one backup restores into SQLite or
PostgreSQL alike (moving from one to the other is a backup and a restore). For very large
databases the native tools are faster; the README names them.
"""

import contextlib
import datetime
import json
import os
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, router, transaction

from projects.search import index as search_index

# Rebuilt by migrate, or worthless after a restore (sessions, login-throttle state), or
# derived from the rest and rebuilt by the restore (the search index).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "projects.searchentry",
            "projects.searchgram"]  # fmt: skip
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    pass


class RestoreError(Exception):
    pass


def _dumped_models():
    """The models dumpdata writes when told EXCLUDED, so the manifest counts what the file holds."""
    excluded = set(EXCLUDED)
    return [
        model
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in excluded
        for model in config.get_models()
        if model._meta.label_lower not in excluded
        and not model._meta.proxy
        and router.allow_migrate_model(connection.alias, model)
    ]


def _counts(models) -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in models}


def _plan_counts() -> dict[str, int]:
    return _counts(apps.get_app_config("projects").get_models())


@contextlib.contextmanager
def read_snapshot():
    """One read transaction on the default connection, so that every query in it sees the same
    rows (a backup's counts and dump, the ledger check's entries and records)."""
    if connection.vendor == "sqlite":
        # A deferred BEGIN only reads: WAL gives it a snapshot while staff keep saving. The
        # configured IMMEDIATE mode would hold the write lock for the whole backup instead.
        # Connecting first: connecting sets the mode from the settings again.
        connection.ensure_connection()
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode
        return
    # Inside a caller's transaction (a test's) the isolation level can no longer be chosen.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # READ COMMITTED takes a new snapshot per statement; a save between the counts and
            # the dump (or between two tables of the dump) would make the file disagree.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _dump(scratch: Path) -> dict:
    """Write data.json into scratch and return the manifest counted in the same snapshot."""
    with read_snapshot():
        created = datetime.datetime.now(datetime.UTC)
        counts = _counts(_dumped_models())
        call_command(
            "dumpdata",
            *[arg for app in EXCLUDED for arg in ("--exclude", app)],
            natural_foreign=True,
            natural_primary=True,
            output=str(scratch / DATA_NAME),
            verbosity=0,
        )
    return {
        "created": created.isoformat(),
        "database": connection.vendor,
        "counts": counts,
    }


def create_backup(output: Path) -> dict:
    """Write a .tar.gz holding data.json, the media files and a manifest; return the manifest.

    The file holds password hashes, so it is created readable by its owner only. It is written
    under a temporary name and only takes its own name once it has been read back and found
    complete: a backup that fails never leaves a file that looks like one.
    """
    output = Path(output)
    # mkstemp creates the file 0600 before any data is in it, whatever the umask.
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(handle, "wb") as raw, tempfile.TemporaryDirectory() as scratch:
            manifest = _dump(Path(scratch))
            with tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(Path(scratch) / DATA_NAME, arcname=DATA_NAME)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    archive.add(media, arcname="media")
                manifest_file = Path(scratch) / MANIFEST_NAME
                manifest_file.write_text(
                    json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
                )
                archive.add(manifest_file, arcname=MANIFEST_NAME)
            # On disk before it is reported as done, not only in the page cache.
            raw.flush()
            os.fsync(raw.fileno())
        verify_backup(Path(partial))
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


def verify_backup(path: Path) -> dict:
    """Read a backup back and check data.json holds, model by model, what the manifest counts."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile(MANIFEST_NAME))
            objects = json.load(archive.extractfile(DATA_NAME))
        expected = {label.lower(): n for label, n in manifest["counts"].items() if n}
        found = Counter(item["model"] for item in objects)
    except (OSError, tarfile.TarError, KeyError, TypeError, ValueError) as error:
        raise BackupError(f"备份文件无法读回（{error}），备份未完成，请重新运行 backup。") from None
    differences = [
        f"{label}：清单 {expected.get(label, 0)} 条，文件中 {found.get(label, 0)} 条"
        for label in sorted(set(expected) | set(found))
        if expected.get(label, 0) != found.get(label, 0)
    ]
    if differences:
        listed = "；".join(differences)
        raise BackupError(f"备份文件与清单不一致（{listed}），备份未完成，请重新运行 backup。")
    return manifest


def restore_backup(source: Path) -> dict:
    """Load a backup into an empty, migrated database; refuse if plan data or accounts are there."""
    if any(_plan_counts().values()):
        raise RestoreError("数据库中已有数据。恢复只能在空数据库（仅执行过 migrate）中进行。")
    users = get_user_model()._default_manager.count()
    if users:
        raise RestoreError(
            f"数据库中已有 {users} 个用户账号，恢复会覆盖同名账号的密码和权限。"
            "请在新建的空数据库中只运行 migrate 后再恢复（不要先 createsuperuser，"
            "备份中的账号会一并恢复）。"
        )
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise RestoreError(f"无法读取备份文件：{error}") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        names = archive.getnames()
        if DATA_NAME not in names or MANIFEST_NAME not in names:
            raise RestoreError("这不是本系统生成的备份文件（缺少 data.json 或 manifest.json）。")
        archive.extractall(scratch, filter="data")
        manifest = json.loads((Path(scratch) / MANIFEST_NAME).read_text(encoding="utf-8"))
        with transaction.atomic():
            call_command("loaddata", str(Path(scratch) / DATA_NAME), verbosity=0)
            # Older backups count the plan's models only; newer ones every model they hold.
            restored = _counts(apps.get_model(label) for label in manifest["counts"])
            if restored != manifest["counts"]:
                raise RestoreError("恢复后的记录数与备份清单不一致，已撤销。")
            search_index.rebuild()  # loaddata's raw saves leave it to this
        media = Path(scratch) / "media"
        if media.is_dir():
            target = Path(settings.MEDIA_ROOT)
            for path in media.rglob("*"):
                if path.is_file():
                    dest = target / path.relative_to(media)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(path.read_bytes())
    return manifest
