"""Server time to render each public page without the page cache, in this process.

    .venv/bin/python tests/bench/render.py DATABASE_URL

(tests/bench/pages.py runs it on its scratch data.)

Prints the median and worst of 20 renders per page, with the number of SQL queries and the
size of the HTML.
"""

import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    pages = ["/", "/targets/", "/targets/T16/", "/targets/T01/", "/projects/",
             "/projects/?stage=continuing&sort=-investment", "/projects/SAMPLE-000001/",
             "/projects/map/", "/projects/map/?stage=new_start&township=库伦镇",
             "/news/", "/data/", "/disclosure/",
             "/disclosure/?completeness=incomplete&late=1", "/search/?q=风电项目"]  # fmt: skip
    print("| page | median ms | worst ms | queries | KB |")
    print("|---|---:|---:|---:|---:|")
    for page in pages:
        timings = []
        for _ in range(20):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(page)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (page, response.status_code)
        print(
            f"| {page} | {statistics.median(timings):.1f} | {max(timings):.1f} "
            f"| {len(queries.captured_queries)} | {len(response.content) / 1024:.1f} |"
        )


if __name__ == "__main__":
    main()
