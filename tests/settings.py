"""Test settings: the real settings with a test key, plain static storage and a fast hasher."""

import os

if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = "tests-only-not-secret"

from portal.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files come from the app folders in tests; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
