"""Backing up and restoring the whole portal: every record with its history, and uploaded files.

The data is written with Django's own serialiser, so one backup restores into SQLite or
PostgreSQL alike (moving from one to the other is a backup and a restore). For very large
databases the native tools are faster; the README names them.
"""

import datetime
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

# Rebuilt by migrate, or worthless after a restore (sessions, login-throttle state).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"


class RestoreError(Exception):
    pass


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("projects").get_models()
    }


def create_backup(output: Path) -> dict:
    """Write a .tar.gz holding data.json, the media files and a manifest; return the manifest."""
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": connection.vendor,
        "counts": _counts(),
    }
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / DATA_NAME
        call_command(
            "dumpdata",
            *[arg for app in EXCLUDED for arg in ("--exclude", app)],
            natural_foreign=True,
            natural_primary=True,
            output=str(data),
            verbosity=0,
        )
        with tarfile.open(output, "w:gz") as archive:
            archive.add(data, arcname=DATA_NAME)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
            blob = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(blob)
            archive.addfile(info, io.BytesIO(blob))
    return manifest


def restore_backup(source: Path) -> dict:
    """Load a backup into an empty, migrated database; refuse if plan data is already there."""
    if any(_counts().values()):
        raise RestoreError("数据库中已有数据。恢复只能在空数据库（仅执行过 migrate）中进行。")
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise RestoreError(f"无法读取备份文件：{error}") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        names = archive.getnames()
        if DATA_NAME not in names or MANIFEST_NAME not in names:
            raise RestoreError("这不是本系统生成的备份文件（缺少 data.json 或 manifest.json）。")
        archive.extractall(scratch, filter="data")
        manifest = json.loads((Path(scratch) / MANIFEST_NAME).read_text())
        with transaction.atomic():
            call_command("loaddata", str(Path(scratch) / DATA_NAME), verbosity=0)
            if _counts() != manifest["counts"]:
                raise RestoreError("恢复后的记录数与备份清单不一致，已撤销。")
        media = Path(scratch) / "media"
        if media.is_dir():
            target = Path(settings.MEDIA_ROOT)
            for path in media.rglob("*"):
                if path.is_file():
                    dest = target / path.relative_to(media)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(path.read_bytes())
    return manifest
