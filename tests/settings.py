"""Test settings: the real settings with a test key, plain static storage and a fast hasher."""

import os
import tempfile

# A state folder of the test run's own (inherited by the commands tests start), so that pages
# cached here are not invalidated by another checkout's tests or server, and the reverse.
if not os.environ.get("STATE_DIR"):
    os.environ["STATE_DIR"] = tempfile.mkdtemp(prefix="kulun-test-state-")
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
