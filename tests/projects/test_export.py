"""Exports: CSV Chinese Excel reads, XLSX with real cells, no live formulas, clean round trips."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from projects.imports import service
from projects.imports.outcome import UNCHANGED
from projects.imports.resources import RESOURCES
from projects.models import Measurement, ProgressReport, Stage

from .test_import_helpers import run

pytestmark = pytest.mark.django_db

TRICKY = ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def plan(make_project, make_target, category):
    """A little of everything, including text a spreadsheet would run as a formula."""
    target = make_target(code="T16")
    projects = [
        make_project(
            code=f"KL-{index}",
            name=name,
            category=category,
            owner=name,
            total_investment=Decimal("12345.60"),
            latitude=Decimal("-45.5"),
            longitude=Decimal("121.25"),
            planned_start=datetime.date(2026, 3, 1),
            progress=Decimal("37.5"),
        )
        for index, name in enumerate(TRICKY)
    ]
    projects[0].related_targets.add(target)
    ProgressReport.objects.create(
        project=projects[0], date=datetime.date(2026, 3, 31), stage=Stage.CONTINUING, text="=1+1"
    )
    Measurement.objects.create(
        target=target, date=datetime.date(2026, 3, 31), value=Decimal("28.6"), source="@旗文旅局"
    )
    return projects


def test_csv_export_has_a_bom_and_chinese_headers(plan):
    data = service.export_file(kind="projects", file_format="csv")

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").startswith("项目编号,项目名称,英文名称,所属领域")


def test_csv_cells_that_would_run_as_formulas_are_neutralised_but_numbers_are_not(plan):
    text = service.export_file(kind="projects", file_format="csv").decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert sorted(row["项目名称"] for row in rows) == sorted(f"'{value}" for value in TRICKY)
    assert {row["纬度"] for row in rows} == {"-45.5"}  # a real negative number stays a number


def test_xlsx_has_real_numbers_and_dates_and_no_formulas(plan):
    data = service.export_file(kind="projects", file_format="xlsx")

    sheet = load_workbook(io.BytesIO(data)).active
    headers = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(headers, row, strict=False))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # XML turns a carriage return into a line feed; the guard is there all the same.
    expected = [f"'{value}".replace("\r", "\n") for value in TRICKY]
    assert sorted(row["项目名称"] for row in rows) == sorted(expected)
    assert rows[0]["纬度"] == -45.5
    assert rows[0]["总投资(万元)"] == 12345.6
    assert rows[0]["计划开工日期"] == datetime.datetime(2026, 3, 1)
    assert rows[0]["相关指标"] == "T16"


@pytest.mark.parametrize("kind", list(RESOURCES))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_export_reimports_with_every_row_unchanged(plan, sector, kind, file_format):
    if kind == "disclosure":
        from projects.models import DisclosureItem, Project

        DisclosureItem.objects.create(
            project=Project.objects.first(), category=3, matter="tender_notice",
            date=datetime.date(2026, 3, 2), link="https://ggzy.example.gov.cn/1",
            formed_on=datetime.date(2026, 3, 2), is_published=True,
        )  # fmt: skip
    data = service.export_file(kind=kind, file_format=file_format)

    outcome = run(kind, data, f"export.{file_format}", dry_run=False)

    assert not outcome.has_errors, outcome.error_lines()
    assert outcome.rows and {row.status for row in outcome.rows} == {UNCHANGED}


def test_the_admin_export_keeps_the_change_list_filter_and_needs_only_view(client, viewer, plan):
    client.force_login(viewer)
    url = reverse("admin:projects_project_export") + "?code__exact=KL-1"
    fields = {f"projectresource_{name}": "on" for name in RESOURCES["projects"]._meta.fields}

    response = client.post(url, {"format": "0", "resource": "0", **fields})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="projects-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("KL-1,'+1+2,")


def test_export_is_refused_without_the_view_right(client, db):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("nobody", password="x", is_staff=True))

    assert client.get(reverse("admin:projects_project_export")).status_code == 403


def test_export_command_writes_csv_and_xlsx(plan, tmp_path):
    out = io.StringIO()
    call_command("export_records", "reports", stdout=out)
    call_command(
        "export_records",
        "measurements",
        "--format",
        "xlsx",
        "--output",
        tmp_path / "m.xlsx",
        stdout=io.StringIO(),
    )

    assert out.getvalue().startswith("\ufeff项目编号,报告日期,建设阶段")
    assert "'=1+1" in out.getvalue()
    sheet = load_workbook(tmp_path / "m.xlsx").active
    assert [cell.value for cell in sheet[2]][:4] == [
        "T16",
        datetime.datetime(2026, 3, 31),
        28.6,
        "'@旗文旅局",
    ]
