"""With the database unreachable, downloads and unknown addresses also get the 503 page."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URLS = ["/data/projects.csv", "/en/data/reports.csv", "/nope/", "/en/nope/"]


def test_streamed_downloads_and_404s_answer_503_when_the_database_is_down():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(SERVER_NAME='localhost', raise_request_exception=False);"
        f"urls = {URLS!r};"
        "[print(u, c.get(u).status_code) for u in urls]"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unreachable",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert lines == [f"{url} 503" for url in URLS], result.stdout + result.stderr
