"""Addresses carrying a NUL character are refused before any view sees them.

PostgreSQL cannot store or compare text holding NUL, so ``?q=%00`` would otherwise reach the
database as an error that looks like an outage. No real link contains one.
"""

from django.http import HttpResponseBadRequest

from projects.views.common import is_english

MESSAGE_ZH = "网址中含有无效字符（空字符），请检查后重试。"
MESSAGE_EN = "The address contains an invalid character (NUL). Please check it and try again."


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(
                MESSAGE_EN if is_english() else MESSAGE_ZH,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
