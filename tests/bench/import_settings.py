"""Settings for ``tests/bench/import_bench.py``: the real settings on a scratch SQLite database.

The benchmark sets ``BENCH_DATABASE`` to a file in a temporary directory before Django starts.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

from portal.settings import *  # noqa: F403

# The same SQLite options as production (portal/settings.py), on a scratch file.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_DATABASE"],
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        },
    }
}
# The admin pages are rendered without collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ALLOWED_HOSTS = ["testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMPORT_PENDING_DIR = os.path.join(os.path.dirname(os.environ["BENCH_DATABASE"]), "pending")
LOGGING["root"]["level"] = "WARNING"  # noqa: F405 - no line per request in the figures
