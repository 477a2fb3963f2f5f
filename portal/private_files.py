"""The SQLite database holds password hashes: keep its files readable by their owner only."""

import logging
import stat
from pathlib import Path

from django.db.backends.signals import connection_created
from django.dispatch import receiver

logger = logging.getLogger(__name__)


@receiver(connection_created, dispatch_uid="portal-private-sqlite-files")
def keep_sqlite_files_private(sender, connection, **kwargs):
    """Take group and other access off the database file and its WAL files.

    SQLite creates the -wal and -shm files with the database file's mode, so once that file
    is private they are too; the ones already there are fixed here as well.
    """
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    database = Path(connection.settings_dict["NAME"])
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                path.chmod(mode & 0o700)
        except FileNotFoundError:
            continue
        except OSError as error:
            logger.warning("无法把数据库文件 %s 设为仅所有者可读：%s", path, error)
