"""Imports by a reporter wait for review: their units only, drafts and held changes, one batch."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.imports.options import ImportOptions
from projects.models import (
    Measurement,
    ProgressReport,
    Project,
    Revision,
    RevisionAction,
    Stage,
    Submission,
    SubmissionStatus,
    Target,
)

from .personas import staff
from .test_import_helpers import csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["项目编号", "项目名称", "所属领域", "建设阶段", "责任单位", "总投资(万元)", "已发布"]
IMPORT = reverse("admin:projects_project_import")
CONFIRM = reverse("admin:projects_project_process_import")
REPORTS_IMPORT = reverse("admin:projects_progressreport_import")
REPORTS_CONFIRM = reverse("admin:projects_progressreport_process_import")


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    settings.IMPORT_PENDING_DIR = str(tmp_path / "pending")


@pytest.fixture
def ours(make_project, tourism):
    return make_project(
        code="KL-T1",
        name="冰雪旅游项目",
        responsible_unit=tourism,
        total_investment=Decimal(800),
        stage=Stage.CONTINUING,
    )


@pytest.fixture
def theirs(make_project, energy):
    return make_project(code="KL2026-012", name="风电项目", responsible_unit=energy)


def project_file(*rows):
    """A project file; each row (code, name, unit, investment, published)."""
    body = [
        [code, name, "tertiary", "续建", unit, money, shown]
        for code, name, unit, money, shown in rows
    ]
    return [HEADERS, *body]


def upload(client, data, name, url=IMPORT, **fields):
    return client.post(url, {"import_file": SimpleUploadedFile(name, data), **fields})


def confirm(client, preview, url=CONFIRM):
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    assert token, preview.content.decode()[:3000]
    return client.post(url, {"token": token.group(1)}, follow=True)


def approve(client, reviewer, submission):
    client.force_login(reviewer)
    url = reverse("admin:projects_submission_change", args=[submission.pk])
    response = client.post(url, {"approve": "1", "secrecy_checked": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED


def public_text(client, project):
    client.logout()
    return client.get(project.get_absolute_url()).content.decode()


def test_a_reporters_csv_waits_for_review_until_a_reviewer_approves(
    client, reporter, reviewer, ours, sector
):
    client.force_login(reporter)
    rows = project_file(
        ("KL-T1", "冰雪旅游项目（二期）", "旗文旅体育局", "1,200", "是"),
        ("KL-T3", "温泉度假区", "旗文旅体育局", "300", "是"),
    )

    preview = upload(client, csv_bytes(rows), "十月项目.csv")

    page = preview.content.decode()
    assert (
        "导入后提交审核：新增 1 条（审核通过后发布），"
        "修改已公开记录 1 条（审核通过前公众仍看到原内容）"
    ) in page
    assert "“已发布”列未读取" in page and "确认并提交审核" in page
    response = confirm(client, preview)

    text = response.content.decode()
    submission = Submission.objects.get()
    link = reverse("admin:projects_submission_change", args=[submission.pk])
    assert f'<a href="{link}">在审核队列中查看这份报送</a>' in text
    assert f"已提交审核（报送编号 {submission.pk}）" in text
    assert submission.title == "导入项目：十月项目.csv"
    assert (submission.file_name, submission.unit.name) == ("十月项目.csv", "旗文旅体育局")
    assert submission.submitted_by == reporter
    ours.refresh_from_db()
    assert (ours.name, ours.total_investment) == ("冰雪旅游项目", Decimal(800))
    assert ours.history.count() == 1  # nothing written to the public record
    draft = Project.objects.get(code="KL-T3")
    assert not draft.is_published and draft.responsible_unit.name == "旗文旅体育局"
    entry = draft.history.get()
    assert (entry.history_user, entry.history_change_reason) == (reporter, "从 十月项目.csv 导入")
    revisions = {
        (r.label, r.action, tuple(sorted(r.changes.items()))) for r in Revision.objects.all()
    }
    assert revisions == {
        ("KL-T3 温泉度假区", RevisionAction.PUBLISH, ()),
        (
            "KL-T1 冰雪旅游项目（二期）",
            RevisionAction.CHANGE,
            (("name", "冰雪旅游项目（二期）"), ("total_investment", "1200")),
        ),
    }
    page = public_text(client, ours)
    assert "冰雪旅游项目（二期）" not in page and "冰雪旅游项目" in page
    assert client.get(draft.get_absolute_url()).status_code == 404

    approve(client, reviewer, submission)

    ours.refresh_from_db()
    draft.refresh_from_db()
    assert (ours.name, ours.total_investment, ours.is_published) == (
        "冰雪旅游项目（二期）",
        Decimal(1200),
        True,
    )
    assert draft.is_published
    assert "冰雪旅游项目（二期）" in public_text(client, ours)
    assert "温泉度假区" in public_text(client, draft)


def monthly_xlsx(*rows) -> bytes:
    """A monthly progress workbook as offices keep it: a title row over the header."""
    headers = ["项目编号", "项目名称", "建设阶段", "形象进度(%)", "进展情况"]
    return xlsx_bytes([["库伦旗重点项目建设进展情况表（截至10月31日）"], headers, *rows])


def test_a_reporters_monthly_xlsx_keeps_projects_as_they_are_until_approved(
    client, reporter, reviewer, ours, make_project, tourism
):
    day = datetime.date(2026, 10, 31)
    held = ProgressReport.objects.create(
        project=ours, date=day, stage=Stage.CONTINUING, progress=Decimal(30), text="完成一半。",
        is_published=True,
    )  # fmt: skip
    other = make_project(code="KL-T2", name="民俗村改造", responsible_unit=tourism)
    data = monthly_xlsx(
        ["KL-T1", "冰雪旅游项目", "续建", "45%", "主体完工。"],
        ["KL-T2", "民俗村改造", "新开工", "10%", "开工。"],
    )
    client.force_login(reporter)
    page = client.get(REPORTS_IMPORT).content.decode()
    assert "导入后是否发布" not in page  # not the reporter's choice

    preview = upload(client, data, "2026年10月进展.xlsx", url=REPORTS_IMPORT)
    assert "需在后台发布" not in preview.content.decode()
    confirm(client, preview, url=REPORTS_CONFIRM)

    submission = Submission.objects.get()
    assert submission.title == "导入项目进展：2026年10月进展.xlsx"
    held.refresh_from_db()
    assert (held.progress, held.text) == (Decimal(30), "完成一半。")
    new = ProgressReport.objects.get(project=other)
    assert not new.is_published
    other.refresh_from_db()
    assert other.last_reported_on is None and other.stage == Stage.PREPARATION
    assert "开工。" not in public_text(client, other)

    approve(client, reviewer, submission)

    held.refresh_from_db()
    new.refresh_from_db()
    other.refresh_from_db()
    ours.refresh_from_db()
    assert (held.progress, held.text, new.is_published) == (Decimal(45), "主体完工。", True)
    assert (other.stage, other.last_reported_on) == (Stage.NEW_START, day)
    assert ours.progress == Decimal(45)
    assert "主体完工。" in public_text(client, ours)


def test_rows_of_another_unit_are_refused_and_nothing_is_written(
    client, reporter, ours, theirs, energy
):
    rows = project_file(
        ("KL-T1", "冰雪旅游项目（二期）", "", "", ""),
        ("KL-T7", "滑雪学校", "旗文旅体育局", "50", ""),
        ("KL2026-012", "风电项目（扩建）", "", "", ""),
        ("KL-T9", "新风电场", "旗能源局", "100", ""),
        ("KL-T8", "无单位的新项目", "", "100", ""),
    )
    client.force_login(reporter)

    outcome = run("projects", csv_bytes(rows), "项目.csv", user=reporter, dry_run=False)

    lines = outcome.error_lines()
    assert (
        "第 4 行，“责任单位”列，值“（空）”：项目 KL2026-012 的责任单位是旗能源局，不是您所在的单位"
        "（旗文旅体育局），不能由您导入；请删去这一行或请该单位报送。"
    ) in lines
    assert any(
        line.startswith("第 5 行，“责任单位”列，值“旗能源局”：项目 KL-T9 的责任单位填的是旗能源局")
        and "请改为您所在的单位" in line
        for line in lines
    )
    assert any(line.startswith("第 6 行") and "新项目须填写责任单位" in line for line in lines)
    assert len(lines) == 3
    assert not outcome.applied
    assert list(Project.objects.order_by("code").values_list("code", flat=True)) == [
        "KL-T1",
        "KL2026-012",
    ]
    assert not Submission.objects.exists() and not Revision.objects.exists()

    preview = upload(client, csv_bytes(rows), "项目.csv")
    page = preview.content.decode()
    assert "不是您所在的单位（旗文旅体育局）" in page and 'name="token"' not in page


def test_moving_a_project_to_another_unit_is_refused(reporter, ours, energy):
    rows = project_file(("KL-T1", "冰雪旅游项目", "旗能源局", "", ""))

    outcome = run("projects", csv_bytes(rows), "项目.csv", user=reporter, dry_run=False)

    [line] = outcome.error_lines()
    assert "项目 KL-T1 的责任单位填的是旗能源局，不是您所在的单位（旗文旅体育局）" in line
    ours.refresh_from_db()
    assert ours.responsible_unit.name == "旗文旅体育局"


def test_reports_and_figures_of_another_unit_are_refused(reporter, theirs, make_target, energy):
    report_rows = [["项目编号", "报告日期", "建设阶段", "进展情况"]]
    report_rows.append(["KL2026-012", "2026-10-31", "续建", "x"])
    outcome = run("reports", csv_bytes(report_rows), "进展.csv", user=reporter, dry_run=False)
    assert outcome.error_lines() == [
        "第 2 行，“项目编号”列，值“KL2026-012”：项目 KL2026-012 的责任单位是旗能源局，"
        "不是您所在的单位（旗文旅体育局），不能由您导入它的进展报告；请删去这一行或请该单位报送。"
    ]
    make_target(code="T31", responsible_unit=energy)
    figures = [["指标编号", "统计截止日期", "数值"], ["T31", "2026-10-31", "12"]]
    outcome = run("measurements", csv_bytes(figures), "数据.csv", user=reporter, dry_run=False)
    [line] = outcome.error_lines()
    assert "指标 T31 的数据报送单位是旗能源局，不是您所在的单位（旗文旅体育局）" in line
    assert not ProgressReport.objects.exists() and not Measurement.objects.exists()


def test_a_reporters_own_figures_become_a_draft_sent_for_review(reporter, make_target, tourism):
    make_target(code="T16", responsible_unit=tourism)
    figures = [["指标编号", "统计截止日期", "数值", "数据来源", "已发布"]]
    figures.append(["T16", "2026-10-31", "28.6", "旗文旅体育局", "是"])

    outcome = run("measurements", csv_bytes(figures), "数据.csv", user=reporter, dry_run=False)

    assert outcome.applied, outcome.error_lines()
    figure = Measurement.objects.get()
    assert not figure.is_published and figure.value == Decimal("28.6")
    submission = Submission.objects.get(pk=outcome.submission_id)
    assert submission.title == "导入指标进展数据：数据.csv"
    assert submission.revisions.get().action == RevisionAction.PUBLISH


def test_a_reporter_without_a_unit_is_told_to_ask_the_administrator(client, sector):
    loner = staff("loner", "填报员")
    rows = project_file(("KL-T3", "温泉度假区", "", "300", ""))

    outcome = run("projects", csv_bytes(rows), "项目.csv", user=loner, dry_run=False)

    assert "您的账号还没有所属单位" in outcome.file_problem
    assert "请联系管理员" in outcome.file_problem
    assert not Project.objects.exists()
    client.force_login(loner)
    page = upload(client, csv_bytes(rows), "项目.csv").content.decode()
    assert "您的账号还没有所属单位" in page


def test_the_published_column_and_choice_are_not_the_reporters(reporter, ours, make_project):
    draft = make_project(
        code="KL-T2", name="草稿项目", responsible_unit=ours.responsible_unit, is_published=False
    )
    rows = project_file(
        ("KL-T2", "草稿项目（改）", "", "", "是"),
        ("KL-T3", "温泉度假区", "旗文旅体育局", "300", "是"),
        ("KL-T1", "", "", "", "否"),
    )

    outcome = run("projects", csv_bytes(rows), "项目.csv", user=reporter, dry_run=False)

    assert outcome.applied and not outcome.problems
    assert any("“已发布”列未读取" in note for note in outcome.notes)
    assert outcome.statements == [
        f"已提交审核（报送编号 {outcome.submission_id}）：新增 1 条（审核通过后发布），"
        "修改已公开记录 0 条（审核通过前公众仍看到原内容），修改未公开的记录 1 条（审核通过后发布）"
    ]
    draft.refresh_from_db()
    ours.refresh_from_db()
    assert (draft.name, draft.is_published) == ("草稿项目（改）", False)
    assert ours.is_published
    assert not Project.objects.get(code="KL-T3").is_published
    actions = sorted(Revision.objects.values_list("label", "action"))
    assert actions == [("KL-T2 草稿项目（改）", "publish"), ("KL-T3 温泉度假区", "publish")]

    report_rows = [
        ["项目编号", "报告日期", "建设阶段", "进展情况"],
        ["KL-T1", "2026-10-31", "续建", "x"],
    ]
    outcome = run(
        "reports",
        csv_bytes(report_rows),
        "进展.csv",
        user=reporter,
        dry_run=False,
        options=ImportOptions(publish=True),
    )
    assert outcome.applied and not ProgressReport.objects.get().is_published
    assert any("不由填报员选择" in note for note in outcome.notes)


def test_a_waiting_change_is_carried_into_the_imported_one(client, reporter, ours):
    from .admin_forms import form_data

    client.force_login(reporter)
    url = reverse("admin:projects_project_change", args=[ours.pk])
    data = form_data(client.get(url))
    data["owner"] = "甲公司"
    data["leader"] = "王某"
    client.post(url, data)
    rows = [["项目编号", "项目名称", "包联领导"], ["KL-T1", "冰雪旅游项目（二期）", "李某"]]

    outcome = run("projects", csv_bytes(rows), "项目.csv", user=reporter, dry_run=False)

    first, second = Submission.objects.order_by("pk")
    assert first.status == SubmissionStatus.SUPERSEDED
    assert second.revisions.get().changes == {
        "owner": "甲公司",
        "leader": "李某",
        "name": "冰雪旅游项目（二期）",
    }
    assert outcome.submission_id == second.pk


def test_a_reporter_cannot_set_which_targets_a_project_serves(reporter, ours, make_target):
    make_target(code="T03")
    rows = [["项目编号", "相关指标"], ["KL-T1", "T03"]]

    outcome = run("projects", csv_bytes(rows), "项目.csv", user=reporter, dry_run=False)

    [line] = outcome.error_lines()
    assert "“相关指标”由管理员确定" in line
    assert not ours.related_targets.exists()


def test_a_reporter_may_not_import_targets(client, reporter, tmp_path):
    client.force_login(reporter)
    assert client.get(reverse("admin:projects_target_import")).status_code == 403
    assert client.get(reverse("admin:projects_sector_import")).status_code == 403
    path = tmp_path / "指标.csv"
    path.write_bytes(csv_bytes([["指标编号", "简称"], ["T99", "新指标"]]))
    with pytest.raises(CommandError, match="填报员不能导入目标指标：目标指标由管理员维护"):
        call_command("import_records", "targets", str(path), user="clerk", stderr=io.StringIO())
    assert not Target.objects.exists()


def test_the_command_sends_a_reporters_file_for_review(reporter, ours, tmp_path):
    path = tmp_path / "十月.csv"
    path.write_bytes(csv_bytes(project_file(("KL-T1", "冰雪旅游项目（二期）", "", "", ""))))
    out = io.StringIO()

    call_command("import_records", "projects", str(path), user="clerk", stdout=out)

    submission = Submission.objects.get()
    text = out.getvalue()
    assert f"已提交审核（报送编号 {submission.pk}）" in text
    assert reverse("admin:projects_submission_change", args=[submission.pk]) in text
    ours.refresh_from_db()
    assert ours.name == "冰雪旅游项目"


def test_a_reviewers_import_is_written_as_before(client, reviewer, ours, sector):
    client.force_login(reviewer)
    rows = project_file(
        ("KL-T1", "冰雪旅游项目（二期）", "", "", ""),
        ("KL-T3", "温泉度假区", "旗文旅体育局", "300", "是"),
    )

    preview = upload(client, csv_bytes(rows), "项目.csv")
    assert "导入后提交审核" not in preview.content.decode()
    confirm(client, preview)

    ours.refresh_from_db()
    assert ours.name == "冰雪旅游项目（二期）"
    assert Project.objects.get(code="KL-T3").is_published
    assert not Submission.objects.exists()
    assert Group.objects.get(name="审核员") in reviewer.groups.all()


def test_a_reporters_result_says_nothing_public_was_updated(reporter, ours, tourism):
    data = csv_bytes(
        [
            ["项目编号", "项目名称", "所属领域", "责任单位", "建设单位"],
            ["KL-T1", "冰雪旅游项目", ours.sector.slug, "旗文旅体育局", "库伦旗文旅投资有限公司"],
        ]
    )
    outcome = run("projects", data, "十月.csv", user=reporter, dry_run=False)
    assert outcome.summary().startswith("已读入并提交审核“十月.csv”：新增 0 条，修改 1 条")
    assert "更新" not in outcome.summary()
