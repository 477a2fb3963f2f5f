"""``import_records``: the admin's import from the command line, with honest exit codes."""

import pytest
from django.core.management import ManagementUtility

from projects.models import Project

from .test_import_helpers import csv_bytes, project_rows

# The real command line closes the database connection when it ends, which a test inside a
# transaction cannot survive on PostgreSQL: these tests commit and are cleaned up afterwards.
pytestmark = pytest.mark.django_db(transaction=True)


def manage(*args) -> int:
    """Run ``manage.py <args>`` in this process (and its test database); the exit status."""
    try:
        ManagementUtility(["manage.py", *map(str, args)]).execute()
    except SystemExit as stop:
        return stop.code
    return 0


def test_a_good_file_imports_and_exits_zero(sector, editor, tmp_path, capsys):
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes(project_rows(3), "gb18030"))

    status = manage("import_records", "projects", path, "--user", "editor")

    assert status == 0
    assert "已导入“项目.csv”：新增 3 条，更新 0 条，无变化 0 条。" in capsys.readouterr().out
    entry = Project.objects.get(code="T-0001").history.get()
    assert (entry.history_user, entry.history_change_reason) == (editor, "从 项目.csv 导入")


def test_a_bad_row_exits_non_zero_prints_every_problem_and_imports_nothing(
    sector, tmp_path, capsys
):
    rows = project_rows(5)
    rows[2][4] = "一千"
    rows[4][2] = "nowhere"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))

    status = manage("import_records", "projects", path)

    err = capsys.readouterr().err
    assert status == 1
    assert "第 3 行，“总投资(万元)”列，值“一千”：“一千”不是有效的数字" in err
    assert "第 5 行，“所属领域”列，值“nowhere”：找不到领域“nowhere”" in err
    assert "整个文件未导入任何记录" in err
    assert not Project.objects.exists()


def test_dry_run_reports_changes_and_writes_nothing(sector, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(project_rows(2)))

    status = manage("import_records", "projects", path, "--dry-run", "-v", "2")

    out = capsys.readouterr().out
    assert status == 0
    assert "第 2 行 新增：T-0001 测试项目1" in out
    assert "（试运行，未写入）" in out
    assert not Project.objects.exists()


def test_an_unreadable_file_exits_non_zero(db, tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)

    assert manage("import_records", "projects", path) == 1
    assert "另存为 .xlsx" in capsys.readouterr().err


def test_a_missing_file_or_unknown_user_exits_non_zero(db, tmp_path, capsys):
    assert manage("import_records", "projects", tmp_path / "none.csv") == 1
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(project_rows(1)))
    assert manage("import_records", "projects", path, "--user", "ghost") == 1
    assert "没有用户名为“ghost”的用户" in capsys.readouterr().err


def test_an_unknown_kind_is_refused(db, tmp_path):
    assert manage("import_records", "news", tmp_path / "x.csv") == 2


def test_the_command_names_the_sheet_it_read_and_what_it_skipped(sector, tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表由旗发改委填报"])
    sheet = book.create_sheet("项目表")
    sheet.append(["库伦旗2026年重点项目表"])
    for row in project_rows(2):
        sheet.append(row)
    sheet.row_dimensions[4].hidden = True  # the second project: hidden, so not imported
    path = tmp_path / "项目.xlsx"
    book.save(path)

    status = manage("import_records", "projects", path, "--dry-run")

    out = capsys.readouterr().out
    assert status == 0
    assert "读取工作表：项目表（另有：说明）" in out
    assert "隐藏的 1 行未导入" in out
    assert "新增 1 条" in out
    assert not Project.objects.exists()


def test_a_dry_run_lists_each_new_record_with_its_values(sector, tmp_path, capsys):
    path = tmp_path / "项目.csv"
    path.write_bytes(csv_bytes(project_rows(1, **{"总投资(万元)": "12,500.5"})))

    status = manage("import_records", "projects", path, "--dry-run")

    out = capsys.readouterr().out
    assert status == 0
    assert "第 2 行 新增：T-0001 测试项目1" in out
    assert "计划开工日期：2026-03-01" in out and "12500.5" in out
    assert not Project.objects.exists()
