"""Download files built once per content version, kept on disk and served as files.

Building the XLSX of 10,000 projects takes seconds, and every request used to build its own:
ten at once took every worker and both cores. Now each file is built once for the content
version (and day, language and address it was asked under) into
``STATE_DIR/downloads/<day>-<version>/``, written to a temporary file and renamed into place,
and later requests get that file without touching the database.

Only one request builds a given file at a time (an exclusive ``flock`` on its lock file), and
only ``DOWNLOAD_BUILDS_AT_ONCE`` builds run at all (one slot lock each), so that downloads never
take more than that many workers from the pages. A request that finds the file being built or
every slot taken gets the file of an earlier version if there is one, saying so (its date in
the file name, ``Last-Modified``, ``X-Data-Version: previous``), or else a short 503 with
``Retry-After``. Locks held by a process are released by the system when it dies.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from portal.content_version import content_version

from .common import is_english

RETRY_AFTER = 10  # seconds: about the time the slowest file (projects.xlsx) takes to build
KEEP_FOLDERS = 3  # the current version's folder and the newest two before it
KEEP_FILES = 64  # per folder: filtered lists can ask for many files


def root() -> Path:
    return Path(settings.STATE_DIR) / "downloads"


def builds_at_once() -> int:
    return max(1, getattr(settings, "DOWNLOAD_BUILDS_AT_ONCE", 1))


def serve(
    request,
    *,
    variant: str,
    stem: str,
    fmt: str,
    content_type: str,
    build: Callable[[object], None],
    inline: bool = False,
) -> HttpResponse:
    """The file *build* writes (to the binary file it is given) for this version.

    *variant* names everything besides the version that the file's content depends on, such
    as the dataset, format and filter; the language and the address the request came under
    (links in the rows are absolute) are added here.
    """
    day = timezone.localdate()
    folder = root() / f"{day:%Y%m%d}-{content_version()}"
    address = request.build_absolute_uri(get_script_prefix())  # scheme, host, /care/
    lang = "en" if is_english() else "zh"
    digest = hashlib.sha256(f"{variant}|{lang}|{address}".encode()).hexdigest()[:20]
    name = f"{stem}-{lang}-{digest}.{fmt}"
    path = folder / name

    def respond(found: Path, *, current: bool) -> HttpResponse:
        made = _folder_day(found.parent)
        opened = found.open("rb")
        response = FileResponse(
            opened,
            content_type=content_type,
            as_attachment=not inline,
            filename=f"kulun-2026-{stem}-{lang}-{made:%Y%m%d}.{fmt}",
        )
        response["Last-Modified"] = http_date(os.fstat(opened.fileno()).st_mtime)
        response["X-Data-Version"] = "current" if current else "previous"
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    if path.exists():
        return respond(path, current=True)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / f"{name}.lock") as mine:
        if mine and path.exists():  # finished by another request while this one waited
            return respond(path, current=True)
        if mine:
            with _build_slot() as slot:
                if slot and _write(path, build):
                    _prune(keep=folder)
                    return respond(path, current=True)
    earlier = _previous(name, folder)
    if earlier is not None:
        return respond(earlier, current=False)
    return _being_built()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """Whether this process got the exclusive lock on *path*, held until the block ends."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            got = False
        else:
            got = True
        yield got
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def _build_slot() -> Iterator[bool]:
    root().mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        for number in range(builds_at_once()):
            if stack.enter_context(_locked(root() / f"build-slot-{number}.lock")):
                yield True
                return
        yield False


def _write(path: Path, build) -> bool:
    """Build into a temporary file beside *path*, then put it in place whole.

    False when the folder went meanwhile (pruned by a build for a newer version)."""
    try:
        scratch = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept on success, see finally)
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except FileNotFoundError:
        return False
    try:
        with scratch:
            build(scratch)
        try:
            os.replace(scratch.name, path)
        except FileNotFoundError:
            return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):  # gone once renamed into place
            os.unlink(scratch.name)


def _folder_day(folder: Path) -> datetime.date:
    return datetime.datetime.strptime(folder.name[:8], "%Y%m%d").date()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by a prune meanwhile
        return 0.0


def _previous(name: str, current: Path) -> Path | None:
    copies = [p for p in root().glob(f"*/{name}") if p.parent != current]
    return max(copies, key=_mtime, default=None)


def _prune(*, keep: Path) -> None:
    """Remove all but the newest version folders, and the oldest files of a crowded one."""
    folders = sorted(
        (p for p in root().iterdir() if p.is_dir() and p != keep),
        key=_mtime,
        reverse=True,
    )
    for old in folders[KEEP_FOLDERS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    files = sorted(
        (p for p in keep.iterdir() if not p.name.startswith(".") and not p.name.endswith(".lock")),
        key=_mtime,
        reverse=True,
    )
    for old in files[KEEP_FILES:]:
        old.unlink(missing_ok=True)


def _being_built() -> HttpResponse:
    if is_english():
        text = f"The file is being prepared. Please try again in about {RETRY_AFTER} seconds.\n"
    else:
        text = f"文件正在生成，请约 {RETRY_AFTER} 秒后再试。\n"
    response = HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
