"""How fast 10,000 project rows go through the admin's import, next to the alternatives.

Run with ``make bench-import`` (or ``.venv/bin/python tests/bench/import_bench.py``). On a scratch
SQLite database in a temporary directory, with the 2026 plan loaded, it times:

* the admin's own path, through Django's test client: upload and preview (a full dry run with
  validation), then confirm (the real import, with history for every record and the admin log),
  for a file of new projects, the same file with every row changed, and the same file again,
  each as CSV and as XLSX;
* plain django-import-export with its defaults (``import_data``, dry run then real) on the same
  rows written the way its default widgets need them, from CSV and from XLSX;
* a raw ``bulk_create`` of the same rows, the floor for any import;
* a reporter's import (填报员 of 旗发改委), sent for review: the file of new projects written as
  drafts, and every row of the published projects changed, held as revisions; then the
  reviewer opening the submission and approving it (the two columns: page, approval);
* 10,000 disclosure items of the plan's projects through ``import_file``: new, then every row
  changed by its 编号 (``disclosure_path``).

The budget (DESIGN.md) is under 2 seconds per step for 10,000 rows.
"""

import csv
import datetime
import io
import os
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
LARGE = 20_000  # the most rows a file may have (IMPORT_MAX_ROWS), against gunicorn's 30 s
BUDGET = 2.0
ROOT = Path(__file__).resolve().parents[2]


def setup_django(folder: Path):
    sys.path.insert(0, str(ROOT))
    os.environ["BENCH_DATABASE"] = str(folder / "bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.import_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_plan", verbosity=0, stdout=io.StringIO())
    from projects.models import Unit

    Unit.objects.get_or_create(name="旗发改委")


def office_rows(changed=False, count=None):
    """Rows as an office writes them: Chinese headers, 1,234.5, 2026/3/1, 35%, stage names."""
    from projects.imports.resources import ProjectResource

    sectors = ["primary", "secondary", "tertiary", "invest-projects"]
    categories = ["新能源", "耐火材料", "农畜产品加工", "文旅", ""]
    stages = ["储备", "前期", "新开工", "续建", "竣工"]
    levels = ["市级重点", "旗级重点", "一般"]
    columns = [c.attribute for c in ProjectResource().columns() if c.attribute != "related_targets"]
    headers = [ProjectResource().column(a).header for a in columns]
    rows = []
    for i in range(count or ROWS):
        month = i % 9 + 1
        done = (i % 50) * 10 + (7 if changed else 0)
        values = {
            "code": f"BENCH-{i:05d}",
            "name": f"基准测试项目{i}号",
            "name_en": f"Benchmark project {i}",
            "sector": sectors[i % 4],
            "category": categories[i % 5],
            "level": levels[i % 3],
            "stage": stages[i % 5],
            "stage_date": f"2026/{month}/1",
            "owner": "某某有限公司",
            "responsible_unit": "旗发改委",
            "leader": "张三",
            "township": "库伦镇",
            "latitude": "42.73",
            "longitude": "121.77",
            "content": "建设厂房及配套设施。",
            "content_en": "",
            "total_investment": f"{12000 + i:,}.50",
            "planned_2026": "5,000",
            "completed_2026": f"{done:,}",
            "investment_note": "",
            "capacity": "20",
            "capacity_unit": "万千瓦",
            "planned_start": f"2026/{month}/1",
            "planned_end": f"2026年12月{month + 10}日",
            "actual_start": "",
            "actual_end": "",
            "progress": f"{(i % 20) * 5 + (1 if changed else 0)}%",
            "is_published": "是",
        }
        rows.append([values[a] for a in columns])
    return headers, rows


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers, rows) -> bytes:
    """The same rows as an office's .xlsx: numbers as numbers, text as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("项目")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def clear_projects():
    from django.contrib.admin.models import LogEntry

    from ledger.recording import batched
    from projects.models import Project, Submission

    Submission.objects.all().delete()
    with batched():  # their withdrawal from the publication ledger in a few statements
        Project.objects.filter(code__startswith="BENCH-").delete()
    Project.history.filter(code__startswith="BENCH-").delete()
    LogEntry.objects.all().delete()


def admin_path(client, data: bytes, file_name: str):
    """(preview seconds, confirm seconds or None) through the admin's own views."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    started = time.perf_counter()
    response = client.post(
        "/admin/projects/project/import/",
        {"import_file": SimpleUploadedFile(file_name, data, content_type="text/csv")},
    )
    preview = time.perf_counter() - started
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert 'class="errornote"' not in html, re.findall(r"<td>第 \d+ 行</td>.*?</tr>", html)[:3]
    token = re.search(r'name="token" value="([^"]+)"', html)
    if token is None:
        return preview, None
    started = time.perf_counter()
    response = client.post("/admin/projects/project/process_import/", {"token": token.group(1)})
    confirm = time.perf_counter() - started
    assert response.status_code == 302, response.content[:500]
    return preview, confirm


def reporter_path(client, first: bytes):
    """A reporter's CSV through the admin: new projects as drafts, then every published row
    changed (held for review, not written); one submission each."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from projects.models import Project, Revision, Submission, Unit, UnitMembership

    clerk = User.objects.create_user("bench-clerk", "clerk@example.com", "x", is_staff=True)
    clerk.groups.add(Group.objects.get(name="填报员"))
    UnitMembership.objects.create(user=clerk, unit=Unit.objects.get(name="旗发改委"))
    reporter = Client()
    reporter.force_login(clerk)
    clear_projects()
    drafts = admin_path(reporter, first, "r-new.csv")
    assert not Project.objects.filter(code__startswith="BENCH-", is_published=True).exists()
    assert Revision.objects.filter(action="publish").count() == ROWS
    publish = approve_all(client)
    assert Project.objects.filter(code__startswith="BENCH-", is_published=True).count() == ROWS
    clear_projects()
    admin_path(client, first, "a.csv")  # published by the superuser
    held = admin_path(reporter, csv_bytes(*office_rows(changed=True)), "r-changed.csv")
    assert Revision.objects.filter(action="change").count() == ROWS
    assert Submission.objects.count() == 1
    assert Project.history.filter(code__startswith="BENCH-").count() == ROWS  # nothing written
    change = approve_all(client)
    assert Project.history.filter(code__startswith="BENCH-").count() == 2 * ROWS
    return [
        (f"reporter, csv: {ROWS:,} new projects (drafts)", *drafts),
        (f"reviewer: page, approve {ROWS:,} drafts", *publish),
        ("reporter, csv: every row changed (held)", *held),
        ("reviewer: page, approve every change", *change),
    ]


def approve_all(client):
    """The reviewer opens the waiting submission and approves it: (page, approval) seconds."""
    from projects.models import Submission

    submission = Submission.objects.get(status="pending")
    url = f"/admin/projects/submission/{submission.pk}/change/"
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    opened = time.perf_counter() - started
    started = time.perf_counter()
    response = client.post(url, {"approve": "1", "secrecy_checked": "on"})
    approved = time.perf_counter() - started
    assert response.status_code == 302, response.content[:500]
    return opened, approved


def plain_import_export(file_format: str = "csv"):
    """Plain django-import-export: default widgets, row by row, dry run then for real; the file
    read by tablib as the library's own admin reads it (inside the dry run's time)."""
    import tablib
    from import_export import fields, resources, widgets

    from projects.models import Category, Project, Sector, Unit

    class PlainProjectResource(resources.ModelResource):
        sector = fields.Field("sector", "sector", widgets.ForeignKeyWidget(Sector, "slug"))
        responsible_unit = fields.Field(
            "responsible_unit", "responsible_unit", widgets.ForeignKeyWidget(Unit, "name")
        )
        category = fields.Field("category", "category", widgets.ForeignKeyWidget(Category, "slug"))

        class Meta:
            model = Project
            import_id_fields = ("code",)
            exclude = ("id", "related_targets", "created_at", "updated_at", "last_reported_on")

    categories = ["new-energy", "refractory", "agri-processing", "culture-tourism", ""]
    stages = ["reserve", "preparation", "new_start", "continuing", "completed"]
    sectors = ["primary", "secondary", "tertiary", "invest-projects"]
    headers = list(PlainProjectResource().get_export_headers())
    dataset = tablib.Dataset(headers=headers)
    for i in range(ROWS):
        month = i % 9 + 1
        values = {
            "code": f"BENCH-{i:05d}",
            "name": f"基准测试项目{i}号",
            "name_en": f"Benchmark project {i}",
            "sector": sectors[i % 4],
            "category": categories[i % 5],
            "level": ["city_key", "banner_key", "general"][i % 3],
            "stage": stages[i % 5],
            "stage_date": f"2026-{month:02d}-01",
            "owner": "某某有限公司",
            "responsible_unit": "旗发改委",
            "leader": "张三",
            "township": "库伦镇",
            "latitude": "42.73",
            "longitude": "121.77",
            "content": "建设厂房及配套设施。",
            # Text filled in: tablib reads an empty XLSX cell as None, which NOT NULL refuses.
            "content_en": "Plant and facilities.",
            "total_investment": f"{12000 + i}.50",
            "planned_2026": "5000",
            "completed_2026": str((i % 50) * 10),
            "investment_note": "无",
            "capacity": "20",
            "capacity_unit": "万千瓦",
            "planned_start": f"2026-{month:02d}-01",
            "planned_end": f"2026-12-{month + 10}",
            "actual_start": "",
            "actual_end": "",
            "progress": str((i % 20) * 5),
            "is_published": "1",
        }
        dataset.append([values.get(header, "") for header in headers])
    data = dataset.export(file_format)
    timings = []
    for dry_run in (True, False):
        started = time.perf_counter()
        loaded = tablib.Dataset().load(data, format=file_format)
        result = PlainProjectResource().import_data(loaded, dry_run=dry_run)
        timings.append(time.perf_counter() - started)
        assert not result.has_errors() and not result.has_validation_errors()
    return timings


def history_writes(user):
    """The write step alone, for the same rows: this project's writer and simple-history's.

    The plan (parsed and checked rows) is made outside the timing; each writer then creates
    the 10,000 projects with their history, and after that updates all of them.
    """
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from projects.imports import engine, files, headers, service, writing
    from projects.imports.outcome import Outcome
    from projects.models import Project

    def plan(data):
        resource = service.resource_for("projects")
        table = files.read_table(data, "a.csv", service.known_headers(resource))
        return resource, engine.check(
            resource, table, headers.match_columns(resource, table), Outcome("项目", "a.csv")
        )

    first, second = csv_bytes(*office_rows()), csv_bytes(*office_rows(changed=True))
    timings = {}
    for name in ("ours", "simple-history"):
        clear_projects()
        resource, planned = plan(first)
        started = time.perf_counter()
        with transaction.atomic():
            if name == "ours":
                writing.write(resource, planned, user=user, reason="bench")
            else:
                bulk_create_with_history(
                    [p.obj for p in planned],
                    Project,
                    default_user=user,
                    default_change_reason="bench",
                )
        created = time.perf_counter() - started
        resource, planned = plan(second)
        fields = sorted({name for p in planned for name in p.changed} | {"updated_at"})
        started = time.perf_counter()
        with transaction.atomic():
            if name == "ours":
                writing.write(resource, planned, user=user, reason="bench")
            else:
                bulk_update_with_history(
                    [p.obj for p in planned],
                    Project,
                    fields,
                    default_user=user,
                    default_change_reason="bench",
                )
        timings[name] = (created, time.perf_counter() - started)
        assert Project.history.filter(code__startswith="BENCH-").count() == 2 * ROWS
    return timings


def raw_bulk_create():
    from projects.models import Category, Project, Sector

    sectors = [Sector.objects.get(slug=s) for s in ("primary", "secondary", "tertiary")]
    category = Category.objects.get(slug="new-energy")
    started = time.perf_counter()
    objs = [
        Project(
            code=f"BENCH-{i:05d}",
            name=f"基准测试项目{i}号",
            sector=sectors[i % 3],
            category=category,
            level="general",
            stage="continuing",
            total_investment=Decimal(12000 + i),
            planned_2026=Decimal(5000),
            completed_2026=Decimal(i % 50 * 10),
            planned_start=datetime.date(2026, i % 9 + 1, 1),
            progress=Decimal(i % 20 * 5),
            is_published=True,
        )
        for i in range(ROWS)
    ]
    Project.objects.bulk_create(objs)
    return time.perf_counter() - started


def disclosure_path():
    """10,000 disclosure items (项目备案) of the plan's projects through ``import_file``: a file
    of new items, then the export of them with every 文号 changed (rows with 编号 update).
    (preview, confirm) each."""
    from projects.imports import service
    from projects.models import DisclosureItem, Project

    # The plan's projects: the benchmark's own (BENCH-) are deleted after, which items would stop.
    plan = Project.objects.exclude(code__startswith="BENCH-").order_by("code")
    codes = list(plan.values_list("code", flat=True))
    headers = ["项目编号", "公开类别", "公开事项", "文号/编号", "事项日期", "单位/机关",
               "信息形成或变更日期", "已发布"]  # fmt: skip
    rows = [
        [codes[n % len(codes)], "批准结果信息", "项目备案", f"库发改备〔2026〕{n}号",
         "2026/3/2", "库伦旗发展和改革委员会", "2026-03-02", "是"]
        for n in range(ROWS)
    ]  # fmt: skip
    steps = []
    for label, data in (("new", csv_bytes(headers, rows)), ("changed", None)):
        if data is None:
            items = DisclosureItem.objects.filter(number__startswith="库发改备")
            changed = [
                [pk, code, "批准结果信息", "项目备案", f"{number}（改）", "2026/3/2",
                 "库伦旗发展和改革委员会", "2026-03-02", "是"]
                for pk, code, number in items.values_list("pk", "project__code", "number")
            ]  # fmt: skip
            data = csv_bytes(["编号", *headers], changed)
        times = []
        for dry_run in (True, False):
            started = time.perf_counter()
            outcome = service.import_file(
                kind="disclosure", data=data, file_name="d.csv", dry_run=dry_run
            )
            times.append(time.perf_counter() - started)
            assert not outcome.problems and not outcome.file_problem, outcome.problems[:3]
        steps.append((f"import, csv: {ROWS:,} disclosure items {label}", *times))
    assert DisclosureItem.objects.filter(number__endswith="（改）").count() == ROWS
    return steps


def rate(seconds) -> str:
    if seconds is None:
        return f"{'—':>22}"
    return f"{seconds:7.2f} s {ROWS / seconds:>9,.0f} rows/s"


def main():
    with tempfile.TemporaryDirectory(prefix="kulun-bench-") as folder:
        setup_django(Path(folder))
        from django.contrib.auth.models import User
        from django.test import Client

        from projects.models import Project

        client = Client()
        user = User.objects.create_superuser("bench", "bench@example.com", "x")
        client.force_login(user)
        headers, rows = office_rows()

        results = []
        for kind, make in (("csv", csv_bytes), ("xlsx", xlsx_bytes)):
            first, second = make(headers, rows), make(*office_rows(changed=True))
            clear_projects()
            new = admin_path(client, first, f"a.{kind}")
            results.append((f"admin import, {kind}: {ROWS:,} new projects", *new))
            created = Project.objects.filter(code__startswith="BENCH-").count()
            history = Project.history.filter(code__startswith="BENCH-").count()
            assert created == ROWS and history == ROWS, (created, history)
            changed = admin_path(client, second, f"b.{kind}")
            results.append((f"admin import, {kind}: every row changed", *changed))
            assert Project.history.filter(code__startswith="BENCH-").count() == 2 * ROWS
            again = admin_path(client, second, f"b.{kind}")
            results.append((f"admin import, {kind}: same file again", *again))
        results.extend(reporter_path(client, csv_bytes(headers, rows)))
        results.extend(disclosure_path())
        clear_projects()
        large = admin_path(client, xlsx_bytes(*office_rows(count=LARGE)), "large.xlsx")
        for kind in ("csv", "xlsx"):
            clear_projects()
            results.append((f"django-import-export defaults, {kind}", *plain_import_export(kind)))
        clear_projects()
        results.append(("raw bulk_create (no checks, no history)", None, raw_bulk_create()))
        writes = history_writes(user)
        clear_projects()

    import django

    print(
        f"{ROWS:,} project rows, scratch SQLite, Django {django.get_version()}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print(f"{'':46}{'preview (dry run)':>24}{'confirm (write)':>24}")
    for label, preview, confirm in results:
        print(f"{label:46}{rate(preview):>24}{rate(confirm):>24}")
    preview, confirm = large
    print(
        f"{'admin import, xlsx: ' + f'{LARGE:,} new projects':46}"
        f"{preview:7.2f} s{'':17}{confirm:7.2f} s  (gunicorn timeout 30 s)"
    )
    print()
    print("the write step alone (new rows, then every row changed), with history:")
    for name, label in (
        ("ours", "projects.imports.writing (used)"),
        ("simple-history", "bulk_create/bulk_update_with_history"),
    ):
        created, updated = writes[name]
        print(f"  {label:40}{rate(created):>24}{rate(updated):>24}")
    admin_steps = ("admin", "reporter", "reviewer", "import")
    ours = [t for label, *times in results if label.startswith(admin_steps) for t in times if t]
    verdict = "within" if max(ours) < BUDGET else "OVER"
    print(
        f"budget: each admin step under {BUDGET:.0f} s for 10,000 rows: {verdict} "
        f"(slowest step {max(ours):.2f} s)"
    )


if __name__ == "__main__":
    main()
