from django.conf import settings
from django.utils import translation


class AdminLanguageMiddleware:
    """Serve the admin in Chinese whatever the browser asks for.

    The admin lives outside the language-prefixed public URLs, so LocaleMiddleware would pick
    its language from Accept-Language; staff work in Chinese, and help texts and messages are
    written in Chinese, so the admin's own words should be too.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
