"""What visitors get when the database is down or locked: a plain 503 page, never a traceback."""

import logging

from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from portal import databases
from projects.views.common import is_english

logger = logging.getLogger("portal.failures")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request, error: DatabaseError) -> HttpResponse:
    """Log the failure once and answer with the 503 page."""
    logger.error(
        "database unavailable",
        extra={"path": request.path, "error": f"{type(error).__name__}: {error}"},
    )
    if isinstance(error, OperationalError):
        # Locked, too slow or unreachable, rather than a fault of this one query.
        databases.note_unavailable()
    return unavailable_response()


def unavailable_response() -> HttpResponse:
    # Rendered without the request, so no context processor touches the database again.
    body = render_to_string("503.html", {"english": is_english()})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
