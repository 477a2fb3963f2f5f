"""A change to what a published target promises, or how it is judged, says why: in the admin
and in imports, with the reason and the document number in the target's history."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.imports import service, template_files
from projects.imports.outcome import ERROR, UNCHANGED, UPDATE
from projects.imports.resources import TargetResource
from projects.models import Target, Unit

from .admin_forms import form_data
from .test_import_helpers import csv_bytes, read_xlsx, run, xlsx_bytes

pytestmark = pytest.mark.django_db

REFUSAL = "修改已发布指标的目标值、截止日期等判断依据，须填写“修改原因”"


@pytest.fixture
def staff(client, editor):
    client.force_login(editor)
    return client


def open_form(client, target):
    url = reverse("admin:projects_target_change", args=[target.pk])
    return url, form_data(client.get(url))


def field_block(page: str, name: str) -> str:
    """The admin's row of one field: its label, input, help and errors."""
    start = page.index(f"field-{name}")
    end = page.find('<div class="form-row', start)
    return page[start:end]


# The admin form.


def test_a_published_figure_changed_without_a_reason_is_refused_next_to_the_reason(
    staff, make_target
):
    target = make_target(figure=D(130))
    url, data = open_form(staff, target)
    data.update({"figure": "135", "deadline": "2026-11-30"})

    response = staff.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["change_reason"]
    [message] = errors["change_reason"]
    assert message.startswith(REFUSAL)
    assert "目标值" in message and "截止日期" in message and "单位" not in message
    assert REFUSAL in field_block(response.content.decode(), "change_reason")
    stored = Target.objects.get(pk=target.pk)
    assert (stored.figure, stored.deadline) == (D(130), datetime.date(2026, 12, 31))
    assert stored.history.count() == 1


def test_a_reason_of_spaces_is_no_reason(staff, make_target):
    target = make_target()
    url, data = open_form(staff, target)
    data.update({"figure": "135", "change_reason": "   "})

    response = staff.post(url, data)

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    assert Target.objects.get(pk=target.pk).figure == D(130)


def test_with_a_reason_the_change_is_saved_and_its_history_carries_reason_and_document(
    staff, editor, make_target
):
    target = make_target(figure=D(130))
    url, data = open_form(staff, target)
    data.update(
        {
            "figure": "135",
            "change_reason": "旗政府常务会议决定上调目标",
            "revision_document": "库政发〔2026〕12号",
        }
    )

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.figure == D(135)
    latest = target.history.first()
    assert latest.history_change_reason == "旗政府常务会议决定上调目标"
    assert latest.revision_document == "库政发〔2026〕12号"
    assert latest.history_user == editor
    assert latest.prev_record.figure == D(130)


def test_a_draft_target_changes_without_a_reason(staff, make_target):
    target = make_target(is_published=False)
    url, data = open_form(staff, target)
    data.update({"figure": "135", "deadline": "2026-11-30"})

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.figure == D(135)
    assert target.history.first().revision_document == ""


def test_an_edit_that_leaves_the_verdict_alone_needs_no_reason(staff, make_target):
    target = make_target(rule_stages=["continuing", "new_start"])
    url, data = open_form(staff, target)
    unit = Unit.objects.create(name="旗文旅体育局")
    data.update({"title": "年接待游客人次", "responsible_unit": str(unit.pk)})

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert (target.title, target.responsible_unit) == ("年接待游客人次", unit)
    # the stages ticked again in the form's order are the same counting rule
    assert target.rule_stages == ["continuing", "new_start"]


def test_the_target_form_offers_the_reporting_fields(staff, make_target):
    target = make_target()
    url, data = open_form(staff, target)
    unit = Unit.objects.create(name="旗统计局", name_en="Banner Statistics Bureau")
    data.update({"report_lag_days": "40", "responsible_unit": str(unit.pk)})

    assert staff.post(url, data).status_code == 302
    target.refresh_from_db()
    assert (target.report_lag_days, target.responsible_unit) == (40, unit)


# Imports.


def test_an_import_changing_a_published_figure_without_a_reason_imports_nothing(make_target):
    target = make_target(code="T16", figure=D(130))
    other = make_target(code="T17", title="旧简称")
    rows = [["指标编号", "简称", "目标值"], ["T17", "新简称", "130"], ["T16", "年接待游客", "135"]]

    outcome = run("targets", csv_bytes(rows), dry_run=False)

    assert not outcome.applied
    assert [row.status for row in outcome.rows] == [UPDATE, ERROR]
    [problem] = outcome.problems
    assert (problem.row, problem.column, problem.value) == (3, "修改原因", "")
    assert problem.reason.startswith(REFUSAL) and "目标值" in problem.reason
    assert Target.objects.get(pk=target.pk).figure == D(130)
    assert Target.objects.get(pk=other.pk).title == "旧简称"


def test_an_import_with_a_reason_writes_it_and_the_document_into_the_history(make_target, editor):
    target = make_target(code="T16", figure=D(130))
    rows = [
        ["指标编号", "目标值", "截止日期", "修改原因", "调整依据文号"],
        ["T16", "135", "2026-11-30", "上级下达新任务", "通政办发〔2026〕3号"],
    ]

    outcome = run("targets", csv_bytes(rows), "调整.csv", user=editor, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    target.refresh_from_db()
    assert (target.figure, target.deadline) == (D(135), datetime.date(2026, 11, 30))
    latest = target.history.first()
    assert latest.history_change_reason == "上级下达新任务（从 调整.csv 导入）"
    assert latest.revision_document == "通政办发〔2026〕3号"
    assert latest.history_user == editor


def test_xlsx_with_english_headers_carries_the_reason_too(make_target):
    target = make_target(code="T16", records_complete=False)
    rows = [
        ["target code", "records_complete", "change_reason", "revision_document"],
        ["t16", "是", "项目已全部录入", ""],
    ]

    outcome = run("targets", xlsx_bytes(rows, title="指标"), "指标.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    latest = Target.objects.get(pk=target.pk).history.first()
    assert latest.records_complete is True
    assert latest.history_change_reason == "项目已全部录入（从 指标.xlsx 导入）"
    assert latest.revision_document == ""


def test_xlsx_without_a_reason_is_refused(make_target):
    make_target(code="T16")
    rows = [["指标编号", "起始日期"], ["T16", datetime.date(2026, 2, 1)]]

    outcome = run("targets", xlsx_bytes(rows, title="指标"), "指标.xlsx", dry_run=False)

    assert not outcome.applied
    [problem] = outcome.problems
    assert problem.column == "修改原因" and "起始日期" in problem.reason


def test_an_import_of_a_draft_or_of_other_fields_needs_no_reason(make_target):
    draft = make_target(code="T20", is_published=False)
    public = make_target(code="T21", title="旧简称")
    unit = Unit.objects.create(name="旗文旅体育局")
    rows = [
        ["指标编号", "目标值", "简称", "数据报送单位"],
        ["T20", "200", "年接待游客", ""],
        ["T21", "130", "新简称", "旗文旅体育局"],
    ]

    outcome = run("targets", csv_bytes(rows), "a.csv", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Target.objects.get(pk=draft.pk).figure == D(200)
    public.refresh_from_db()
    assert (public.title, public.responsible_unit) == ("新简称", unit)
    assert public.history.first().history_change_reason == "从 a.csv 导入"


def test_a_row_that_changes_nothing_needs_no_reason(make_target):
    make_target(code="T16", figure=D(130))
    rows = [["指标编号", "目标值", "修改原因"], ["T16", "130.0", ""]]

    outcome = run("targets", csv_bytes(rows), dry_run=False)

    assert not outcome.has_errors and [row.status for row in outcome.rows] == [UNCHANGED]


def test_the_target_template_documents_the_reason_columns():
    guide = {entry["header"]: entry for entry in template_files.guide(TargetResource())}
    assert guide["修改原因"]["required"] == "选填"
    assert "必填" in guide["修改原因"]["meaning"]
    assert guide["修改原因"]["aliases"] == "change_reason、reason"
    assert guide["调整依据文号"]["aliases"] == "revision_document"
    assert {"发布时限（天）", "数据报送单位"} <= set(guide)
    sheet = read_xlsx(template_files.template_xlsx(TargetResource()), sheet=1)
    explained = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "修改原因" in explained and "调整依据文号" in explained


def test_reporting_fields_export_and_import_back_unchanged(make_target):
    Unit.objects.create(name="旗文旅体育局")
    make_target(
        code="T16", report_lag_days=40, responsible_unit=Unit.objects.create(name="旗统计局")
    )
    for file_format in ("csv", "xlsx"):
        data = service.export_file(kind="targets", file_format=file_format)
        outcome = run("targets", data, f"targets.{file_format}", dry_run=False)
        assert not outcome.has_errors, outcome.error_lines()
        assert [row.status for row in outcome.rows] == [UNCHANGED]
    # A blank cell keeps the stored lag; （清空） goes back to the cadence's default.
    rows = [["指标编号", "发布时限（天）", "数据报送单位"], ["T16", "", "旗文旅体育局"]]
    assert run("targets", csv_bytes(rows), dry_run=False).applied
    assert Target.objects.get(code="T16").report_lag_days == 40
    rows[1][1] = "（清空）"
    assert run("targets", csv_bytes(rows), dry_run=False).applied
    target = Target.objects.get(code="T16")
    assert (target.report_lag_days, target.lag_days) == (None, 25)
    assert target.responsible_unit.name == "旗文旅体育局"
