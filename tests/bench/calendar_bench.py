"""Server time of the reporting calendar's pages with 10,000 projects and 50,000 reports.

    .venv/bin/python tests/bench/calendar_bench.py [DATABASE_URL]

Fills the database (default: a scratch SQLite file) with the plan, 10,000 sample projects in
30 units and 50,000 reports, every sample project entered on 1 January so that each owes
reports from the month it started (the heaviest case), then prints the median and worst of
10 renders of the admin home (a member of one unit, and of all 30), the table by unit, the
project list filtered 报送逾期 (its overdue projects worked out afresh, as after any change to
the data, and kept from an earlier visit), the public page without its cache and a dry run
of send_reminders, with the number of SQL queries of each.

Each sample project also gets three more disclosure items (30,000, made in bulk), formed over the
year before the bench's today, one in ten still unpublished, so that the admin home's
信息公开时限 section and the disclosure list with its 公开时限 filters are measured with many.
"""

import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_data() -> None:
    from django.contrib.auth.models import User

    from projects.management.commands.generate_sample import create_samples
    from projects.models import Project, Target, Unit, UnitMembership
    from projects.services.plan import load_plan

    load_plan()
    create_samples(projects=10_000, reports=50_000, seed=2026)
    january = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Project.objects.samples().update(created_at=january)  # synthetic rows: no history to keep
    units = list(Unit.objects.order_by("pk"))
    for n, target in enumerate(Target.objects.order_by("code")):
        Target.objects.filter(pk=target.pk).update(
            responsible_unit=units[n % len(units)], created_at=january
        )
    one = User.objects.create_superuser("one", "one@example.gov.cn", "pw-bench-only")
    UnitMembership.objects.create(unit=units[0], user=one)
    every = User.objects.create_superuser("every", "every@example.gov.cn", "pw-bench-only")
    UnitMembership.objects.bulk_create(UnitMembership(unit=u, user=every) for u in units)


def setup_disclosure() -> None:
    import random

    from django.utils import timezone

    from projects.models import DisclosureItem, Project

    rng = random.Random(94)
    today = timezone.localdate()
    matters = [("construction_permit", 2), ("filing", 2), ("eia", 2)]
    items = []
    for pk in Project.objects.samples().values_list("pk", flat=True):
        for matter, category in matters:
            formed = today - datetime.timedelta(days=rng.randrange(0, 365))
            published = rng.random() > 0.1
            published_on = formed + datetime.timedelta(days=rng.randrange(1, 40))
            item = DisclosureItem(
                project_id=pk,
                category=category,
                matter=matter,
                number=f"库文〔{pk}〕号",
                date=formed,
                authority="库伦旗发展和改革委员会",
                formed_on=formed,
                is_published=published,
                published_on=published_on if published else None,
            )
            item.set_due()  # as a save would: the lists read the stored due date
            items.append(item)
    DisclosureItem.objects.bulk_create(items, batch_size=2000)


def disclosure_todo(user):
    """The to-do's disclosure section by itself (the admin home's figure includes the others)."""
    from django.test import RequestFactory

    from projects.admin.disclosure_todo import disclosure_section

    request = RequestFactory().get("/admin/")
    request.user = user

    def call():
        assert disclosure_section(request) is not None

    return call


def timed(label, call, runs=10, cold=True):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"| {label} | {statistics.median(timings):.0f} | {max(timings):.0f} "
        f"| {len(queries.captured_queries)} |"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix="kulun-calendar-bench-")
    os.environ["DATABASE_URL"] = (
        sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{scratch}/db.sqlite3"
    )
    os.environ.setdefault("STATE_DIR", f"{scratch}/var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from projects.models import DisclosureItem, ProgressReport, Project

    setup_test_environment()  # the test client's ALLOWED_HOSTS
    call_command("migrate", verbosity=0)
    if not Project.objects.samples().exists():
        setup_data()
    if not DisclosureItem.objects.filter(number__startswith="库文〔").exists():
        setup_disclosure()  # beside the sample data's own items
    print(
        f"{Project.objects.count()} projects, {ProgressReport.objects.count()} reports, "
        f"{DisclosureItem.objects.count()} disclosure items "
        f"({DisclosureItem.objects.filter(is_published=False).count()} unpublished)\n"
    )
    clients = {}
    for name in ("one", "every"):
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))
    anonymous = Client()

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    print("| page | median ms | worst ms | queries |")
    print("|---|---:|---:|---:|")
    timed("admin home, member of 1 unit", get(clients["one"], "/admin/"))
    timed("admin home, member of all 30 units", get(clients["every"], "/admin/"))
    timed("按单位报送情况 (unit table)", get(clients["one"], "/admin/projects/unit/reporting/"))
    overdue = "/admin/projects/project/?overdue=yes"
    timed("project list, 报送逾期, first after a change", get(clients["one"], overdue))
    timed("project list, 报送逾期, again", get(clients["one"], overdue), cold=False)
    timed("project list, unfiltered, again", get(clients["one"], "/admin/projects/"
          "project/"), cold=False)  # fmt: skip
    every = User.objects.get(username="every")
    timed("我的待办 · 信息公开时限 alone, every unit", disclosure_todo(every))
    items = "/admin/projects/disclosureitem/"
    timed("disclosure item list", get(clients["every"], items))
    timed("disclosure list, 已逾期未公开", get(clients["every"], f"{items}?deadline=overdue"))
    timed("disclosure list, 逾期公开的", get(clients["every"], f"{items}?deadline=late"))
    timed("/reporting/ (no page cache)", get(anonymous, "/reporting/"))
    timed(
        "send_reminders --dry-run",
        lambda: call_command("send_reminders", "--dry-run", stdout=io.StringIO()),
        runs=3,
    )


if __name__ == "__main__":
    main()
