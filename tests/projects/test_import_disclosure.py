"""Importing disclosure items: new rows added, rows with 编号 update their item, the model's
rules reported per row and column, all or nothing, a reporter's file sent for review."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
import xlwt
from openpyxl import Workbook

from projects.disclosure import ItemState
from projects.imports import service
from projects.models import DisclosureItem, Submission

from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db
d = datetime.date
TODAY = d(2026, 4, 10)
HEADERS = [
    "项目编号", "公开类别", "公开情况", "公开事项", "文号/编号", "事项日期", "单位/机关",
    "结果", "链接", "内容", "金额（万元）", "不予公开的理由", "说明或依据", "信息形成或变更日期",
    "已发布",
]  # fmt: skip
FILING = ["KL-D1", "批准结果信息", "公开", "项目备案", "库发改备〔2026〕7号", "2026-03-02",
          "库伦旗发展和改革委员会", "", "", "", "", "", "", "2026-03-02", "是"]  # fmt: skip
TENDER = ["KL-D1", "3", "", "tender_notice", "", "2026-03-05", "", "", "ggzy.example.gov.cn/1",
          "", "", "", "", "2026-03-05", "否"]  # fmt: skip
LAND = ["KL-D1", "征收土地信息", "不适用", "", "", "", "", "", "", "", "", "", "使用已有建设用地。",
        "", "是"]  # fmt: skip


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def project(make_project, tourism):
    return make_project(code="KL-D1", name="冰雪小镇", responsible_unit=tourism)


def office_xlsx(rows) -> bytes:
    """As an office sends it: a notes sheet first, a title row, a merged title cell."""
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["本表由旗发改委汇总，请勿改动表头。"])
    data = book.create_sheet("信息公开事项")
    data.append(["库伦旗重大建设项目信息公开事项汇总表"])
    data.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    data.append(HEADERS)
    for row in rows:
        data.append(row)
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_preview_of_a_new_item_shows_its_values_and_no_placeholder_number(project):
    outcome = run("disclosure", office_xlsx([FILING]), "公开事项.xlsx", dry_run=True)
    shown = {change.column: change.new for change in outcome.rows[0].details}
    assert shown["文号/编号"] == "库发改备〔2026〕7号" and shown["公开事项"] == "项目备案"
    assert "编号" not in shown  # the database numbers it when it is written


def test_an_office_file_adds_items_checked_by_the_model(project):
    outcome = run("disclosure", office_xlsx([FILING, TENDER, LAND]), "公开事项.xlsx", dry_run=False)
    assert not outcome.problems and not outcome.file_problem, outcome.problems
    assert outcome.applied and len(outcome.created) == 3
    filing = DisclosureItem.objects.get(matter="filing")
    assert filing.is_published and filing.published_on == TODAY  # stamped as a save stamps it
    # 20 working days after Mon 2 Mar 2026, none of them a holiday: Mon 30 Mar.
    assert (filing.due_on, filing.due_estimated) == (datetime.date(2026, 3, 30), False)
    tender = DisclosureItem.objects.get(matter="tender_notice")
    assert tender.category == 3 and tender.link == "https://ggzy.example.gov.cn/1"
    assert not tender.is_published and tender.published_on is None
    land = DisclosureItem.objects.get(category=4)
    assert land.state == ItemState.NOT_APPLICABLE and land.reason == "使用已有建设用地。"
    assert tender.history.count() == 1


def test_the_models_rules_are_reported_per_row_and_column_and_nothing_is_written(project):
    missing = [*FILING]
    missing[6] = ""  # a filing needs its 备案单位
    wrong = [*TENDER]
    wrong[3] = "项目备案"  # a matter of category 2 under category 3
    withheld = [*LAND]
    withheld[2], withheld[4] = "不予公开", "某号"  # withheld with content, no reason chosen
    outcome = run("disclosure", csv_bytes([HEADERS, missing, wrong, withheld]), dry_run=False)
    assert not outcome.applied and not DisclosureItem.objects.exists()
    found = {(p.row, p.column) for p in outcome.problems}
    assert (2, "单位/机关") in found
    assert (3, "公开事项") in found
    assert (4, "公开情况") in found and (4, "不予公开的理由") in found


def test_a_row_with_its_id_updates_that_item_and_an_unknown_id_is_refused(project):
    run("disclosure", csv_bytes([HEADERS, FILING]), dry_run=False)
    item = DisclosureItem.objects.get()
    changed = ["编号", *HEADERS], [item.pk, *FILING]
    changed[1][5] = "库发改备〔2026〕8号"
    outcome = run("disclosure", csv_bytes(changed), dry_run=False)
    assert outcome.applied and len(outcome.updated) == 1, outcome.problems
    item.refresh_from_db()
    assert item.number == "库发改备〔2026〕8号" and item.history.count() == 2
    changed[1][14] = "2026-03-09"  # the information changed: a new due date
    assert run("disclosure", csv_bytes(changed), dry_run=False).applied
    item.refresh_from_db()
    # From Mon 9 Mar: 10–13, 16–20, 23–27 Mar, 30 Mar–3 Apr make 19; 4–6 Apr is Qingming.
    assert item.due_on == datetime.date(2026, 4, 7)
    unknown = csv_bytes([["编号", *HEADERS], [item.pk + 99, *FILING]])
    outcome = run("disclosure", unknown, dry_run=False)
    assert not outcome.applied
    assert [p.column for p in outcome.problems] == ["编号"]
    assert "没有编号为" in outcome.problems[0].reason


def test_a_new_row_like_a_stored_item_is_refused_rather_than_guessed(project):
    run("disclosure", csv_bytes([HEADERS, FILING]), dry_run=False)
    stored = DisclosureItem.objects.get()
    outcome = run("disclosure", csv_bytes([HEADERS, FILING]), dry_run=False)
    assert not outcome.applied and DisclosureItem.objects.count() == 1
    assert f"编号 {stored.pk}" in outcome.problems[0].reason


def test_an_item_cannot_move_to_another_project(project, make_project):
    make_project(code="KL-D2")
    run("disclosure", csv_bytes([HEADERS, FILING]), dry_run=False)
    item = DisclosureItem.objects.get()
    moved = [*FILING]
    moved[0] = "KL-D2"
    outcome = run("disclosure", csv_bytes([["编号", *HEADERS], [item.pk, *moved]]), dry_run=False)
    assert not outcome.applied and outcome.problems[0].column == "项目编号"


def test_money_in_another_unit_is_refused(project):
    headers = [h if h != "金额（万元）" else "金额（亿元）" for h in HEADERS]
    contract = ["KL-D1", "招标投标信息", "公开", "合同订立及履行情况", "", "2026-03-05", "", "",
                "", "合同已签订。", "1.2", "", "", "2026-03-05", "否"]  # fmt: skip
    outcome = run("disclosure", csv_bytes([headers, contract]), dry_run=False)
    assert not outcome.applied and not DisclosureItem.objects.exists()
    assert outcome.file_problem or outcome.problems


def test_a_legacy_xls_is_read(project):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("事项")
    for column, header in enumerate(HEADERS):
        sheet.write(0, column, header)
    for column, value in enumerate(FILING):
        sheet.write(1, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = run("disclosure", buffer.getvalue(), "旧表.xls", dry_run=False)
    assert outcome.applied and DisclosureItem.objects.count() == 1, outcome.problems


def test_a_reporters_file_goes_to_review(project, reporter):
    outcome = run("disclosure", csv_bytes([HEADERS, FILING]), user=reporter, dry_run=False)
    assert outcome.applied and outcome.for_review, (outcome.problems, outcome.file_problem)
    item = DisclosureItem.objects.get()
    assert not item.is_published
    assert Submission.objects.get(pk=outcome.submission_id).title.startswith("导入信息公开事项")


def test_the_template_and_export_round_trip(project):
    run("disclosure", csv_bytes([HEADERS, FILING, TENDER]), dry_run=False)
    exported = service.export_file(kind="disclosure", file_format="csv")
    text = exported.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("编号,项目编号,公开类别")
    outcome = run("disclosure", exported)
    assert not outcome.problems and all(r.status == "unchanged" for r in outcome.rows), [
        (r.status, r.changes) for r in outcome.rows
    ]


def test_the_template_says_documents_are_not_imported():
    from projects.imports.template_files import notes

    said = " ".join(notes(service.resource_for("disclosure")))
    assert "附件" in said and "不能通过文件导入" in said


def test_not_applicable_stands_alone_in_its_category(project):
    other = [*LAND]
    other[2], other[3], other[6], other[12], other[13] = "公开", "征地公告", "", "", "2026-03-01"
    other[5] = "2026-03-01"
    outcome = run("disclosure", csv_bytes([HEADERS, LAND, other]), dry_run=False)
    assert not outcome.applied
    assert {p.column for p in outcome.problems} == {"公开情况"}


def test_the_preview_names_each_item_as_the_site_does(project):
    withheld = [*LAND]
    withheld[1], withheld[2], withheld[11], withheld[12], withheld[13] = (
        "施工有关信息", "不予公开", "商业秘密", "《政府信息公开条例》第十五条", "2026-03-01",
    )  # fmt: skip
    rows = [FILING, TENDER, LAND, withheld]
    preview = run("disclosure", csv_bytes([HEADERS, *rows]))
    assert not preview.problems, preview.problems
    written = run("disclosure", csv_bytes([HEADERS, *rows]), dry_run=False)
    items = DisclosureItem.objects.in_bulk([item.pk for item in written.created])
    named = [f"KL-D1 新事项 {items[item.pk]}" for item in written.created]
    assert [r.label for r in preview.rows] == named
    assert named[0] == "KL-D1 新事项 项目备案 库发改备〔2026〕7号"
    assert named[3] == "KL-D1 新事项 施工有关信息：不予公开"


def test_an_amount_1000_times_off_its_projects_total_must_be_confirmed(project):
    from projects.imports.options import ImportOptions

    project.total_investment = 12500  # 1.25 亿元
    project.save()
    audit = ["KL-D1", "竣工有关信息", "公开", "竣工决算审计", "", "2026-03-20", "示例会计师事务所",
             "审计无异议", "", "", "1.25", "", "", "2026-03-20", "否"]  # fmt: skip
    preview = run("disclosure", csv_bytes([HEADERS, audit]))
    [warning] = preview.warnings
    assert warning.line() == (
        "第 2 行 KL-D1 新事项 竣工决算审计：“金额（万元）”为 1.25 万元，"
        "项目总投资为 12,500 万元，相差约 10,000 倍"
    )
    refused = run("disclosure", csv_bytes([HEADERS, audit]), dry_run=False)
    assert not refused.applied and not DisclosureItem.objects.exists()
    accepted = run(
        "disclosure", csv_bytes([HEADERS, audit]), dry_run=False,
        options=ImportOptions(accept_large_changes=True),
    )  # fmt: skip
    assert accepted.applied and DisclosureItem.objects.get().amount == Decimal("1.25")
    audit[10] = "12000"  # the same audit in 万元: nothing to confirm
    assert not run("disclosure", csv_bytes([HEADERS, audit])).warnings
