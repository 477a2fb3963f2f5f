"""The page cache's "content version": part of every cache key, moved on by every change.

It must be the same for every process that serves pages or changes data, or a change made in
one is invisible in another until the cached pages expire:

* With a shared cache (Redis), every app server and every command uses the same cache, and
  the version lives in it, under ``VERSION_KEY``: two app servers, or a cron job on a third
  host, see each other's changes at the next request.
* With a cache of each process's own (local memory, the default), it lives in a small file
  under ``STATE_DIR``, which every worker and command on the machine reads. Such a setup is
  one server only: another server would have a file, and pages, of its own.

News may be published ahead of time to appear at a set moment, which no save marks. The
version therefore also lists those moments, and moves on as each of them passes.

Reading it never touches the database (cached pages are served without one), except to make
the very first version.
"""

from __future__ import annotations

import bisect
import logging
import math
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

VERSION_KEY = "portal:content-version"
logger = logging.getLogger("portal.cache")

# Caches that live in one process (or on one machine's disk) are no place for a version every
# server must see.
LOCAL_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


def shared_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in LOCAL_BACKENDS


def _version_file() -> Path:
    return Path(settings.STATE_DIR) / "content-version"


# The last version read: the stored text parsed once per change, not once per request. For
# the file, with its identity then: a stat is much cheaper than a read, and every replacement
# of the file gives it a new inode and modification time.
_last_seen: dict = {"stamp": None, "version": "", "moments": []}


def content_version() -> str:
    if shared_cache():
        stored = cache.get(VERSION_KEY)
        if stored is None:
            # First use, or evicted: make one; if another process got there first, take its.
            made = _new_version()
            stored = made if cache.add(VERSION_KEY, made, None) else cache.get(VERSION_KEY, made)
        _remember(stored, stored)
    else:
        path = _version_file()
        try:
            info = os.stat(path)
        except FileNotFoundError:
            bump_content_version()
            info = os.stat(path)
        stamp = (str(path), info.st_ino, info.st_mtime_ns, info.st_size)
        if stamp != _last_seen["stamp"]:
            _remember(stamp, path.read_text())
    passed = bisect.bisect_right(_last_seen["moments"], time.time())
    return f"{_last_seen['version']}.{passed}"


def _remember(stamp, stored: str) -> None:
    if stamp == _last_seen["stamp"]:
        return
    version, _, moments = stored.partition("\n")
    _last_seen["version"] = version
    _last_seen["moments"] = sorted(int(m) for m in moments.split())
    _last_seen["stamp"] = stamp


def _scheduled_moments() -> list[int]:
    """When news already published ahead of time goes public: the version changes then."""
    # Imported here: the projects app imports this module while its models are being loaded.
    from projects.models import News

    try:
        # A savepoint, so that a failure cannot spoil the transaction of the save that called.
        with transaction.atomic():
            times = News.objects.filter(is_published=True, published_at__gt=timezone.now())
            # Rounded up: the version must not move before the news is really visible.
            return [math.ceil(t.timestamp()) for t in times.values_list("published_at", flat=True)]
    except DatabaseError:
        return []  # no database yet (first migrate) or down: the next save writes them


def _new_version() -> str:
    # Unique even for two bumps in the same clock tick, on two servers.
    version = f"{time.time_ns()}-{secrets.token_hex(4)}"
    return f"{version}\n{' '.join(str(m) for m in _scheduled_moments())}"


def bump_content_version(**_kwargs) -> str:
    """Make every cached public page stale, in every process. Safe from signals and services."""
    stored = _new_version()
    if shared_cache():
        cache.set(VERSION_KEY, stored, None)
    else:
        path = _version_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Replaced atomically, never half-written.
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        scratch.write_text(stored)
        os.replace(scratch, path)
    return stored.partition("\n")[0]


def bump_after_commit(using=None) -> None:
    """Make cached pages stale once the current transaction commits (at once outside one).

    Once per transaction however many rows it writes: the first call registers the bump and
    later ones see it waiting. Only after the commit, never before: a page rendered between an
    early bump and the commit would still read the old rows and be cached as the new version.
    """
    connection = transaction.get_connection(using)
    if connection.atomic_blocks and getattr(connection.atomic_blocks[0], "_from_testcase", False):
        # Inside a test case's transaction, which never commits: every request of the test
        # reads through this same connection and sees the change at once.
        try:
            bump_content_version()
        except Exception:
            logger.exception("page cache version not moved")
        return
    # Django keeps the waiting callbacks there and drops those of a savepoint rolled back, so
    # a bump registered inside a failed savepoint does not stop a later one from registering.
    if connection.in_atomic_block and any(
        func is bump_content_version for _sids, func, _robust in connection.run_on_commit
    ):
        return
    # Robust: the change is committed by then; a version that cannot be moved (STATE_DIR or
    # Redis unusable) is logged with its traceback rather than shown to staff as a failed save.
    transaction.on_commit(bump_content_version, using=using, robust=True)
