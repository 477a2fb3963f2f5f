"""Monthly progress files as county offices keep them: the report date given once (in the title,
on the admin form or with --date), 项目名称 beside the code checked against it, 1-10月完成投资
read as the 2026 cumulative investment, and whether the reports are published always said."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from projects.imports.options import ImportOptions
from projects.models import ProgressReport

from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db

TITLE = "库伦旗重点项目建设进展情况表（截至10月31日）"
HEADERS = ["序号", "项目编号", "项目名称", "建设阶段", "形象进度", "1-10月完成投资", "进展情况"]
HEADERS += ["存在问题"]
ROW = ["1", "KL2026-005", "30万千瓦源网荷储一体化", "续建", "45%", "12,000", "风机基础完成", "无"]
TOTAL = ["合计", "", "", "", "", "12,000", "", ""]
PUBLISH = ImportOptions(publish=True)
IMPORT = reverse("admin:projects_progressreport_import")
CONFIRM = reverse("admin:projects_progressreport_process_import")


@pytest.fixture
def project(make_project):
    return make_project(
        code="KL2026-005", name="30万千瓦源网荷储一体化", planned_2026=Decimal(50000)
    )


def office_file(title=TITLE, headers=HEADERS, body=(ROW,)):
    above = [[title], ["填报单位：旗发改委        单位：万元"]] if title else []
    return [*above, headers, *body, TOTAL]


def office_xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:H1")  # the title over the whole table, as offices lay it out
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stored():
    return list(
        ProgressReport.objects.values_list(
            "project__code", "date", "stage", "progress", "completed_2026", "text", "is_published"
        )
    )


OCTOBER = ("KL2026-005", datetime.date(2026, 10, 31), "continuing", Decimal(45), Decimal(12000))


# The file as sent.


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_monthly_progress_file_imports_as_sent(project, file_format):
    rows = office_file()
    data = csv_bytes(rows) if file_format == "csv" else office_xlsx(rows)

    outcome = run("reports", data, f"10月进展.{file_format}", dry_run=False, options=PUBLISH)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [(*OCTOBER, "风机基础完成", True)]
    assert (
        f"报告日期：2026-10-31（取自标题“{TITLE}”，年份按计划年度 2026 年），用于文件中的每一行。"
        in (outcome.notes)
    )
    assert "“1-10月完成投资”按 2026 年 1–10 月累计完成投资（即“2026年累计完成投资”）读取。" in (
        outcome.notes
    )
    assert outcome.statements == ["导入后这些进展报告：已发布"]
    assert outcome.summary().endswith("导入后这些进展报告：已发布。")


@pytest.mark.parametrize(
    ("title", "header", "day"),
    [
        ("库伦旗重点项目建设进展情况表（截至2026年10月31日）", "1—10月累计完成投资", 31),
        ("库伦旗重点项目建设进展情况表（截至10月25日）", "累计完成投资", 25),
        ("库伦旗2026年10月重点项目进展", "本年完成投资", 31),
        ("库伦旗2026年1-10月重点项目建设进展情况", "1-10月完成投资", 31),
        ("库伦旗重点项目1—10月份进展情况", "累计完成投资", 31),
        ("2026年1月—10月重点项目进展", "1-10月完成投资", 31),
    ],
)
def test_title_dates_and_cumulative_headers_offices_write(project, title, header, day):
    headers = [*HEADERS[:5], header, *HEADERS[6:]]

    outcome = run("reports", csv_bytes(office_file(title, headers)), dry_run=False, options=PUBLISH)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [
        (*OCTOBER[:1], datetime.date(2026, 10, day), *OCTOBER[2:], "风机基础完成", True)
    ]


def test_a_filing_date_line_is_not_the_report_date(project):
    rows = [["库伦旗重点项目建设进展情况表"], ["填报日期：2026年11月5日"], HEADERS, ROW]

    outcome = run("reports", csv_bytes(rows), dry_run=False, options=PUBLISH)

    assert not outcome.applied
    assert "文件中没有“报告日期”列，标题中也没有写明截止日期" in outcome.file_problem
    assert not ProgressReport.objects.exists()


# Where the date comes from.


def test_a_date_column_wins_for_its_rows_and_its_blank_cells_take_the_title_date(
    project, make_project
):
    make_project(code="KL2026-006", name="光伏项目")
    headers = ["项目编号", "项目名称", "报告日期", "建设阶段", "累计完成投资", "进展情况"]
    body = [
        ["KL2026-005", "30万千瓦源网荷储一体化", "2026-09-30", "续建", "9000", "九月"],
        ["KL2026-006", "光伏项目", "", "续建", "", "十月"],
    ]

    outcome = run(
        "reports", csv_bytes(office_file(TITLE, headers, body)), dry_run=False, options=PUBLISH
    )

    assert outcome.applied, outcome.error_lines()
    assert sorted(ProgressReport.objects.values_list("project__code", "date", "text")) == [
        ("KL2026-005", datetime.date(2026, 9, 30), "九月"),
        ("KL2026-006", datetime.date(2026, 10, 31), "十月"),
    ]
    assert any(
        note.startswith("报告日期：按文件中的“报告日期”列；该列留空的 1 行按 2026-10-31（取自标题")
        for note in outcome.notes
    )


def test_a_file_without_any_date_is_refused_saying_where_to_give_it(project):
    outcome = run("reports", csv_bytes(office_file(title="")), dry_run=False, options=PUBLISH)

    assert not outcome.applied
    assert outcome.file_problem.startswith("文件中没有“报告日期”列，标题中也没有写明截止日期")
    assert "导入页面的“报告日期”" in outcome.file_problem
    assert "--date" in outcome.file_problem
    assert not ProgressReport.objects.exists()


def test_the_date_given_on_the_form_is_used_and_named(project):
    options = ImportOptions(report_date=datetime.date(2026, 10, 31), publish=False)

    outcome = run("reports", csv_bytes(office_file(title="")), dry_run=False, options=options)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [(*OCTOBER, "风机基础完成", False)]
    assert (
        "报告日期：2026-10-31（取自导入页面填写的报告日期），用于文件中的每一行。" in outcome.notes
    )


def test_a_form_date_contradicting_the_title_is_refused(project):
    options = ImportOptions(report_date=datetime.date(2026, 9, 30), publish=True)

    outcome = run("reports", csv_bytes(office_file()), dry_run=False, options=options)

    assert not outcome.applied
    assert (
        "写的报告日期是 2026-10-31，而导入页面填写的报告日期是 2026-09-30" in outcome.file_problem
    )
    assert not ProgressReport.objects.exists()


# The month of the cumulative column.


def test_a_header_month_other_than_the_title_dates_is_refused(project):
    title = "库伦旗重点项目建设进展情况表（截至9月30日）"

    outcome = run("reports", csv_bytes(office_file(title)), dry_run=False, options=PUBLISH)

    assert not outcome.applied
    assert outcome.file_problem.startswith(
        "“1-10月完成投资”是 2026 年 1–10 月的累计完成投资，而报告日期是 2026-09-30"
    )
    assert "月份不一致" in outcome.file_problem
    assert not ProgressReport.objects.exists()


def test_a_header_month_other_than_a_rows_date_is_an_error_on_that_row(project, make_project):
    make_project(code="KL2026-006", name="光伏项目")
    headers = ["项目编号", "报告日期", "建设阶段", "1-10月完成投资", "进展情况"]
    body = [
        ["KL2026-005", "2026-10-31", "续建", "12000", "十月"],
        ["KL2026-006", "2026-09-30", "续建", "100", "九月"],
    ]

    outcome = run("reports", csv_bytes([headers, *body]), dry_run=False, options=PUBLISH)

    assert not outcome.applied
    [problem] = outcome.problems
    assert (problem.row, problem.column) == (3, "1-10月完成投资")
    assert "而报告日期是 2026-09-30（本行“报告日期”），月份不一致" in problem.reason
    assert not ProgressReport.objects.exists()


# The name beside the code.


def test_a_name_differing_only_in_spaces_and_width_is_the_same_name(project):
    row = [*ROW[:2], " 30万千瓦源网荷储一体化 ", *ROW[3:]]
    project.name = "30万千瓦源网荷储一体化（一期）"
    project.save()
    row[2] = "３０万千瓦 源网荷储一体化(一期)"

    outcome = run("reports", csv_bytes(office_file(body=[row])), dry_run=False, options=PUBLISH)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [(*OCTOBER, "风机基础完成", True)]


def test_a_name_that_is_not_the_codes_is_an_error_naming_both(project):
    row = [*ROW[:2], "20万千瓦风电项目", *ROW[3:]]

    outcome = run("reports", csv_bytes(office_file(body=[row])), dry_run=False, options=PUBLISH)

    assert not outcome.applied
    [problem] = outcome.problems
    assert (problem.row, problem.column, problem.value) == (4, "项目名称", "20万千瓦风电项目")
    assert "“20万千瓦风电项目”与编号 KL2026-005 的项目名称“30万千瓦源网荷储一体化”不一致" in (
        problem.reason
    )
    assert not ProgressReport.objects.exists()


# Whether the reports are published.


def test_without_a_published_column_or_a_choice_the_file_is_refused(project):
    outcome = run("reports", csv_bytes(office_file()), dry_run=False)

    assert not outcome.applied
    assert outcome.file_problem.startswith("文件中没有“已发布”列，请选择导入后这些进展报告是否发布")
    assert not ProgressReport.objects.exists()


def test_not_publishing_is_stated_in_the_preview_and_the_result(project):
    options = ImportOptions(publish=False)

    preview = run("reports", csv_bytes(office_file()), options=options)
    outcome = run("reports", csv_bytes(office_file()), dry_run=False, options=options)

    assert preview.statements == ["导入后这些进展报告：未发布（需在后台发布）"]
    assert outcome.summary() == (
        "已导入“data.csv”：新增 1 条，更新 0 条，无变化 0 条。"
        "导入后这些进展报告：未发布（需在后台发布）。"
    )
    assert stored() == [(*OCTOBER, "风机基础完成", False)]


def test_the_choice_never_withdraws_a_report_already_public(project):
    ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 10, 31), stage="continuing",
        text="旧文字", is_published=True,
    )  # fmt: skip

    outcome = run(
        "reports",
        csv_bytes(office_file()),
        dry_run=False,
        options=ImportOptions(publish=False),
    )

    assert outcome.applied, outcome.error_lines()
    assert stored() == [(*OCTOBER, "风机基础完成", True)]
    assert outcome.statements == ["导入后这些进展报告：已发布"]


def test_a_published_column_wins_and_its_blank_cells_take_the_choice(project, make_project):
    make_project(code="KL2026-006", name="光伏项目")
    headers = [*HEADERS, "已发布"]
    body = [[*ROW, "否"], ["2", "KL2026-006", "光伏项目", "续建", "10%", "", "开工", "", ""]]

    outcome = run(
        "reports", csv_bytes(office_file(TITLE, headers, body)), dry_run=False, options=PUBLISH
    )

    assert outcome.applied, outcome.error_lines()
    assert dict(ProgressReport.objects.values_list("project__code", "is_published")) == {
        "KL2026-005": False,
        "KL2026-006": True,
    }
    assert outcome.statements == ["导入后这些进展报告：1 条已发布，1 条未发布（需在后台发布）"]


# The command and the admin.


def test_the_command_takes_the_date_and_the_publish_choice(project, tmp_path):
    path = tmp_path / "10月进展.csv"
    path.write_bytes(csv_bytes(office_file(title="")))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_records",
            "reports",
            str(path),
            "--date",
            "2026-10-31",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert not ProgressReport.objects.exists()
    call_command(
        "import_records", "reports", str(path), "--date", "2026-10-31", "--no-publish", stdout=out
    )

    assert stored() == [(*OCTOBER, "风机基础完成", False)]
    text = out.getvalue()
    assert "报告日期：2026-10-31（取自命令行参数 --date），用于文件中的每一行。" in text
    assert "导入后这些进展报告：未发布（需在后台发布）。" in text


def test_the_command_refuses_report_options_for_other_kinds(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes([["项目编号", "项目名称"], ["KL-1", "x"]]))

    with pytest.raises(CommandError, match="只用于进展报告"):
        call_command("import_records", "projects", str(path), "--publish", stdout=io.StringIO())


def test_the_admin_asks_for_the_date_and_the_publish_choice(
    client, editor, project, settings, tmp_path
):
    settings.IMPORT_PENDING_DIR = str(tmp_path / "pending")
    client.force_login(editor)
    data = csv_bytes(office_file(title=""))

    unchosen = client.post(IMPORT, {"import_file": SimpleUploadedFile("进展.csv", data)})
    assert "请选择导入后这些进展报告是否发布。" in unchosen.content.decode()
    response = client.post(
        IMPORT,
        {
            "import_file": SimpleUploadedFile("进展.csv", data),
            "report_date": "2026-10-31",
            "publish": "0",
        },
    )
    page = response.content.decode()
    assert "报告日期：2026-10-31（取自导入页面填写的报告日期）" in page
    assert "导入后这些进展报告：未发布（需在后台发布）" in page
    assert not ProgressReport.objects.exists()
    token = page.split('name="token" value="')[1].split('"')[0]

    done = client.post(CONFIRM, {"token": token}, follow=True)

    assert stored() == [(*OCTOBER, "风机基础完成", False)]
    assert "导入后这些进展报告：未发布（需在后台发布）" in done.content.decode()
