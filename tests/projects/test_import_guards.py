"""What imports guard against: code case, percentages, units in headers, blank 已发布 cells and
the templates' example rows. Each goes through the real import path, files and database."""

import datetime
from decimal import Decimal

import pytest

from projects.imports import service, template_files
from projects.imports.outcome import NEW, UNCHANGED, UPDATE
from projects.models import Measurement, ProgressReport, Project, Sector, Target
from projects.services.plan import load_plan

from .test_import_helpers import UNPUBLISHED, csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

MEASUREMENT_HEADERS = ["指标编号", "统计截止日期", "数值", "数据来源"]


# A. Project and target codes are upper case, however they are typed.


def test_a_lower_case_project_code_updates_the_project_and_its_reports_import(make_project):
    project = make_project(code="KL2026-101", name="旧名称")

    outcome = run(
        "projects", csv_bytes([["项目编号", "项目名称"], [" kl2026-101 ", "新名称"]]), dry_run=False
    )
    reports = run(
        "reports",
        csv_bytes(
            [
                ["项目编号", "报告日期", "建设阶段", "进展情况"],
                ["kl2026-101", "2026-3-31", "新开工", "开工。"],
            ]
        ),
        dry_run=False,
        options=UNPUBLISHED,
    )

    assert [row.status for row in outcome.rows] == [UPDATE]
    assert list(Project.objects.values_list("code", "name")) == [("KL2026-101", "新名称")]
    assert reports.applied, reports.error_lines()
    assert ProgressReport.objects.get().project == project


def test_target_codes_are_upper_case_in_targets_measurements_and_related_targets(
    make_target, make_project
):
    target = make_target(code="T16", figure=Decimal(130))
    make_project(code="KL-1")

    targets = run(
        "targets",
        csv_bytes([["指标编号", "目标值", "修改原因"], ["t16", "140", "上级调整"]]),
        dry_run=False,
    )
    measurements = run(
        "measurements",
        csv_bytes([MEASUREMENT_HEADERS, ["ｔ１６", "2026-03-31", "28.6", "旗文旅局"]]),
        dry_run=False,
    )
    projects = run(
        "projects", csv_bytes([["项目编号", "相关指标"], ["kl-1", "t16"]]), dry_run=False
    )

    assert [row.status for row in targets.rows] == [UPDATE]
    assert list(Target.objects.values_list("code", "figure")) == [("T16", Decimal(140))]
    assert measurements.applied and Measurement.objects.get().target == target
    assert [row.status for row in projects.rows] == [UPDATE]
    assert list(Project.objects.get().related_targets.all()) == [target]


def test_a_code_saved_in_lower_case_earlier_is_brought_to_capitals_not_given_a_twin(make_project):
    project = make_project(code="KL-7", name="旧名称")
    Project.objects.filter(pk=project.pk).update(code="kl-7")  # as saved before the rule

    outcome = run(
        "projects", csv_bytes([["项目编号", "项目名称"], ["KL-7", "新名称"]]), dry_run=False
    )

    [row] = outcome.rows
    assert [(c.column, c.old, c.new) for c in row.changes] == [
        ("项目编号", "kl-7", "KL-7"),
        ("项目名称", "旧名称", "新名称"),
    ]
    assert list(Project.objects.values_list("code", "name")) == [("KL-7", "新名称")]
    assert project.history.first().code == "KL-7"


# B. Percentages, for the targets measured in % and only for them.


def test_percent_targets_take_92_written_every_way_as_92(db):
    load_plan()  # T19 县域内就诊率 is measured in %
    rows = [MEASUREMENT_HEADERS]
    for day, written in zip((1, 2, 3, 4), ("92", "92%", "92 %", "９２％"), strict=True):
        rows.append(["T19", f"2026.3.{day}", written, "旗卫健委"])

    outcome = run("measurements", csv_bytes(rows, "gb18030"), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert set(Measurement.objects.values_list("target__code", "value")) == {("T19", Decimal(92))}


def test_a_percent_formatted_excel_cell_reads_as_92_for_a_percent_target(db):
    load_plan()
    rows = [MEASUREMENT_HEADERS, ["T19", datetime.date(2026, 3, 31), 0.92, "旗卫健委"]]
    data = xlsx_bytes(rows, formats={(2, 3): "0.0%"}, title="进展数据")

    outcome = run("measurements", data, "进展数据.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Measurement.objects.get().value == Decimal(92)


def test_a_percentage_for_a_target_not_in_percent_is_refused_even_when_unchanged(db):
    load_plan()  # T16 年接待游客 is measured in 万人次
    target = Target.objects.get(code="T16")
    Measurement.objects.create(
        target=target, date=datetime.date(2026, 3, 31), value=Decimal(92), source="旗文旅局"
    )
    rows = [
        MEASUREMENT_HEADERS,
        ["T16", "2026-03-31", "92%", "旗文旅局"],
        ["T16", datetime.date(2026, 4, 30), 0.5, "旗文旅局"],
    ]
    data = xlsx_bytes(rows, formats={(3, 3): "0%"}, title="进展数据")

    outcome = run("measurements", data, "进展数据.xlsx", dry_run=False)

    assert not outcome.applied
    assert [(p.row, p.column, p.value) for p in outcome.problems] == [
        (2, "数值", "92%"),
        (3, "数值", "50%"),
    ]
    reason = outcome.problems[0].reason
    assert reason.startswith("指标 T16 的单位是“万人次”，不是百分比，填写百分数没有意义。")
    assert Measurement.objects.count() == 1


# C. A unit in a header is the unit of the numbers under it.


@pytest.mark.parametrize("header", ["总投资（亿元）", "总投资(亿元)", "总投资 (元)"])
def test_a_header_in_another_unit_refuses_the_file_and_the_recorded_unit_imports(
    make_project, header
):
    make_project(code="KL-1", total_investment=Decimal("1234.5"))

    refused = run("projects", csv_bytes([["项目编号", header], ["KL-1", "12.5"]]), dry_run=False)

    written = header.split("(")[-1].split("（")[-1].rstrip(")）")
    assert refused.file_problem.startswith(
        f"“{header}”列的单位是“{written}”，而系统中该列按“万元”记录。为免数值差错，整个文件未导入。"
    )
    assert "换算" in refused.file_problem and not refused.rows
    assert Project.objects.get().total_investment == Decimal("1234.5")

    same_unit = ["项目编号", "总投资（万 元）", "2026年计划投资(单位：万元)", "形象进度（%）"]
    accepted = run("projects", csv_bytes([same_unit, ["KL-1", "12.5", "10", "5"]]), dry_run=False)

    assert accepted.applied, accepted.error_lines()
    assert Project.objects.get().total_investment == Decimal("12.5")


# D. A blank 已发布 cell says nothing: it must not unpublish a public record.


def test_a_blank_published_cell_keeps_projects_and_reports_public(make_project, sector):
    project = make_project(code="KL-1", name="旧名称", is_published=True)
    report = ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 3, 31), text="开工。", is_published=True
    )
    projects = [["项目编号", "项目名称", "所属领域", "已发布"], ["KL-1", "新名称", "tertiary", ""]]
    projects.append(["KL-2", "新项目", "tertiary", ""])
    reports = [
        ["项目编号", "报告日期", "进展情况", "已发布"],
        ["KL-1", "2026-03-31", "开工。", None],
    ]

    outcome = run("projects", csv_bytes(projects), dry_run=False)
    report_outcome = run("reports", xlsx_bytes(reports), "报告.xlsx", dry_run=False)

    updated, created = outcome.rows
    assert [(c.column, c.old, c.new) for c in updated.changes] == [("项目名称", "旧名称", "新名称")]
    assert created.status == NEW
    assert dict(Project.objects.values_list("code", "is_published")) == {
        "KL-1": True,
        "KL-2": False,
    }
    assert [row.status for row in report_outcome.rows] == [UNCHANGED]
    report.refresh_from_db()
    assert report.is_published


# E. The templates' example rows are refused, never imported as real data.


def _counts():
    models = (Project, ProgressReport, Measurement, Target, Sector)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("kind", list(service.RESOURCES))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_downloaded_template_imported_unchanged_imports_nothing(db, kind, file_format):
    load_plan()  # the examples name real plan records: KL2026-001, T16, secondary
    before = _counts()
    resource = service.resource_for(kind)
    make = template_files.template_xlsx if file_format == "xlsx" else template_files.template_csv

    outcome = run(kind, make(resource), f"{kind}-template.{file_format}", dry_run=False)

    assert not outcome.applied
    assert [(p.row, p.reason) for p in outcome.problems] == [
        (2, "第 2 行是模板里的示例行，请删除后再导入。")
    ]
    assert "（示例）" in outcome.problems[0].value
    assert _counts() == before


def test_an_example_row_among_real_rows_stops_the_whole_file(sector):
    rows = [
        ["项目编号", "项目名称", "所属领域"],
        ["KL-1", "真实项目", "tertiary"],
        ["KL-2", "(示例)某某风电项目", "tertiary"],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert problem.line() == (
        "第 3 行，“项目名称”列，值“(示例)某某风电项目”：第 3 行是模板里的示例行，请删除后再导入。"
    )
    assert not Project.objects.exists()


def test_an_empty_required_cell_says_it_must_be_filled(db):
    load_plan()
    rows = [
        ["指标编号", "统计截止日期", "数值", "数据来源"],
        ["T16", "2026-06-30", "", "旗文旅局"],
    ]
    outcome = run("measurements", csv_bytes(rows), dry_run=False)
    assert outcome.error_lines() == ["第 2 行，“数值”列，值“（空）”：必须填写。"]
    assert not Measurement.objects.exists()
