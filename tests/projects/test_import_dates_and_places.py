"""Dates, percentages and townships that are read as the office meant them, or refused.

A bare year or 202603 in a date column, a plain 0.9 in a progress column and an unknown
township are refused with a reason that changes nothing; real date cells, percent-formatted
cells and the usual ways of naming a township (库伦镇人民政府, 库伦) are read.
"""

import datetime
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from projects import places
from projects.admin.projects import ProjectForm
from projects.imports import values
from projects.imports.exporting import export_records
from projects.imports.resources import MeasurementResource, ProjectResource
from projects.models import Measurement, Project, Target
from projects.services.plan import load_plan

from .test_import_helpers import UNPUBLISHED, csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

D = datetime.date
HEADERS = ["项目编号", "项目名称", "所属领域", "计划开工日期"]


def stored(code):
    return model_to_dict(Project.objects.get(code=code))


# Dates


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        (2026, "“2026”只有年份"),
        ("2026", "“2026”只有年份"),
        (202603, "“202603”只有年份和月份"),
        ("202603", "“202603”只有年份和月份"),
        (20260315, "“20260315”是一串数字"),
        ("20260315", "“20260315”是一串数字"),
    ],
)
def test_digits_alone_in_a_date_column_are_refused_and_change_nothing(make_project, cell, why):
    make_project(code="KL-1", planned_start=D(2026, 4, 1))
    before = stored("KL-1")
    data = xlsx_bytes([HEADERS, ["KL-1", "示范项目", "tertiary", cell]])

    outcome = run("projects", data, "项目.xlsx", dry_run=False)

    assert not outcome.applied
    [problem] = outcome.problems
    assert (problem.row, problem.column) == (2, "计划开工日期")
    assert problem.reason.startswith(why)
    assert problem.reason.endswith(
        "不是完整的日期。请按 2026-03-01、2026/3/1 或 2026年3月1日 的格式填写，"
        "或把单元格设为日期格式。"
    )
    assert stored("KL-1") == before


@pytest.mark.parametrize(
    "cell",
    [datetime.datetime(1999, 12, 31), "1926-03-01", "2206/3/1", "2101年1月1日", 500],
)
def test_dates_outside_2000_to_2100_are_refused(make_project, cell):
    make_project(code="KL-1")
    data = xlsx_bytes([HEADERS, ["KL-1", "示范项目", "tertiary", cell]])

    outcome = run("projects", data, "项目.xlsx", dry_run=False)

    [problem] = outcome.problems
    assert "不在 2000-01-01 到 2100-12-31 之间" in problem.reason
    assert Project.objects.get(code="KL-1").planned_start is None


def test_the_first_and_last_days_of_the_range_are_dates():
    assert values.date("2000-01-01") == D(2000, 1, 1)
    assert values.date("2100/12/31") == D(2100, 12, 31)


def test_real_date_cells_and_written_dates_still_import(sector):
    rows = [
        HEADERS,
        ["D-1", "项目", "tertiary", datetime.datetime(2026, 3, 1)],
        ["D-2", "项目", "tertiary", "2026/3/1"],
        ["D-3", "项目", "tertiary", "2026.3.1"],
        ["D-4", "项目", "tertiary", "2026年3月1日"],
        ["D-5", "项目", "tertiary", 46082],  # a date cell whose format was lost
    ]

    outcome = run("projects", xlsx_bytes(rows), "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert set(Project.objects.values_list("planned_start", flat=True)) == {D(2026, 3, 1)}


# Percentages


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("0.9", "“0.9”是 90% 还是 0.9%？请写成 90 或 90%。"),
        (0.9, "“0.9”是 90% 还是 0.9%？请写成 90 或 90%。"),
        ("1", "“1”是 100% 还是 1%？请写成 100 或 100%。"),
        (0.35, "“0.35”是 35% 还是 0.35%？请写成 35 或 35%。"),
    ],
)
def test_a_plain_share_in_a_progress_column_is_refused(make_project, cell, reason):
    make_project(code="KL-1", progress=Decimal(20))
    headers = ["项目编号", "形象进度(%)"]

    outcome = run("projects", xlsx_bytes([headers, ["KL-1", cell]]), "项目.xlsx", dry_run=False)

    assert [(p.column, p.reason) for p in outcome.problems] == [("形象进度(%)", reason)]
    assert Project.objects.get(code="KL-1").progress == Decimal(20)


def test_progress_written_with_a_sign_as_a_percent_cell_or_as_zero_imports(sector):
    headers = ["项目编号", "项目名称", "所属领域", "形象进度(%)"]
    rows = [
        headers,
        ["P-1", "项目", "tertiary", 0.9],  # formatted as a percentage below: 90%
        ["P-2", "项目", "tertiary", "0.9%"],
        ["P-3", "项目", "tertiary", 0],
        ["P-4", "项目", "tertiary", "90"],
        ["P-5", "项目", "tertiary", 1.5],
    ]
    data = xlsx_bytes(rows, formats={(2, 4): "0%"})

    outcome = run("projects", data, "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert dict(Project.objects.values_list("code", "progress")) == {
        "P-1": Decimal(90),
        "P-2": Decimal("0.9"),
        "P-3": Decimal(0),
        "P-4": Decimal(90),
        "P-5": Decimal("1.5"),
    }


def test_a_plain_share_in_a_report_is_refused(make_project):
    make_project(code="KL-1")
    rows = [["项目编号", "报告日期", "形象进度(%)"], ["KL-1", "2026-03-31", "0.5"]]

    outcome = run("reports", csv_bytes(rows), dry_run=False, options=UNPUBLISHED)

    [problem] = outcome.problems
    assert problem.reason == "“0.5”是 50% 还是 0.5%？请写成 50 或 50%。"
    assert not outcome.applied


def test_a_plain_share_is_refused_for_a_target_in_percent_only(db):
    load_plan()
    in_percent = Target.objects.filter(unit="%").order_by("code").first()
    rows = [
        ["指标编号", "统计截止日期", "数值", "数据来源"],
        [in_percent.code, in_percent.start.isoformat(), "0.9", "统计局"],
        ["T16", "2026-03-31", "0.9", "旗文旅局"],  # 万人次: 0.9 is 9,000 visits
    ]

    outcome = run("measurements", csv_bytes(rows), dry_run=False)

    assert [(p.row, p.reason) for p in outcome.problems] == [
        (2, "“0.9”是 90% 还是 0.9%？请写成 90 或 90%。")
    ]
    assert not Measurement.objects.exists()
    del rows[1]
    assert run("measurements", csv_bytes(rows), dry_run=False).applied
    assert Measurement.objects.get().value == Decimal("0.9")


def test_small_percentages_export_with_their_sign_and_import_again_unchanged(make_project, db):
    load_plan()
    make_project(code="KL-1", progress=Decimal("0.5"))
    in_percent = Target.objects.filter(unit="%").order_by("code").first()
    Measurement.objects.create(
        target=in_percent, date=in_percent.start, value=Decimal(1), source="统计局"
    )

    for kind, resource in [("projects", ProjectResource), ("measurements", MeasurementResource)]:
        data = export_records(resource(), "xlsx")
        outcome = run(kind, data, "导出.xlsx", dry_run=True)
        assert not outcome.problems, outcome.error_lines()
        assert not outcome.has_changes


# Townships


@pytest.mark.parametrize(
    ("written", "township"),
    [
        ("库伦镇", "库伦镇"),
        ("库伦镇人民政府", "库伦镇"),
        ("库伦镇政府", "库伦镇"),
        ("库伦", "库伦镇"),
        ("库伦旗库伦镇", "库伦镇"),
        ("茫汗苏木人民政府", "茫汗苏木"),
        ("水泉", "水泉乡"),
        ("扣河子 镇", "扣河子镇"),
        ("", ""),
    ],
)
def test_the_usual_ways_of_naming_a_township_are_the_same_place(sector, written, township):
    rows = [
        ["项目编号", "项目名称", "所属领域", "所在苏木镇（场）"],
        ["P-1", "项目", "tertiary", written],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().township == township


@pytest.mark.parametrize("written", ["库伦旗", "库伦乡", "通辽市", "哈尔套镇"])
def test_an_unknown_township_is_refused_with_the_list(make_project, written):
    make_project(code="KL-1", township="扣河子镇")
    rows = [["项目编号", "所在苏木镇（场）"], ["KL-1", written]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert problem.reason == (
        f"“{written}”不是库伦旗的苏木镇（场）。可填：库伦镇、扣河子镇、白音花镇、六家子镇、"
        "额勒顺镇、茫汗苏木、先进苏木、水泉乡（也可写“库伦镇人民政府”“库伦”等）；不清楚的请留空。"
    )
    assert Project.objects.get().township == "扣河子镇"


def test_the_list_has_five_towns_two_sumu_and_one_xiang():
    assert len(places.TOWNSHIPS) == 8
    assert [n[-1] for n in places.TOWNSHIPS].count("镇") == 5
    assert [n for n in places.TOWNSHIPS if n.endswith("苏木")] == ["茫汗苏木", "先进苏木"]
    assert [n for n in places.TOWNSHIPS if n.endswith("乡")] == ["水泉乡"]


def test_the_admin_form_offers_the_same_list_and_keeps_an_older_name(make_project):
    project = make_project(code="KL-1", township="旧地名")

    form = ProjectForm(instance=project)

    offered = [value for value, _ in form.fields["township"].choices]
    assert offered == ["", *places.TOWNSHIPS, "旧地名"]
    fresh = [value for value, _ in ProjectForm().fields["township"].choices]
    assert fresh == ["", *places.TOWNSHIPS]
