"""Blank cells never erase, （清空） clears, and a project without a code gets the next one.

The files are built here as offices fill them: the downloaded template filled in partly, a
column left empty, 待定 in the code column. Each test asserts the exact stored values, or a
refusal that changes nothing.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from openpyxl import load_workbook

from projects.imports.outcome import NEW, UNCHANGED, UPDATE
from projects.imports.resources import ProjectResource
from projects.imports.template_files import GENERAL_NOTES, template_xlsx
from projects.models import Measurement, ProgressReport, Project, Target
from projects.services.plan import load_plan

from .test_import_helpers import UNPUBLISHED, csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

FULL = ["项目编号", "项目名称", "英文名称", "建设内容", "总投资(万元)", "建设规模", "相关指标"]


def snapshot(project):
    values = model_to_dict(project)
    values["related_targets"] = sorted(t.code for t in project.related_targets.all())
    return values


@pytest.fixture
def filled(make_project, make_target):
    target = make_target(code="T03")
    project = make_project(
        code="KL-1",
        name="风电项目",
        name_en="Wind farm",
        content="建设风电机组。",
        total_investment=Decimal(120000),
        capacity=Decimal(20),
        capacity_unit="万千瓦",
        planned_start=datetime.date(2026, 4, 1),
    )
    project.related_targets.set([target])
    return Project.objects.get(pk=project.pk)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_empty_cells_and_empty_columns_keep_the_stored_values(filled, fmt):
    before = snapshot(filled)
    rows = [FULL, ["KL-1", "风电项目", "", "", None, " ", ""]]
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)

    outcome = run("projects", data, f"项目.{fmt}", dry_run=False)

    assert not outcome.problems, outcome.error_lines()
    assert [row.status for row in outcome.rows] == [UNCHANGED]
    assert snapshot(Project.objects.get(code="KL-1")) == before


def test_a_dash_in_a_number_or_date_cell_keeps_the_stored_value(filled):
    before = snapshot(filled)
    rows = [["项目编号", "总投资(万元)", "计划开工日期"], ["KL-1", "—", "无"]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.rows[0].status == UNCHANGED
    assert snapshot(Project.objects.get(code="KL-1")) == before


def test_the_clear_mark_empties_a_stored_value_and_the_preview_says_so(filled):
    rows = [
        [
            "项目编号",
            "英文名称",
            "总投资(万元)",
            "建设规模",
            "规模单位",
            "相关指标",
            "计划开工日期",
            "建设内容",
        ],
        ["KL-1", "（清空）", "(清空)", " （ 清空 ） ", "（清空）", "（清空）", "（清空）", ""],
    ]

    preview = run("projects", csv_bytes(rows), dry_run=True)

    [row] = preview.rows
    assert row.status == UPDATE
    assert {(c.column, c.old, c.new) for c in row.changes} == {
        ("英文名称", "Wind farm", "（空）"),
        ("总投资(万元)", "120000", "（空）"),
        ("建设规模", "20", "（空）"),
        ("规模单位", "万千瓦", "（空）"),
        ("相关指标", "T03", "（空）"),
        ("计划开工日期", "2026-04-01", "（空）"),
    }
    assert run("projects", csv_bytes(rows), dry_run=False).applied
    project = Project.objects.get(code="KL-1")
    assert (project.name_en, project.total_investment, project.capacity) == ("", None, None)
    assert project.capacity_unit == ""
    assert project.planned_start is None and not project.related_targets.exists()
    assert project.content == "建设风电机组。"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("项目名称", "“项目名称”是必填项，不能清空。请填写新的内容；留空则保持原来的内容不变。"),
        ("所属领域", "“所属领域”是必填项，不能清空。请填写新的内容；留空则保持原来的内容不变。"),
        ("已发布", "“是/否”不能清空，请填写“是”或“否”；留空则保持原值。"),
        ("项目编号", "编号不能清空。"),
    ],
)
def test_a_required_field_cannot_be_cleared(filled, header, reason):
    before = snapshot(filled)
    headers = ["项目编号", header] if header != "项目编号" else ["项目编号", "项目名称"]
    row = ["KL-1", "（清空）"] if header != "项目编号" else ["（清空）", "风电项目"]

    outcome = run("projects", csv_bytes([headers, row]), dry_run=False)

    assert [(p.column, p.reason) for p in outcome.problems] == [(header, reason)]
    assert snapshot(Project.objects.get(code="KL-1")) == before


def test_new_records_take_the_model_default_for_empty_cells(sector):
    rows = [
        ["项目编号", "项目名称", "所属领域", "总投资(万元)", "已发布", "建设阶段"],
        ["N-1", "新项目甲", "tertiary", "", "", ""],
    ]

    assert run("projects", csv_bytes(rows), dry_run=False).applied
    project = Project.objects.get(code="N-1")
    assert (project.total_investment, project.is_published, project.stage) == (None, False, "")


def test_a_new_record_with_an_empty_required_cell_is_refused(sector):
    rows = [["项目编号", "项目名称", "所属领域"], ["N-1", "", "tertiary"]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.error_lines() == ["第 2 行，“项目名称”列，值“（空）”：必须填写。"]
    assert not Project.objects.exists()


def test_the_downloaded_template_filled_in_partly_changes_only_what_was_filled(db):
    load_plan()
    before = {p.code: snapshot(p) for p in Project.objects.all()}
    assert len(before) == 13
    book = load_workbook(io.BytesIO(template_xlsx(ProjectResource())))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2)  # the example row
    code, stage, planned = (
        headers.index(h) for h in ("项目编号", "建设阶段", "2026年计划投资(万元)")
    )
    for number, project_code in enumerate(sorted(before), start=2):
        sheet.cell(row=number, column=code + 1, value=project_code)
        sheet.cell(row=number, column=stage + 1, value="续建")
        sheet.cell(row=number, column=planned + 1, value=1000 + number)
    buffer = io.BytesIO()
    book.save(buffer)

    outcome = run("projects", buffer.getvalue(), "项目模板.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert outcome.counts[UPDATE] == 13
    for number, project in enumerate(Project.objects.order_by("code"), start=2):
        after = snapshot(project)
        assert (after["stage"], after["planned_2026"]) == ("continuing", Decimal(1000 + number))
        for name in ("stage", "stage_date", "planned_2026"):
            after.pop(name), before[project.code].pop(name)
        assert after == before[project.code]


def test_the_template_notes_explain_blanks_and_the_clear_mark():
    notes = "".join(GENERAL_NOTES)
    assert "空白单元格不会清除已有内容" in notes
    assert "（清空）" in notes
    assert "没有编号的行只能新建" in notes


# Codes


@pytest.mark.parametrize(
    "placeholder", ["", "待定", "—", "-", "–", "无", "暂无", "新项目", "新增", "/", "TBD"]
)
def test_a_project_without_a_code_gets_the_next_code_of_the_scheme(make_project, placeholder):
    make_project(code="KL2026-007", name="已有项目")
    make_project(code="kl2026-012", name="小写编号的项目")
    rows = [["项目编号", "项目名称", "所属领域"], [placeholder, "新建光伏项目", "tertiary"]]

    preview = run("projects", csv_bytes(rows), dry_run=True)

    [row] = preview.rows
    assert row.status == NEW
    assert row.label == "KL2026-013（系统分配的新编号） 新建光伏项目"
    # The new record is shown with its values, the system's code first.
    assert [(c.column, c.old, c.new) for c in row.details][:2] == [
        ("项目编号", "（空）", "KL2026-013"),
        ("项目名称", "", "新建光伏项目"),
    ]
    assert run("projects", csv_bytes(rows), dry_run=False).applied
    assert Project.objects.get(name="新建光伏项目").code == "KL2026-013"


def test_two_rows_without_a_code_are_two_new_projects_after_the_file_s_own_codes(db):
    load_plan()
    rows = [
        ["项目编号", "项目名称", "所属领域"],
        ["待定", "新项目甲", "tertiary"],
        ["KL2026-020", "新项目乙", "tertiary"],
        ["", "新项目甲", "tertiary"],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert list(
        Project.objects.filter(name__startswith="新项目")
        .order_by("code")
        .values_list("code", "name")
    ) == [("KL2026-020", "新项目乙"), ("KL2026-021", "新项目甲"), ("KL2026-022", "新项目甲")]


def test_a_row_without_a_code_never_updates_a_project_of_the_same_name(filled):
    before = snapshot(filled)
    rows = [["项目编号", "项目名称", "总投资(万元)"], ["待定", "风电项目", "5"]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert problem.reason.startswith("没有填写项目编号，但已有同名项目 KL-1“风电项目”。")
    assert Project.objects.count() == 1 and snapshot(Project.objects.get()) == before


@pytest.mark.parametrize("placeholder", ["待定", "—", "新项目", "TBD"])
def test_reports_and_measurements_still_need_a_real_code(make_project, placeholder):
    make_project(code="KL-1")
    reports = [["项目编号", "报告日期", "进展情况"], [placeholder, "2026-03-31", "开工"]]
    figures = [["指标编号", "统计截止日期", "数值"], [placeholder, "2026-03-31", "5"]]
    targets = [["指标编号", "简称"], [placeholder, "新指标"]]

    for kind, rows in [("reports", reports), ("measurements", figures), ("targets", targets)]:
        outcome = run(kind, csv_bytes(rows), dry_run=False, options=UNPUBLISHED)
        [problem] = outcome.problems
        assert problem.reason.startswith(f"“{placeholder}”不是"), problem.reason

    assert not ProgressReport.objects.exists() and not Measurement.objects.exists()
    assert not Target.objects.exists()
