"""What visitors get when the site cannot reach its data: a plain 503 page, never a traceback.

Two troubles are the server's and pass: the database down, locked or too slow (a
DatabaseError), and the folder of the site's own state (STATE_DIR) unusable, say not writable or
a file (an OSError). A view's error is answered by the middleware below; one raised in a
middleware (the page cache reads its version from STATE_DIR before any view runs) reaches
Django's 500 handler, which answers with the same page (``portal.views.server_error``).
"""

import logging

from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from redis.exceptions import RedisError

from portal import databases
from projects.views.common import is_english

logger = logging.getLogger("portal.failures")
# The cache server down (Redis) is a third: a page that needs it cannot be answered either.
UNAVAILABLE = (DatabaseError, OSError, RedisError)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request, error: Exception) -> HttpResponse:
    """Log the failure once and answer with the 503 page."""
    what = "database unavailable" if isinstance(error, DatabaseError) else "storage unavailable"
    logger.error(what, extra={"path": request.path, "error": f"{type(error).__name__}: {error}"})
    return unavailable_response(error)


def unavailable_response(error: Exception | None = None) -> HttpResponse:
    if isinstance(error, OperationalError):
        # Locked, too slow or unreachable, rather than a fault of this one query.
        databases.note_unavailable()
    # Rendered without the request, so no context processor touches the database again.
    body = render_to_string("503.html", {"english": is_english()})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
