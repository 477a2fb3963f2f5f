"""What every public view shares: the language pick, the publication rule, draft previews."""

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

STALE_AFTER_DAYS = 30
PAGE_SIZE = 20


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def pick(zh: str, en: str) -> str:
    """Interface text kept in both languages side by side (status labels, data dictionary)."""
    return en if is_english() and en else zh


def published_or_preview(request, queryset, **lookup):
    """The published record, or a draft for staff (preview=True); anyone else gets 404.

    The session is only looked at when the record is not published, so published pages never
    touch it and stay free of cookies and ``Vary: Cookie``.
    """
    obj = queryset.published().filter(**lookup).first()
    if obj is not None:
        return obj, False
    if request.user.is_staff:
        obj = queryset.filter(**lookup).first()
        if obj is not None:
            return obj, True
    raise Http404


def mark_preview(response, preview: bool):
    """A staff preview of a draft must never be stored by a cache or indexed."""
    if preview:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response
