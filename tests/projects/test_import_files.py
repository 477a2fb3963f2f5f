"""Files as Excel, WPS and scripts save them: encodings, XLSX cells, wrong formats, limits."""

import datetime
from decimal import Decimal

import pytest

from projects.models import Project, Sector

from .test_import_helpers import PROJECT_HEADERS, csv_bytes, project_rows, run, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_each_encoding_imports_the_same_chinese_text(sector, encoding):
    data = csv_bytes(project_rows(3), encoding=encoding)

    outcome = run("projects", data, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert list(Project.objects.order_by("code").values_list("name", flat=True)) == [
        "测试项目1",
        "测试项目2",
        "测试项目3",
    ]


def test_a_bom_does_not_corrupt_the_first_header(sector):
    data = csv_bytes(project_rows(1), encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")

    outcome = run("projects", data, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().code == "T-0001"


def test_a_tiny_gbk_file_is_read_as_gbk_not_as_mojibake(sector):
    data = csv_bytes([["项目编号", "项目名称", "所属领域"], ["A1", "库伦", "tertiary"]], "gbk")

    outcome = run("projects", data, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().name == "库伦"


def test_excel_unicode_text_tab_separated_utf16_is_read(sector):
    data = csv_bytes(project_rows(2), encoding="utf-16", delimiter="\t")

    outcome = run("projects", data, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.count() == 2


def test_xlsx_written_by_openpyxl_with_real_dates_numbers_and_percentages(sector):
    headers = ["项目编号", "项目名称", "所属领域", "总投资(万元)", "计划开工日期", "形象进度(%)"]
    rows = [headers, ["X-1", "风电", "tertiary", 120000.5, datetime.datetime(2026, 4, 1), 0.35]]
    data = xlsx_bytes(rows, formats={(2, 6): "0%"})

    outcome = run("projects", data, file_name="项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    project = Project.objects.get(code="X-1")
    assert project.total_investment == Decimal("120000.5")
    assert project.planned_start == datetime.date(2026, 4, 1)
    assert project.progress == Decimal(35)


def test_xlsx_code_that_excel_made_a_long_number_is_refused_with_its_row(sector):
    rows = [["项目编号", "项目名称", "所属领域"], [1.23456789012345e17, "风电", "tertiary"]]

    outcome = run("projects", xlsx_bytes(rows), file_name="p.xlsx", dry_run=False)

    assert not outcome.applied
    [problem] = outcome.problems
    assert (problem.row, problem.column) == (2, "项目编号")
    assert "文本" in problem.reason
    assert not Project.objects.exists()


def test_csv_code_in_scientific_notation_is_refused(sector):
    data = csv_bytes([PROJECT_HEADERS[:3], ["1.23E+15", "风电", "tertiary"]])

    outcome = run("projects", data, dry_run=False)

    [problem] = outcome.problems
    assert problem.reason.startswith("“1.23E+15”是 Excel 的科学计数法")
    assert not Project.objects.exists()


def test_a_title_row_above_the_headers_is_skipped_and_rows_keep_excel_numbers(sector):
    rows = [["库伦旗2026年重点项目表"], [], *project_rows(2, 所属领域="nowhere")]

    outcome = run("projects", csv_bytes(rows))

    assert [p.row for p in outcome.problems] == [4, 5]


def test_a_damaged_legacy_xls_is_refused_with_advice(db):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600

    outcome = run("projects", data, file_name="old.xls")

    assert "已损坏" in outcome.file_problem
    assert "另存为 .xlsx" in outcome.file_problem


def test_a_binary_file_is_refused(db):
    outcome = run("projects", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", file_name="x.png")

    assert "只能导入 CSV（.csv）、Excel（.xlsx、.xls）或 .ods" in outcome.file_problem


def test_a_file_of_no_known_encoding_is_refused(db):
    outcome = run("projects", "项目编号\n".encode() + b"\xff\xfe\xfa\x80\x81", "x.csv")

    assert "编码" in outcome.file_problem


def test_a_corrupt_xlsx_is_refused(db):
    outcome = run("projects", b"PK\x03\x04not really a zip", file_name="x.xlsx")

    assert "已损坏" in outcome.file_problem


def test_a_file_over_the_size_limit_is_refused(settings, sector):
    settings.IMPORT_MAX_BYTES = 1024

    outcome = run("projects", csv_bytes(project_rows(100)), dry_run=False)

    assert outcome.file_problem.startswith("文件过大")
    assert not Project.objects.exists()


def test_a_file_over_the_row_limit_is_refused(settings, sector):
    settings.IMPORT_MAX_ROWS = 50

    outcome = run("projects", csv_bytes(project_rows(51)), dry_run=False)

    assert "最多 50 行" in outcome.file_problem
    assert not Project.objects.exists()


def test_unknown_columns_are_skipped_and_named_in_the_preview(sector):
    rows = project_rows(1)
    rows[0] = [*rows[0], "备注"]
    rows[1] = [*rows[1], "x"]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.file_problem
    assert outcome.notes[-1].startswith("以下列不是系统记录的内容，未导入：“备注”。")
    assert Project.objects.get().name == "测试项目1"


def test_a_missing_key_column_is_named(sector):
    outcome = run("projects", csv_bytes([["项目名称"], ["风电"]]))

    assert outcome.file_problem == "缺少必需的列：项目编号。"


def test_english_aliases_and_header_variants_are_accepted(sector):
    rows = [
        ["Project Code", "name", "Sector", "总投资（万元）", "planned_start"],
        ["E-1", "Wind farm", "tertiary", "10", "2026-05-01"],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get(code="E-1").total_investment == Decimal(10)


def test_a_column_given_twice_is_refused(sector):
    rows = [["项目编号", "项目名称", "name"], ["E-1", "风电", "Wind"]]

    outcome = run("projects", csv_bytes(rows))

    assert "出现了两次" in outcome.file_problem


def test_a_header_only_file_says_there_are_no_rows(sector):
    outcome = run("projects", csv_bytes([PROJECT_HEADERS]))

    assert "没有数据行" in outcome.file_problem


DATE_FORMS = [
    "2026-03-01",
    "2026/3/1",
    "2026.3.1",
    "2026年3月1日",
    "２０２６年３月１日",
    "2026-3-1",
]
NUMBER_FORMS = ["1,234.50", "1234.5", "１，２３４．５", " 1 234.5 ", "1234.50", "1,234.5"]


def test_each_date_and_number_form_in_one_gbk_file_gives_the_same_values(sector):
    rows = [["项目编号", "项目名称", "所属领域", "计划开工日期", "总投资(万元)", "形象进度(%)"]]
    for index, (day, number) in enumerate(zip(DATE_FORMS, NUMBER_FORMS, strict=True)):
        percent = ["40%", "40", "４０％", "40 %", " 40", "40.0%"][index]
        rows.append([f"F-{index}", "项目", "tertiary", day, number, percent])

    outcome = run("projects", csv_bytes(rows, "gb18030"), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert set(Project.objects.values_list("planned_start", "total_investment", "progress")) == {
        (datetime.date(2026, 3, 1), Decimal("1234.5"), Decimal(40))
    }


def test_xlsx_dates_as_date_cells_text_and_bare_serial_numbers(sector):
    rows = [
        ["项目编号", "项目名称", "所属领域", "计划开工日期"],
        ["D-1", "项目", "tertiary", datetime.date(2026, 3, 1)],
        ["D-2", "项目", "tertiary", "2026年3月1日"],
        ["D-3", "项目", "tertiary", 46082],  # a date cell whose format was lost
    ]

    outcome = run(
        "projects", xlsx_bytes(rows, formats={(2, 4): "yyyy/m/d"}), "d.xlsx", dry_run=False
    )

    assert outcome.applied, outcome.error_lines()
    assert set(Project.objects.values_list("planned_start", flat=True)) == {
        datetime.date(2026, 3, 1)
    }


def test_sectors_by_name_unless_two_share_it_and_a_slug_always_wins(sector):
    Sector.objects.create(slug="第三产业", name="别的领域")
    Sector.objects.create(slug="other", name="同名", parent=sector.parent)
    Sector.objects.create(slug="other-2", name="同名", parent=sector.parent)
    rows = [
        ["项目编号", "项目名称", "所属领域"],
        ["S-1", "按名称", "产业升级"],
        ["S-2", "按标识", "第三产业"],
        ["S-3", "重名", "同名"],
    ]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert (problem.row, problem.reason) == (4, "有不止一个领域叫“同名”，请改填它的标识。")
    rows.pop()
    assert run("projects", csv_bytes(rows), dry_run=False).applied
    assert Project.objects.get(code="S-1").sector == sector.parent
    assert Project.objects.get(code="S-2").sector.slug == "第三产业"
