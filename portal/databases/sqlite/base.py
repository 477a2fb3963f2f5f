"""SQLite whose reads give up on a lock quickly while write transactions wait longer.

The busy timeout from ``OPTIONS["timeout"]`` (settings.DB_LOCK_TIMEOUT) is what every statement
waits; ``BEGIN IMMEDIATE``, which takes the single write lock, waits DB_WRITE_LOCK_TIMEOUT.
See ``portal.databases`` for the whole rule.
"""

from django.conf import settings
from django.db.backends.sqlite3 import base

from portal import databases


class DatabaseWrapper(base.DatabaseWrapper):
    _configured_wait = 5.0
    _applied_wait = None
    _beginning = False

    def get_connection_params(self):
        params = super().get_connection_params()
        self._configured_wait = params.get("timeout", 5.0)
        # Connecting runs the init command (journal mode), which waits on a lock like a read.
        params["timeout"] = databases.lock_wait(self._configured_wait)
        self._applied_wait = params["timeout"]
        return params

    def create_cursor(self, name=None):
        if not self._beginning:
            self._set_busy_timeout(databases.lock_wait(self._configured_wait))
        return super().create_cursor(name)

    def _start_transaction_under_autocommit(self):
        self._set_busy_timeout(settings.DB_WRITE_LOCK_TIMEOUT)
        self._beginning = True
        try:
            super()._start_transaction_under_autocommit()
        finally:
            self._beginning = False

    def _set_busy_timeout(self, seconds: float) -> None:
        if seconds != self._applied_wait:
            self.connection.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")
            self._applied_wait = seconds
