"""gunicorn settings for the portal; `make run` and the benchmarks use this file."""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    # Blank counts as unset, as for the portal's own settings (portal.env).
    return (os.environ.get(name) or "").strip() or default


bind = f"{_env('HOST', '127.0.0.1')}:{_env('PORT', '8000')}"
# gunicorn's own rule of thumb; measured by bench/pages.py against fewer workers and threads.
workers = int(_env("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count() + 1)))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Workers are recycled now and then against slow leaks; the app is loaded once in the master,
# so a fresh worker is forked ready instead of importing Django while requests wait.
max_requests = 20000
max_requests_jitter = 2000
preload_app = True
# Requests are logged as JSON lines by the portal itself (portal.logs); set this for both.
accesslog = _env("GUNICORN_ACCESS_LOG", "") or None
errorlog = "-"
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1")
