"""Database backends that keep a locked or stuck database from hanging the site.

They are Django's SQLite and PostgreSQL backends with one rule about waiting for locks:

- A statement waits at most ``DB_LOCK_TIMEOUT`` seconds for another connection's lock (SQLite's
  busy timeout, PostgreSQL's lock_timeout); the visitor then gets the 503 page instead of a
  worker tied up for the rest of the lock.
- A write transaction (an admin save, an import, a command) waits up to
  ``DB_WRITE_LOCK_TIMEOUT`` for the writer ahead of it: saving should not fail because an
  import is finishing.
- After a lock or connection failure, this process waits only ``QUICK_WAIT`` for a lock for the
  next ``IMPATIENT_FOR`` seconds. Otherwise every visitor queued behind a locked database would
  hold a worker for the full timeout in turn, and forty visitors would wait half a minute. Each
  request still tries, so the pages come back as soon as the lock is gone.
- ``waiting_at_most()`` lowers the wait further for one block of code (the health check).
"""

import contextlib
import contextvars
import time

IMPATIENT_FOR = 10.0
QUICK_WAIT = 0.1

_impatient_until = 0.0
_cap: contextvars.ContextVar[float | None] = contextvars.ContextVar("wait_cap", default=None)


def note_unavailable() -> None:
    """The database just failed to answer: do not wait long for it for a while."""
    global _impatient_until
    _impatient_until = time.monotonic() + IMPATIENT_FOR


def lock_wait(configured: float) -> float:
    """How long a statement issued now may wait for a lock, in seconds."""
    wait = configured
    if time.monotonic() < _impatient_until:
        wait = min(wait, QUICK_WAIT)
    cap = _cap.get()
    return wait if cap is None else min(wait, cap)


def statement_cap() -> float | None:
    """The longest a statement issued now may run, when ``waiting_at_most`` says so."""
    return _cap.get()


@contextlib.contextmanager
def waiting_at_most(seconds: float):
    token = _cap.set(seconds)
    try:
        yield
    finally:
        _cap.reset(token)
