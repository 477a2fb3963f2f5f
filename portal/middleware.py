"""Site-wide middleware: the care mode of every page, and HEAD answers without a body.

The elder-friendly "关怀版" (care mode) of every public page is at the prefix /care/.

Chinese government sites conventionally offer their large-text version at its own address,
and an address is the only state that survives navigation without JavaScript or cookies. This
middleware strips ``/care`` from the path before URL resolution and makes it the script prefix
for the rest of the request, so every ``{% url %}`` and ``reverse()`` on the page points back
into care mode by itself, and each URL still has exactly one representation (cacheable, no
``Vary: Cookie``). Templates get ``request.care_mode`` to add a class on ``<html>``; the large,
high-contrast styles are in the same stylesheet under ``.care``.
"""

from django.conf import settings
from django.urls import get_script_prefix, set_script_prefix

CARE_PREFIX = "/care"


class CareModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # STATIC_URL is relative, so Django prefixes it with the script prefix on first access
        # and caches the result. Read it now, outside any request, so static files keep their
        # one address and are never asked for under /care/.
        settings.STATIC_URL  # noqa: B018

    def __call__(self, request):
        path = request.path_info
        request.care_mode = path == CARE_PREFIX or path.startswith(CARE_PREFIX + "/")
        request.base_prefix = get_script_prefix()
        if not request.care_mode:
            return self.get_response(request)
        request.path_info = path[len(CARE_PREFIX) :] or "/"
        set_script_prefix(request.base_prefix + CARE_PREFIX.strip("/") + "/")
        try:
            return self.get_response(request)
        finally:
            # The prefix lives in a thread-local; put it back so nothing after this request
            # (the next request on the thread, a test calling reverse()) inherits care mode.
            set_script_prefix(request.base_prefix)


class HeadWithoutBodyMiddleware:
    """A HEAD request gets the headers a GET would, Content-Length included, and no body.

    Views answer HEAD as they answer GET and Django's WSGI handler passes the body on; gunicorn
    drops it, but logs a warning for every HEAD request, and monitors send one a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response
