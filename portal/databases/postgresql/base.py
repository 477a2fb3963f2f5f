"""PostgreSQL whose reads give up on a lock quickly while write transactions wait longer.

Every connection starts with lock_timeout DB_LOCK_TIMEOUT and statement_timeout
DB_STATEMENT_TIMEOUT (set in settings as connection options); a transaction raises its own
lock_timeout to DB_WRITE_LOCK_TIMEOUT, and a statement outside a transaction lowers the
session's while ``portal.databases`` says to be quick. See there for the whole rule.
"""

from django.conf import settings
from django.db.backends.postgresql import base

from portal import databases


class DatabaseWrapper(base.DatabaseWrapper):
    # (lock_timeout, statement_timeout) in ms set on the session; None: as the connection began.
    _applied = (None, None)

    def init_connection_state(self):
        self._applied = (None, None)
        super().init_connection_state()

    def _set_autocommit(self, autocommit):
        super()._set_autocommit(autocommit)
        if not autocommit:
            # The first statement opens the transaction; SET LOCAL lasts until it ends.
            wait = round(settings.DB_WRITE_LOCK_TIMEOUT * 1000)
            with self.wrap_database_errors:
                self.connection.execute(f"SET LOCAL lock_timeout = {wait}")

    def create_cursor(self, name=None):
        if self.autocommit:
            self._apply_waits()
        return super().create_cursor(name)

    def _apply_waits(self) -> None:
        configured = settings.DB_LOCK_TIMEOUT
        wait = databases.lock_wait(configured)
        cap = databases.statement_cap()
        wanted = (
            None if wait == configured else round(wait * 1000),
            None if cap is None else round(cap * 1000),
        )
        if wanted == self._applied:
            return
        for name, value in zip(("lock_timeout", "statement_timeout"), wanted, strict=True):
            sql = f"RESET {name}" if value is None else f"SET {name} = {value}"
            self.connection.execute(sql)
        self._applied = wanted
