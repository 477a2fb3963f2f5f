import datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from projects import plan_2026
from projects.imports import service
from projects.imports.outcome import UNCHANGED
from projects.models import (
    Measurement,
    ProgressReport,
    Project,
    Sector,
    Stage,
    Target,
    TargetKind,
)
from projects.services.plan import LOAD_REASON, load_plan
from projects.services.reports import sync_project_from_reports

pytestmark = pytest.mark.django_db

EXPECTED_FIGURES = {
    "T01": ("143", "个"),
    "T02": ("40", "个"),
    "T03": ("4", "倍"),
    "T04": ("40", "个"),
    "T05": ("10", "%"),
    "T06": ("50", "万亩"),
    "T07": ("30", "万亩"),
    "T08": ("50", "%"),
    "T10": ("11", "个"),
    "T11": ("170", "万千瓦"),
    "T12": ("14", "个"),
    "T16": ("130", "万人次"),
    "T17": ("9.5", "亿元"),
    "T18": ("85", "%"),
    "T19": ("91", "%"),
    "T20": ("17", "万亩"),
}


def test_loads_all_22_targets_with_the_plan_figures():
    load_plan()
    assert Target.objects.count() == 22
    for code, (figure, unit) in EXPECTED_FIGURES.items():
        target = Target.objects.get(code=code)
        assert (target.figure, target.unit) == (D(figure), unit), code
    milestones = Target.objects.filter(kind=TargetKind.MILESTONE).values_list("code", flat=True)
    assert sorted(milestones) == ["T09", "T13", "T14", "T15", "T21", "T22"]
    assert str(Target.objects.get(code="T02").deadline) == "2026-05-31"
    assert str(Target.objects.get(code="T18").deadline) == "2026-07-31"
    assert Target.objects.get(code="T16").comparison == "above"
    assert Target.objects.get(code="T03").baseline is None  # the plan does not give it


def test_loads_sectors_and_named_projects_without_progress():
    load_plan()
    assert Sector.objects.filter(parent=None).count() == 3
    assert Project.objects.count() == len(plan_2026.PROJECTS)
    energy = Project.objects.filter(category__slug="new-energy", capacity_unit="万千瓦")
    capacity = sum(p.capacity for p in energy)
    assert capacity == 180  # planned, not installed: 30 + 120 + 10 + 20
    assert Measurement.objects.count() == 0
    assert ProgressReport.objects.count() == 0
    assert not Project.objects.exclude(completed_2026=None).exists()
    assert not Project.objects.exclude(progress=None).exists()


def test_running_twice_creates_nothing_new():
    first = load_plan()
    counts = (Target.objects.count(), Project.objects.count(), Sector.objects.count())
    second = load_plan()
    assert second.created == [] and second.updated == []
    assert len(second.unchanged) == len(first.created)
    assert (Target.objects.count(), Project.objects.count(), Sector.objects.count()) == counts
    assert Target.objects.get(code="T01").history.count() == 1


def test_staff_edits_are_kept(admin_user):
    load_plan()
    target = Target.objects.get(code="T03")
    target.baseline = D(30)
    target.title = "固定资产投资"
    target._history_user = admin_user
    target.save()
    report = load_plan()
    target.refresh_from_db()
    assert target.title == "固定资产投资"
    assert target.baseline == 30
    assert "指标 T03" in report.kept


def test_loader_updates_its_own_records_when_the_plan_text_changes(monkeypatch):
    load_plan()
    Target.objects.filter(code="T16").update(title="旧标题")  # as an older loader left it
    report = load_plan()
    assert Target.objects.get(code="T16").title == "年接待游客"
    assert "指标 T16" in report.updated
    assert Target.objects.get(code="T16").history.first().history_change_reason == LOAD_REASON


def test_command_reports_counts(capsys):
    call_command("load_plan")
    call_command("load_plan")
    out = capsys.readouterr().out
    assert "新建 0 条" in out.splitlines()[-1]


def test_draft_option_creates_unpublished_records():
    call_command("load_plan", "--draft")
    assert not Target.objects.published().exists()


def test_publication_is_decided_once_at_creation():
    load_plan(publish=False)
    load_plan()  # the review is the staff's: a second run does not publish the drafts
    assert not Target.objects.published().exists() and not Project.objects.published().exists()


def test_draft_run_on_a_live_plan_withdraws_nothing():
    load_plan()
    report = load_plan(publish=False)
    assert Target.objects.published().count() == 22
    assert Project.objects.published().count() == len(plan_2026.PROJECTS)
    assert report.updated == []


def test_a_record_staff_deleted_is_not_created_again(admin_user, capsys):
    load_plan()
    split = Project.objects.get(code="KL2026-011")  # staff split the 14 refractory projects
    split._history_user = admin_user
    split.delete()
    report = load_plan()
    assert not Project.objects.filter(code="KL2026-011").exists()
    assert report.deleted == ["项目 KL2026-011"]
    call_command("load_plan")
    assert "不再重建（已被工作人员删除）：项目 KL2026-011" in capsys.readouterr().out


def test_links_staff_removed_stay_removed(admin_user):
    load_plan()
    project = Project.objects.get(code="KL2026-007")
    assert project.related_targets.exists()
    project.related_targets.clear()
    load_plan()
    assert not project.related_targets.exists()


# Stages the plan does not give


def _as_an_older_loader_left_it(code, **values):
    """Rewrite a record's row and its latest saved version, as an earlier loader wrote them."""
    model = Project if code.startswith("KL") else Target
    model.objects.filter(code=code).update(**values)
    model.history.filter(code=code).update(**values)


def test_loaded_projects_have_no_stage_date_or_report():
    load_plan()
    for project in Project.objects.all():
        assert project.stage == "", project.code
        assert project.stage_date is None and project.last_reported_on is None, project.code
        assert not project.stage_history.exists(), project.code


def test_an_older_guessed_stage_is_cleared_only_where_the_loader_still_owns_the_project(
    admin_user,
):
    load_plan()
    for code in ("KL2026-001", "KL2026-002", "KL2026-003"):
        _as_an_older_loader_left_it(code, stage=Stage.RESERVE)
    staff = Project.objects.get(code="KL2026-002")
    staff.owner = "中安信公司"
    staff._history_user = admin_user
    staff.save()
    reported = Project.objects.get(code="KL2026-003")
    ProgressReport.objects.create(
        project=reported,
        date=datetime.date(2026, 4, 1),
        stage=Stage.PREPARATION,
        text="完成可研批复。",
        is_published=True,
    )
    sync_project_from_reports(project=reported, user=admin_user)

    report = load_plan()

    stages = dict(Project.objects.values_list("code", "stage"))
    assert stages["KL2026-001"] == ""  # the loader's own record: the guess is withdrawn
    assert stages["KL2026-002"] == Stage.RESERVE  # staff saved it: theirs to change
    assert stages["KL2026-003"] == Stage.PREPARATION  # a report set it
    assert "项目 KL2026-001" in report.updated
    assert {"项目 KL2026-002", "项目 KL2026-003"} <= set(report.kept)
    latest = Project.objects.get(code="KL2026-001").history.first()
    assert (latest.stage, latest.history_change_reason) == ("", LOAD_REASON)


def test_loaded_projects_export_and_import_again_unchanged():
    load_plan()
    for file_format in ("csv", "xlsx"):
        data = service.export_file(kind="projects", file_format=file_format)
        outcome = service.import_file(
            kind="projects", data=data, file_name=f"p.{file_format}", dry_run=True
        )
        assert not outcome.has_errors, outcome.error_lines()
        assert {row.status for row in outcome.rows} == {UNCHANGED}


# The plan's own words on an older database


def test_the_loader_brings_its_own_targets_to_the_article_wording_and_t15_to_a_milestone():
    load_plan()
    _as_an_older_loader_left_it("T07", wording="（在此基础上）再争取30万亩", wording_en="")
    _as_an_older_loader_left_it(
        "T15", kind=TargetKind.QUANTITY, figure=D(2), unit="项赛事", unit_en="events"
    )
    report = load_plan()
    t07, t15 = Target.objects.get(code="T07"), Target.objects.get(code="T15")
    assert (t07.wording, t07.wording_en) == ("再争取30万亩", "Secure a further 300,000 mu")
    assert (t15.kind, t15.figure, t15.unit, t15.unit_en) == (TargetKind.MILESTONE, None, "", "")
    assert {"指标 T07", "指标 T15"} <= set(report.updated)


def test_t15_with_progress_data_keeps_its_kind_for_staff_to_decide():
    load_plan()
    _as_an_older_loader_left_it("T15", kind=TargetKind.QUANTITY, figure=D(2), unit="项赛事")
    Measurement.objects.create(
        target=Target.objects.get(code="T15"),
        date=datetime.date(2026, 6, 30),
        value=D(1),
        source="旗文旅体育局",
    )
    report = load_plan()
    t15 = Target.objects.get(code="T15")
    assert (t15.kind, t15.figure) == (TargetKind.QUANTITY, D(2))
    assert "指标 T15" in report.kept
