"""What an import does to the records: all or nothing, natural keys, history, related records."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.forms.models import model_to_dict

from projects.imports.outcome import NEW, UNCHANGED, UPDATE
from projects.imports.resources import ProjectResource
from projects.models import Measurement, ProgressReport, Project, Sector, Stage, Target, TargetKind

from .test_import_helpers import UNPUBLISHED, csv_bytes, project_rows, run

pytestmark = pytest.mark.django_db


def test_new_projects_are_created_with_history_naming_the_user_and_the_file(sector, editor):
    outcome = run(
        "projects", csv_bytes(project_rows(2)), "二月项目.csv", user=editor, dry_run=False
    )

    assert outcome.applied and outcome.counts[NEW] == 2
    project = Project.objects.get(code="T-0001")
    assert project.total_investment == Decimal("1001.5")
    assert project.planned_start == datetime.date(2026, 3, 1)
    assert project.stage == Stage.CONTINUING
    [entry] = project.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        editor,
        "从 二月项目.csv 导入",
    )
    assert entry.name == "测试项目1" and entry.sector_id == sector.pk


def test_history_written_in_bulk_is_what_simple_history_itself_records(sector, category):
    rows = [
        ["项目编号", "项目名称", "所属领域", "产业类别", "总投资(万元)", "计划开工日期", "已发布"],
        ["H-1", "风电", "tertiary", "新能源", "120,000.5", "2026/4/1", "是"],
    ]
    run("projects", csv_bytes(rows), dry_run=False)
    imported = Project.objects.get(code="H-1")
    saved = Project.objects.create(
        code="H-2",
        name="风电",
        sector=sector,
        category=category,
        total_investment=Decimal("120000.5"),
        planned_start=datetime.date(2026, 4, 1),
        is_published=True,
    )

    def recorded(project):
        values = model_to_dict(project.history.get().instance)
        return {name: value for name, value in values.items() if name not in ("id", "code")}

    assert recorded(imported) == recorded(saved)
    assert imported.history.get().instance.total_investment == Decimal("120000.50")


def test_importing_the_same_file_twice_changes_nothing(sector, editor):
    data = csv_bytes(project_rows(5))
    run("projects", data, user=editor, dry_run=False)
    before = list(Project.history.values_list("history_id", flat=True))
    stamps = list(Project.objects.values_list("updated_at", flat=True))

    again = run("projects", data, user=editor, dry_run=False)

    assert again.counts == {NEW: 0, UPDATE: 0, UNCHANGED: 5, "error": 0}
    assert [row.status for row in again.rows] == [UNCHANGED] * 5
    assert list(Project.history.values_list("history_id", flat=True)) == before
    assert list(Project.objects.values_list("updated_at", flat=True)) == stamps


def test_a_changed_row_updates_its_project_and_lists_old_and_new_values(make_project, editor):
    project = make_project(code="KL-1", name="旧名称", total_investment=Decimal(100))
    rows = [["项目编号", "项目名称", "总投资(万元)"], ["KL-1", "新名称", "100.00"]]

    preview = run("projects", csv_bytes(rows), user=editor)
    [row] = preview.rows
    assert row.status == UPDATE
    assert [(c.column, c.old, c.new) for c in row.changes] == [("项目名称", "旧名称", "新名称")]
    project.refresh_from_db()
    assert project.name == "旧名称"  # a preview writes nothing

    run("projects", csv_bytes(rows), "改名.csv", user=editor, dry_run=False)

    project.refresh_from_db()
    assert project.name == "新名称"
    latest, first = project.history.all()[:2]
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        editor,
        "从 改名.csv 导入",
    )
    assert latest.diff_against(first).changed_fields == ["name"]


def test_columns_left_out_of_the_file_keep_their_values(make_project, category):
    make_project(code="KL-2", category=category, owner="某公司", progress=Decimal(40))

    run("projects", csv_bytes([["项目编号", "建设阶段"], ["KL-2", "竣工"]]), dry_run=False)

    project = Project.objects.get(code="KL-2")
    assert (project.stage, project.category, project.owner) == (Stage.COMPLETED, category, "某公司")
    assert project.progress == Decimal(40)


def test_one_bad_row_in_the_middle_of_a_thousand_imports_nothing_and_names_that_row(sector):
    rows = project_rows(1000)
    rows[500][5] = "2026/2/30"  # the 500th project, on Excel row 501

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert not outcome.applied
    [problem] = outcome.problems
    assert (problem.row, problem.column, problem.value) == (501, "计划开工日期", "2026/2/30")
    assert "不存在" in problem.reason
    assert problem.line() == f"第 501 行，“计划开工日期”列，值“2026/2/30”：{problem.reason}"
    assert not Project.objects.exists()
    assert not Project.history.exists()


def test_every_bad_row_is_listed_with_its_column_value_and_reason(sector):
    rows = project_rows(4)
    rows[1][4] = "一千"
    rows[3][3] = "在建"
    rows[3][2] = "nowhere"

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    lines = outcome.error_lines()
    assert [(p.row, p.column) for p in outcome.problems] == [
        (2, "总投资(万元)"),
        (4, "所属领域"),
        (4, "建设阶段"),
    ]
    assert "“一千”不是有效的数字" in lines[0]
    assert "找不到领域“nowhere”" in lines[1]
    assert "可填：储备、前期" in lines[2]
    assert outcome.summary().startswith("“data.csv”有 2 行存在 3 处错误")
    assert not Project.objects.exists()


def test_model_rules_are_checked_and_reported_in_chinese(sector):
    rows = [
        ["项目编号", "项目名称", "所属领域", "计划开工日期", "计划竣工日期", "形象进度(%)"],
        ["R-1", "x", "tertiary", "2026-09-01", "2026-03-01", "120%"],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    reasons = {p.column: p.reason for p in outcome.problems}
    assert reasons == {
        "形象进度(%)": "进度须在 0 到 100 之间。",
        "计划竣工日期": "计划竣工日期不能早于计划开工日期。",
    }
    assert not Project.objects.exists()


def test_a_new_project_without_a_required_column_is_refused(sector):
    outcome = run("projects", csv_bytes([["项目编号", "项目名称"], ["N-1", "风电"]]))

    [problem] = outcome.problems
    assert (problem.column, problem.reason) == ("所属领域", "新建时必须填写“所属领域”。")


def test_the_same_code_twice_in_one_file_is_refused(sector):
    rows = project_rows(2)
    rows[2][0] = rows[1][0]

    outcome = run("projects", csv_bytes(rows))

    [problem] = outcome.problems
    assert (problem.row, problem.column) == (3, "项目编号")
    assert "与第 2 行重复" in problem.reason


def test_unknown_target_codes_in_related_targets_are_errors_not_dropped(make_project, make_target):
    make_project(code="M-1")
    make_target(code="T01")
    rows = [["项目编号", "相关指标"], ["M-1", "T01、T99"]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert problem.reason.startswith("找不到指标“T99”")
    assert not Project.objects.get(code="M-1").related_targets.exists()


def test_related_targets_are_set_and_an_identical_list_is_unchanged(make_project, make_target):
    make_project(code="M-2")
    first, second = make_target(code="T01"), make_target(code="T02")
    rows = [["项目编号", "相关指标"], ["M-2", "T02，T01"]]

    applied = run("projects", csv_bytes(rows), dry_run=False)
    again = run("projects", csv_bytes(rows), dry_run=False)

    assert applied.rows[0].changes[0].new == "T01、T02"
    assert set(Project.objects.get(code="M-2").related_targets.all()) == {first, second}
    assert again.rows[0].status == UNCHANGED


def test_reports_match_project_and_date_and_bring_the_project_up_to_date(make_project, editor):
    project = make_project(code="KL2026-001", stage=Stage.PREPARATION, planned_2026=Decimal(5000))
    rows = [
        [
            "项目编号",
            "报告日期",
            "建设阶段",
            "形象进度(%)",
            "2026年累计完成投资(万元)",
            "进展情况",
            "已发布",
        ],
        ["KL2026-001", "2026年3月31日", "新开工", "10%", "1,200", "开工。", "是"],
        ["KL2026-001", "2026/4/30", "续建", "25", "2,000", "主体施工。", "是"],
    ]

    outcome = run("reports", csv_bytes(rows), "三四月进展.csv", user=editor, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert ProgressReport.objects.filter(project=project).count() == 2
    project.refresh_from_db()
    assert (project.stage, project.progress, project.completed_2026) == (
        Stage.CONTINUING,
        Decimal(25),
        Decimal(2000),
    )
    assert project.last_reported_on == datetime.date(2026, 4, 30)
    entry = project.history.first()
    assert (entry.history_user, entry.history_change_reason) == (editor, "从 三四月进展.csv 导入")

    rows[2][3] = "30%"
    again = run("reports", csv_bytes(rows), user=editor, dry_run=False)
    assert [row.status for row in again.rows] == [UNCHANGED, UPDATE]
    project.refresh_from_db()
    assert project.progress == Decimal(30)


def test_a_report_on_an_unknown_project_is_an_error(db):
    rows = [["项目编号", "报告日期", "建设阶段", "进展情况"], ["KL-404", "2026-03-01", "续建", "x"]]

    outcome = run("reports", csv_bytes(rows), dry_run=False, options=UNPUBLISHED)

    [problem] = outcome.problems
    assert (problem.column, problem.value) == ("项目编号", "KL-404")
    assert problem.reason.startswith("找不到项目“KL-404”")
    assert not ProgressReport.objects.exists()


def test_measurements_match_target_and_date(make_target, editor):
    target = make_target(code="T16")
    rows = [
        ["指标编号", "统计截止日期", "数值", "数据来源"],
        ["T16", "2026.3.31", "28.6", "旗文旅局"],
        ["T16", "2026-04-30", "41", "旗文旅局"],
    ]

    first = run("measurements", csv_bytes(rows), user=editor, dry_run=False)
    rows[2][2] = "42"
    second = run("measurements", csv_bytes(rows), user=editor, dry_run=False)

    assert first.counts[NEW] == 2
    assert [row.status for row in second.rows] == [UNCHANGED, UPDATE]
    assert list(target.measurements.order_by("date").values_list("value", flat=True)) == [
        Decimal("28.6"),
        Decimal(42),
    ]


def test_measurements_of_unknown_targets_and_milestones_are_errors(make_target):
    make_target(code="M1", kind=TargetKind.MILESTONE, figure=None)
    rows = [
        ["指标编号", "统计截止日期", "数值", "数据来源"],
        ["T404", "2026-03-31", "1", "x"],
        ["M1", "2026-03-31", "1", "x"],
    ]

    outcome = run("measurements", csv_bytes(rows), dry_run=False)

    assert [(p.row, p.column) for p in outcome.problems] == [(2, "指标编号"), (3, "数值")]
    assert "里程碑类指标没有数值" in outcome.problems[1].reason
    assert not Measurement.objects.exists()


def test_targets_update_by_code_with_choices_and_stage_lists(make_target, category):
    make_target(code="T05", kind=TargetKind.QUANTITY)
    rows = [
        [
            "指标编号",
            "指标类型",
            "计数：产业类别",
            "计数：建设阶段",
            "项目记录已录入完整",
            "修改原因",
        ],
        ["T05", "由项目记录计算", "新能源", "续建、新开工", "是", "改按项目记录计算"],
    ]

    outcome = run("targets", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    target = Target.objects.get(code="T05")
    assert (target.kind, target.rule_category, target.records_complete) == (
        TargetKind.PROJECTS,
        category,
        True,
    )
    assert target.rule_stages == [Stage.NEW_START, Stage.CONTINUING]
    assert run("targets", csv_bytes(rows)).rows[0].status == UNCHANGED


def test_an_area_and_its_sectors_can_arrive_in_one_file(db):
    rows = [
        ["标识", "名称", "上级领域", "排序"],
        ["culture", "文化", "livelihood-new", "2"],
        ["livelihood-new", "民生", "", "1"],
    ]

    outcome = run("sectors", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Sector.objects.get(slug="culture").parent == Sector.objects.get(slug="livelihood-new")
    assert Sector.history.filter(history_type="+").count() == 2


def test_sectors_stay_two_levels_deep(db):
    rows = [
        ["标识", "名称", "上级领域"],
        ["a", "甲", ""],
        ["b", "乙", "a"],
        ["c", "丙", "b"],
    ]

    outcome = run("sectors", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert (problem.row, problem.column) == (4, "上级领域")
    assert "最多两级" in problem.reason
    assert not Sector.objects.exists()


def test_a_confirm_refuses_when_the_data_moved_since_the_preview(make_project):
    project = make_project(code="KL-9", name="原名")
    data = csv_bytes([["项目编号", "项目名称"], ["KL-9", "导入的名称"]])
    preview = run("projects", data)
    Project.objects.filter(pk=project.pk).update(name="别人刚改的名称")

    outcome = run("projects", data, dry_run=False, expected=preview.fingerprint())

    assert not outcome.applied and "预览之后" in outcome.file_problem
    project.refresh_from_db()
    assert project.name == "别人刚改的名称"


def test_the_library_row_by_row_import_is_refused_and_writes_nothing(sector):
    # django-import-export's own loop would save the good row of a file with a bad one.
    dataset = tablib.Dataset(headers=["项目编号", "项目名称", "所属领域"])
    dataset.append(["L-1", "好的", "tertiary"])
    dataset.append(["L-2", "坏的", "nowhere"])

    with pytest.raises(TypeError, match=r"service\.import_file"):
        ProjectResource().import_data(dataset, dry_run=False)

    assert not Project.objects.exists()
