"""Files laid out as offices send them: titles, unit lines, 序号 and extra columns, 合计 rows,
footers and two-row headers are read as the office meant, and the preview says what was
skipped; a unit outside the header is converted to 万元 or refuses the file."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from projects.models import ProgressReport, Project

from .test_import_helpers import UNPUBLISHED, csv_bytes, run

pytestmark = pytest.mark.django_db

HEADERS = ["项目编号", "项目名称", "所属领域", "建设阶段", "总投资", "2026年计划投资"]


def office_rows(*above, headers=HEADERS, body=None, below=()):
    body = body or [
        ["KL-1", "风电项目", "tertiary", "续建", "12.5", "3"],
        ["KL-2", "光伏项目", "tertiary", "新开工", "1.25", "0.5"],
    ]
    return [*above, headers, *body, *below]


def xlsx_file(rows, merges=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def money(code):
    project = Project.objects.get(code=code)
    return project.total_investment, project.planned_2026


# 1. Real layouts accepted as sent.


def test_title_filing_lines_extra_columns_totals_blanks_and_footer_are_skipped(sector):
    headers = ["序号", *HEADERS[:3], "建设阶段", "总投资(万元)", "联系人", "联系电话"]
    headers += ["存在问题", "备注", "填表说明"]
    rows = [
        ["库伦旗2026年重点项目推进情况表"],
        ["填报单位：旗发改委", "", "", "", "填报日期：2026年11月5日", "制表：张三"],
        [],
        headers,
        [
            "1",
            "KL-1",
            "风电项目",
            "tertiary",
            "续建",
            "120,000",
            "李四",
            "13800000000",
            "无",
            "",
            "",
        ],
        [],
        ["2", "KL-2", "光伏项目", "tertiary", "新开工", "8000.5", "王五", "", "用地", "急", ""],
        ["合  计", "", "", "", "", "128000.5", "", "", "", "", ""],
        [],
        ["备注：本表由各责任单位填报。"],
        ["1、投资以万元计。"],
        ["填表人：张三", "", "", "审核人：李四", "", "联系电话：0475-1234567"],
        ["负责人：赵六"],
        [],
    ]

    outcome = run("projects", csv_bytes(rows, "gb18030"), dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert [row.row for row in outcome.rows] == [5, 7]
    assert money("KL-1") == (Decimal("120000"), None)
    assert Project.objects.get(code="KL-2").total_investment == Decimal("8000.5")
    assert Project.objects.count() == 2
    assert outcome.notes == [
        "表头前的标题和说明（第 1–2 行）未作为数据导入。",
        "跳过合计行 1 行（第 8 行）。",
        "跳过空行 1 行（第 6 行）。",
        "跳过表尾的备注、填表人等说明 4 行（第 10–13 行）。",
        "以下列不是系统记录的内容，未导入：“序号”、“联系人”、“联系电话”、“存在问题”、“备注”、"
        "“填表说明”。如其中有要导入的数据，请把列名改为模板中的列名（见模板的“填写说明”）。",
    ]


def test_a_known_column_with_another_unit_still_refuses_among_skipped_columns(make_project):
    make_project(code="KL-1", total_investment=Decimal("100"))
    rows = [["重点项目表"], ["序号", "项目编号", "总投资（亿元）", "备注"], ["1", "KL-1", "2", ""]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.file_problem.startswith("“总投资（亿元）”列的单位是“亿元”")
    assert Project.objects.get().total_investment == Decimal("100")


def test_a_two_row_header_with_merged_cells_is_read_one_header_per_column(sector):
    rows = [
        ["库伦旗2026年重点项目表"],
        ["序号", "项目编号", "项目名称", "所属领域", "建设阶段", "投资（万元）", None, None],
        [None, None, None, None, None, "总投资", "2026年计划", "1-10月完成"],
        [1, "KL-1", "风电项目", "tertiary", "续建", 120000, 50000, 30000],
        [2, "KL-2", "光伏项目", "tertiary", "新开工", 8000.5, 2000, 0],
        ["合计", None, None, None, None, 128000.5, 52000, 30000],
    ]
    merges = ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:H2"]

    outcome = run("projects", xlsx_file(rows, merges), "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert money("KL-1") == (Decimal("120000"), Decimal("50000"))
    assert money("KL-2") == (Decimal("8000.5"), Decimal("2000"))
    assert Project.objects.get(code="KL-1").completed_2026 is None
    assert "表头占两行（第 2–3 行），每列按上下两格合起来识别。" in outcome.notes
    assert "跳过合计行 1 行（第 6 行）。" in outcome.notes
    assert "“投资（万元）1-10月完成”" in outcome.notes[-1]


def test_a_two_row_header_in_another_unit_is_refused_like_a_one_row_header(make_project):
    make_project(code="KL-1", total_investment=Decimal("100"))
    rows = [
        ["项目编号", "投资（亿元）", None],
        [None, "总投资", "2026年计划"],
        ["KL-1", 2, 1],
    ]

    outcome = run("projects", xlsx_file(rows, ["A1:A2", "B1:C1"]), "p.xlsx", dry_run=False)

    assert outcome.file_problem.startswith("“投资（亿元）总投资”列的单位是“亿元”")
    assert Project.objects.get().total_investment == Decimal("100")


def test_a_header_over_its_first_data_row_is_not_a_two_row_header(sector):
    rows = [HEADERS, ["KL-1", "风电项目", "tertiary", "续建", "", ""]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied and outcome.notes == []
    assert Project.objects.get().name == "风电项目"


# 2. Units outside the header.


@pytest.mark.parametrize(
    ("line", "figures", "total", "planned", "note"),
    [
        (["单位：亿元"], ("12.5", "3"), "125000", "30000", "金额按“亿元”读取，已换算为万元"),
        (["", "", "金额单位：元"], ("125,000", "30000"), "12.5", "3", "金额按“元”读取"),
        (["单位：千元"], ("12.5", "3"), "1.25", "0.3", "金额按“千元”读取，已换算为万元"),
        (["库伦旗重点项目表（单位：亿元）"], ("12.5", "3"), "125000", "30000", "金额按“亿元”"),
        (["2026年重点项目表（亿元）"], ("12.5", "3"), "125000", "30000", "金额按“亿元”读取"),
    ],
)
def test_a_unit_line_converts_the_money_columns_to_wan_yuan(
    sector, line, figures, total, planned, note
):
    body = [["KL-1", "风电项目", "tertiary", "续建", *figures]]

    outcome = run("projects", csv_bytes(office_rows(line, body=body)), dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert money("KL-1") == (Decimal(total), Decimal(planned))
    assert any(n.startswith(note) and "“总投资”、“2026年计划投资”列" in n for n in outcome.notes)


def test_yuan_are_rounded_to_the_hundred_yuan_the_system_keeps(sector):
    body = [["KL-1", "风电项目", "tertiary", "续建", "123,456,789", "1,234,550"]]

    outcome = run("projects", csv_bytes(office_rows(["单位：元"], body=body)), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert money("KL-1") == (Decimal("12345.68"), Decimal("123.46"))
    assert "保留两位小数" in outcome.notes[-1]


def test_a_stored_project_shows_the_converted_change_in_the_preview(make_project):
    make_project(code="KL-1", total_investment=Decimal("100000"))
    rows = [["单位：亿元"], ["项目编号", "总投资"], ["KL-1", "12.5"]]

    preview = run("projects", csv_bytes(rows))

    [row] = preview.rows
    assert [(c.column, c.old, c.new) for c in row.changes] == [("总投资(万元)", "100000", "125000")]
    assert Project.objects.get().total_investment == Decimal("100000")


@pytest.mark.parametrize(
    "line",
    [["单位：万元、万千瓦"], ["单位：万元"], ["填报单位：旗发改委", "单位：万元"], []],
)
def test_wan_yuan_or_no_unit_line_reads_the_figures_as_they_are(sector, line):
    rows = office_rows(line) if line else office_rows()

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert money("KL-1") == (Decimal("12.5"), Decimal("3"))
    assert not any("换算" in note for note in outcome.notes)


def test_a_filing_office_is_not_a_unit(sector):
    rows = office_rows(["填报单位：库伦镇人民政府"])

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.file_problem
    assert money("KL-1") == (Decimal("12.5"), Decimal("3"))


def test_a_unit_in_the_footer_applies_too(sector):
    rows = office_rows(below=[["注：金额单位为亿元。"]])

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.file_problem
    assert money("KL-1") == (Decimal("125000"), Decimal("30000"))


REFUSALS = [
    (
        office_rows(["单位：亿元"], headers=[*HEADERS[:4], "总投资(万元)", "2026年计划投资"]),
        "第 1 行写着“单位：亿元”，而“总投资(万元)”列的列名注明“万元”，两者矛盾。",
    ),
    (office_rows(["单位：万美元"]), "第 1 行写着“单位：万美元”，“万美元”无法换算为万元。"),
    (
        office_rows(["（单位：亿元）"], ["单位：万元"]),
        "文件中写了不止一个金额单位：“亿元”（第 1 行）、“万元”（第 2 行）",
    ),
    (office_rows(["单位：万千瓦"]), "第 1 行写着“单位：万千瓦”，不是金额单位"),
]


@pytest.mark.parametrize(("rows", "message"), REFUSALS)
def test_a_unit_that_cannot_apply_refuses_the_file_and_changes_nothing(make_project, rows, message):
    make_project(code="KL-1", name="旧名称", total_investment=Decimal("7"))

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.file_problem.startswith(message)
    assert "整个文件未导入" in outcome.file_problem
    assert not outcome.applied and not outcome.rows
    assert Project.objects.count() == 1
    assert money("KL-1") == (Decimal("7"), None)
    assert Project.objects.get().name == "旧名称"


def test_a_non_money_unit_line_is_fine_when_every_money_header_names_its_unit(sector):
    headers = [*HEADERS[:4], "总投资(万元)", "2026年计划投资（万元）", "建设规模", "规模单位"]
    body = [["KL-1", "风电项目", "tertiary", "续建", "12.5", "3", "20", "万千瓦"]]

    outcome = run(
        "projects",
        csv_bytes(office_rows(["单位：万千瓦"], headers=headers, body=body)),
        dry_run=False,
    )

    assert outcome.applied, outcome.file_problem
    assert money("KL-1") == (Decimal("12.5"), Decimal("3"))
    assert Project.objects.get().capacity == Decimal("20")


def test_report_figures_in_yi_yuan_are_converted(make_project):
    make_project(code="KL-1")
    rows = [
        ["库伦旗重点项目进展情况（单位：亿元）"],
        ["项目编号", "报告日期", "建设阶段", "2026年累计完成投资", "进展情况"],
        ["KL-1", "2026-10-31", "续建", "0.35", "主体完工。"],
    ]

    outcome = run("reports", xlsx_file(rows), "进展.xlsx", dry_run=False, options=UNPUBLISHED)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert ProgressReport.objects.get().completed_2026 == Decimal("3500")


def test_the_admin_preview_shows_what_was_skipped_and_converted(
    client, editor, sector, settings, tmp_path
):
    settings.IMPORT_PENDING_DIR = str(tmp_path / "pending")
    client.force_login(editor)
    rows = office_rows(["单位：亿元"], headers=["序号", *HEADERS], body=[["1", *office_rows()[1]]])
    upload = SimpleUploadedFile("项目.csv", csv_bytes(rows))

    response = client.post(reverse("admin:projects_project_import"), {"import_file": upload})

    page = response.content.decode()
    assert "新增 1 条" in page
    assert "读取说明" in page
    assert "金额按“亿元”读取，已换算为万元" in page
    assert "未导入：“序号”" in page
    assert not Project.objects.exists()


def test_a_column_without_a_header_is_skipped_and_named(sector):
    rows = [[*HEADERS, ""], ["KL-1", "风电项目", "tertiary", "续建", "12.5", "3", "张三"]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.file_problem
    assert "未导入：第 7 列（没有列名）" in outcome.notes[-1]
    assert money("KL-1") == (Decimal("12.5"), Decimal("3"))


def test_money_named_in_the_title_without_a_unit_line_refuses(make_project):
    make_project(code="KL-1", total_investment=Decimal("7"))
    rows = office_rows(["库伦旗2026年重点项目表（总投资50亿元以上）"])

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.file_problem.startswith(
        "第 1 行写着“库伦旗2026年重点项目表（总投资50亿元以上）”，提到“亿元”，"
        "但没有写明“总投资”、“2026年计划投资”列按什么单位填写。"
    )
    assert money("KL-1") == (Decimal("7"), None)

    stated = office_rows(["库伦旗2026年重点项目表（总投资50亿元以上）"], ["单位：万元"])
    assert run("projects", csv_bytes(stated), dry_run=False).applied
    assert money("KL-1") == (Decimal("12.5"), Decimal("3"))


def test_a_two_row_header_read_with_merged_cells_filled_in_each_row(sector):
    # Readers may give a cell merged down over both header rows in each of them.
    rows = [
        ["项目编号", "项目名称", "所属领域", "建设阶段", "投资（万元）", "", "备注"],
        ["项目编号", "项目名称", "所属领域", "建设阶段", "总投资", "2026年计划", "备注"],
        ["KL-1", "风电项目", "tertiary", "续建", "12.5", "3", "急"],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.file_problem
    assert money("KL-1") == (Decimal("12.5"), Decimal("3"))
    assert outcome.notes[-1].startswith("以下列不是系统记录的内容，未导入：“备注”。")


# A row of units under the header, and rows numbered but left empty.


def test_a_unit_row_under_the_header_is_read_as_part_of_each_header(sector):
    rows = [
        ["库伦旗2026年重点项目表"],
        [*HEADERS, "形象进度"],
        [None, None, None, None, "（万元）", "万元", "%"],
        ["KL-1", "风电项目", "tertiary", "续建", 120000, 50000, 35],
    ]

    outcome = run("projects", xlsx_file(rows), "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert money("KL-1") == (Decimal("120000"), Decimal("50000"))
    assert Project.objects.get(code="KL-1").progress == Decimal("35")
    assert (
        "第 3 行是单位行，按其单位读取："
        "“总投资（万元）”、“2026年计划投资（万元）”、“形象进度（%）”。" in outcome.notes
    )


def test_a_unit_row_in_another_unit_refuses_like_a_unit_in_the_header(make_project):
    make_project(code="KL-1", total_investment=Decimal("100"))
    rows = [
        HEADERS,
        [None, None, None, None, "亿元", "亿元"],
        ["KL-1", "风电", "tertiary", "续建", 2, 1],
    ]

    outcome = run("projects", xlsx_file(rows), "项目.xlsx", dry_run=False)

    assert outcome.file_problem.startswith("“总投资（亿元）”列的单位是“亿元”")
    assert Project.objects.get().total_investment == Decimal("100")


def test_rows_numbered_but_left_empty_are_skipped_and_named(sector):
    rows = office_rows(
        headers=["序号", *HEADERS, "备注"],
        body=[
            [1, "KL-1", "风电项目", "tertiary", "续建", 12.5, 3, None],
            [2, "KL-2", "光伏项目", "tertiary", "新开工", 1.25, 0.5, None],
            [3, None, None, None, None, None, None, None],
            [4, None, None, None, None, None, None, "待补"],
            [5, None, None, None, None, None, None, None],
        ],
    )

    outcome = run("projects", xlsx_file(rows), "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert sorted(Project.objects.values_list("code", flat=True)) == ["KL-1", "KL-2"]
    assert (
        "跳过没有数据的行 3 行（第 4–6 行）：这些行只在序号、备注等不导入的列中有内容。"
        in outcome.notes
    )


def test_a_form_with_numbered_empty_rows_only_says_there_is_no_data(sector):
    rows = office_rows(headers=["序号", *HEADERS], body=[[1], [2], [3]])

    outcome = run("projects", xlsx_file(rows), "项目.xlsx", dry_run=False)

    assert outcome.file_problem == "文件中只有表头，没有数据行。"
    assert not Project.objects.exists()
