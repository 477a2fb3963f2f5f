"""Uploads too large for an import, refused before their body is read.

Django reads a whole multipart body (to disk beyond 2.5 MB) before a view can look at the file,
and the CSRF check reads it too. The import view is therefore exempted from the automatic check,
compares the size the browser declares with the limit first, and only then reads the body,
under the same CSRF protection.
"""

from django.views.decorators.csrf import csrf_exempt, csrf_protect

# The form's other fields and the multipart boundaries around the file.
OVERHEAD = 64 * 1024


def declared_size(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def size_limited(view, limit, refuse):
    """*view*, answered by ``refuse(request, size)`` when a POST declares more than ``limit()``
    bytes (plus the form's overhead), before any of the body is read."""
    protected = csrf_protect(view)

    @csrf_exempt
    def limited(request, *args, **kwargs):
        size = declared_size(request)
        if request.method == "POST" and size > limit() + OVERHEAD:
            return refuse(request, size)
        return protected(request, *args, **kwargs)

    return limited
