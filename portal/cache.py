"""Whole-page caching of anonymous public pages, emptied by any change to the plan's data.

Every public page is built from the same few tables, so instead of tracking which page shows
which record, one "content version" is part of every cache key and is moved on whenever plan
data changes: by a signal for ordinary saves and deletes of the plan's own records (admin,
shell; not their history rows), once per transaction when it commits, and by an explicit
``bump_content_version()`` from code that writes in bulk (imports, sample data), since bulk
writes send no signals. Old entries are never read again and simply expire.

The version lives in a small file under ``STATE_DIR``, not in the cache: with the default
local-memory cache every gunicorn worker and every management command has a cache of its own,
and a change made in one process must reach all of them on the next request.

News may be published ahead of time to appear at a set moment, which no save marks. The file
therefore also lists those moments, and the version moves on as each of them passes.
"""

import bisect
import hashlib
import math
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import get_language

from portal.query_params import reduce_to_understood

PAGE_TIMEOUT = 600  # seconds; "as of today" pages also change key at midnight (see below)


def _version_file() -> Path:
    return Path(settings.STATE_DIR) / "content-version"


# The last version read, with the file's identity then: a stat is much cheaper than a read,
# and every replacement of the file gives it a new inode and modification time.
_last_seen: dict = {"stamp": None, "version": "", "moments": []}


def content_version() -> str:
    path = _version_file()
    try:
        info = os.stat(path)
    except FileNotFoundError:
        bump_content_version()
        info = os.stat(path)
    stamp = (str(path), info.st_ino, info.st_mtime_ns, info.st_size)
    if stamp != _last_seen["stamp"]:
        version, _, moments = path.read_text().partition("\n")
        _last_seen["version"] = version
        _last_seen["moments"] = sorted(int(m) for m in moments.split())
        _last_seen["stamp"] = stamp
    passed = bisect.bisect_right(_last_seen["moments"], time.time())
    return f"{_last_seen['version']}.{passed}"


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


def bump_content_version(**_kwargs) -> str:
    """Make every cached public page stale, in every process. Safe from signals and services."""
    path = _version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Unique even for two bumps in the same clock tick; replaced atomically, never half-written.
    version = f"{time.time_ns()}-{secrets.token_hex(4)}"
    moments = " ".join(str(m) for m in _scheduled_moments())
    scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    scratch.write_text(f"{version}\n{moments}")
    os.replace(scratch, path)
    return version


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
        bump_content_version()
        return
    # Django keeps the waiting callbacks there and drops those of a savepoint rolled back, so
    # a bump registered inside a failed savepoint does not stop a later one from registering.
    if connection.in_atomic_block and any(
        func is bump_content_version for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump_content_version, using=using)


def _cache_key(request) -> str:
    """What the page depends on: content, day, language, address with its scheme and the query
    the view understands (``request.GET`` once reduced to it)."""
    raw = "|".join(
        [
            content_version(),
            str(timezone.localdate()),
            get_language() or "",
            (request.method == "HEAD" and "GET") or request.method,
            request.scheme,
            request.get_host(),
            request.path,
            request.GET.urlencode(),
        ]
    )
    return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache.

    Only responses that set no cookie and are plain 200s are stored, so a staff preview of a
    draft (which needs a login) or an error page is never shared with visitors. The view sees
    only the query parameters it understands (``portal.query_params``), so junk parameters
    make no new entry. OPTIONS and TRACE get 405 everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def _cacheable_request(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(self.admin_prefix):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False  # possibly staff: may see previews; never served from or into the cache
        return not request.path_info.startswith(settings.STATIC_URL)

    def __call__(self, request):
        if request.method in ("OPTIONS", "TRACE"):
            # Nothing here answers them; without this they got the whole page, uncached.
            admin = request.path_info.startswith(self.admin_prefix)
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"] if admin else ["GET", "HEAD"])
        if not self._cacheable_request(request):
            return self.get_response(request)
        reduce_to_understood(request)
        key = _cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not response.has_header("Cache-Control")
            and getattr(response, "public_cacheable", True)
        ):
            # Browsers keep the page but ask again each time; the ETag turns that into a 304.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            set_response_etag(response)
            cache.set(key, response, PAGE_TIMEOUT)
            response["X-Cache"] = "miss"
        return response
