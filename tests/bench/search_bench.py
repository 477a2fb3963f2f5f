"""Server time of the site search with 10,000 projects, and the time to build its index.

    .venv/bin/python tests/bench/search_bench.py [DATABASE_URL]

Fills the database (default: a scratch SQLite file) with the plan and 10,000 sample projects
(``generate_sample``), then prints the time to rebuild the whole index (median of 3) with its
size, the time to bring the index in step after a single project save and after renaming a
sector, and the median and worst of 20 renders of the search page (without the page cache)
for several queries, with their SQL queries and what they found.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "风电项目",  # extra words: 风电 in the names, 项目 anywhere
    "新能源",  # a category
    "肉 牛",  # single characters, no index
    "示例项目",  # in every sample project's name
    "库伦镇 风电",  # two words
    "中安信肉牛屠宰加工产业园二期",  # a whole name, cut into parts
    "SAMPLE-004321",  # a code
    "wind power",  # English
    "火星基地",  # nothing
]
PAGES = [
    "/search/?" + urlencode({"q": "项目", "kind": "project", "page": 200}),
    "/projects/",  # for comparison: the list without a text filter
    "/projects/?" + urlencode({"q": "风电项目"}),
]


def timed(label, call, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
    return label, statistics.median(timings), max(timings), result


def main() -> None:
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix="kulun-search-bench-")
    os.environ["DATABASE_URL"] = (
        sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{scratch}/db.sqlite3"
    )
    os.environ.setdefault("STATE_DIR", f"{scratch}/var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from projects.management.commands.generate_sample import create_samples
    from projects.models import Project, SearchEntry, SearchGram
    from projects.search import index
    from projects.services.plan import load_plan

    setup_test_environment()  # the test client's ALLOWED_HOSTS
    call_command("migrate", verbosity=0)
    if not Project.objects.samples().exists():
        load_plan()
        started = time.perf_counter()
        create_samples(projects=10_000, reports=0, seed=2026)
        print(f"generate_sample --projects 10000: {time.perf_counter() - started:.1f} s")
    print(f"{connection.vendor}, {Project.objects.count()} projects\n")

    def rebuild():
        with transaction.atomic():
            return index.rebuild()

    _, median, worst, counts = timed("rebuild", rebuild, 3)
    print(f"rebuild_search_index: median {median / 1000:.2f} s, worst {worst / 1000:.2f} s; "
          f"{SearchEntry.objects.count()} entries, {SearchGram.objects.count()} bigrams "
          f"({counts})")  # fmt: skip
    if connection.vendor == "postgresql":
        # The rows the rebuilds replaced are still in the tables' files until vacuumed: the
        # timings below are of an index as one build leaves it, not of one four times its size.
        with connection.cursor() as cursor:
            for table in (SearchEntry._meta.db_table, SearchGram._meta.db_table):
                cursor.execute(f"VACUUM FULL ANALYZE {connection.ops.quote_name(table)}")
    project = Project.objects.get(code="SAMPLE-000001")
    _, median, _, _ = timed("save", lambda: project.save(), 10)
    print(f"one project saved as the admin does (its entry checked): median {median:.1f} ms")
    sector = project.sector
    users = Project.objects.filter(sector=sector).count()

    def rename():
        sector.name = f"{sector.name.rstrip('甲')}甲"
        sector.save()

    _, median, _, _ = timed("rename", rename, 3)
    print(f"sector renamed ({users} projects re-indexed): median {median:.0f} ms\n")
    sector.name = sector.name.rstrip("甲")
    sector.save()

    client = Client()

    def get(url):
        def call():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response, len(queries.captured_queries)

        return call

    print("| page | median ms | worst ms | queries | found |")
    print("|---|---:|---:|---:|---|")
    urls = ["/search/?" + urlencode({"q": q}) for q in QUERIES] + PAGES
    for url in urls:
        label, median, worst, (response, queries) = timed(unquote(url), get(url), 20)
        page = response.content.decode()
        found = ", ".join(re.findall(r'<h2 id="found-\w+">([^<]+)</h2>', page))
        if url.startswith("/projects/"):
            found = re.search(r"找到 \d+ 个项目", page).group(0)
        print(f"| {label} | {median:.1f} | {worst:.1f} | {queries} | {found or '—'} |")


if __name__ == "__main__":
    main()
