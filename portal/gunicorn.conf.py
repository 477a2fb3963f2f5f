"""gunicorn settings for the portal; `make run` and the benchmarks use this file."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# gunicorn's own rule of thumb; measured by bench/pages.py against fewer workers and threads.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Workers are recycled now and then against slow leaks; the app is loaded once in the master,
# so a fresh worker is forked ready instead of importing Django while requests wait.
max_requests = 20000
max_requests_jitter = 2000
preload_app = True
# Requests are logged as JSON lines by the portal itself (portal.logs); set this for both.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
