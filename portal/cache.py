"""Whole-page caching of anonymous public pages, emptied by any change to the plan's data.

Every public page is built from the same few tables, so instead of tracking which page shows
which record, one "content version" is part of every cache key and is moved on whenever plan
data changes: by a signal for ordinary saves and deletes of the plan's own records (admin,
shell; not their history rows), once per transaction when it commits, and by an explicit
``bump_content_version()`` from code that writes in bulk (imports, sample data), since bulk
writes send no signals. Old entries are never read again and simply expire.

Where the version lives, so that every process and every server sees the same one, is
``portal.content_version``'s business.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import get_language
from redis.exceptions import RedisError

from portal.content_version import bump_after_commit, bump_content_version, content_version
from portal.query_params import reduce_to_understood

logger = logging.getLogger("portal.cache")

# Imported from here by the code that writes in bulk, and by the app's signal handler.
__all__ = [
    "PublicPageCacheMiddleware",
    "bump_after_commit",
    "bump_content_version",
    "content_version",
]

PAGE_TIMEOUT = 600  # seconds; "as of today" pages also change key at midnight (see below)


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
        if request.path_info == "/healthz":
            return False  # answers for itself, in JSON, even when the cache cannot be used
        return not request.path_info.startswith(settings.STATIC_URL)

    def __call__(self, request):
        if request.method in ("OPTIONS", "TRACE"):
            # Nothing here answers them; without this they got the whole page, uncached.
            admin = request.path_info.startswith(self.admin_prefix)
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"] if admin else ["GET", "HEAD"])
        if not self._cacheable_request(request):
            return self.get_response(request)
        reduce_to_understood(request)
        try:
            key = _cache_key(request)
            cached = cache.get(key)
        except RedisError as error:
            # The cache is down: pages are built for each visitor until it is back.
            logger.warning("page cache unavailable", extra={"error": repr(error)})
            return self.get_response(request)
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
            try:
                cache.set(key, response, PAGE_TIMEOUT)
            except RedisError as error:
                logger.warning("page cache unavailable", extra={"error": repr(error)})
            response["X-Cache"] = "miss"
        return response
