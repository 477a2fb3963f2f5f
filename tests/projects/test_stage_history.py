"""Every stage a project held, and from when: kept through admin edits and imports, so that a
count "as of 31 May" sees what each project was on that day."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.imports.outcome import UNCHANGED, UPDATE
from projects.models import ProgressReport, Project, ProjectStage, Stage, StageSource
from projects.services import stages
from projects.services.counting import held_stage

from .admin_forms import form_data
from .test_import_helpers import csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

d = datetime.date
FAR = d(2099, 12, 31)  # rows made by hand here; a rebuild gives each its real end
UTC = datetime.UTC
# 00:30 on 1 June in Beijing is still 31 May in UTC; 23:30 on 31 May in Beijing is 15:30 UTC.
JUNE_FIRST_BEIJING = datetime.datetime(2026, 5, 31, 16, 30, tzinfo=UTC)
MAY_LAST_BEIJING = datetime.datetime(2026, 5, 31, 15, 30, tzinfo=UTC)


def history(project):
    return list(
        ProjectStage.objects.filter(project=project)
        .order_by("since", "source")
        .values_list("stage", "since", "source")
    )


def stage_on(project, day):
    return Project.objects.annotate(held=held_stage(day)).get(pk=project.pk).held


# Admin edits.


@pytest.mark.parametrize(
    ("moment", "day"), [(MAY_LAST_BEIJING, d(2026, 5, 31)), (JUNE_FIRST_BEIJING, d(2026, 6, 1))]
)
def test_a_stage_changed_in_the_admin_without_a_date_is_dated_that_beijing_day(
    client, admin_user, make_project, moment, day
):
    project = make_project(stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    client.force_login(admin_user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["stage"] = Stage.NEW_START

    with time_machine.travel(moment, tick=False):
        response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert (project.stage, project.stage_date) == (Stage.NEW_START, day)
    assert history(project) == [(Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD)]
    assert stage_on(project, day - datetime.timedelta(days=1)) == Stage.PREPARATION
    assert stage_on(project, day) == Stage.NEW_START


def test_an_actual_start_typed_in_the_admin_enters_the_history(client, admin_user, make_project):
    project = make_project(stage=Stage.CONTINUING, stage_date=d(2026, 6, 1))
    client.force_login(admin_user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["actual_start"] = "2026-04-20"

    assert client.post(url, data).status_code == 302
    assert history(project) == [(Stage.NEW_START, d(2026, 4, 20), StageSource.ACTUAL_START)]
    assert stage_on(project, d(2026, 4, 19)) is None  # not yet on record
    assert stage_on(project, d(2026, 4, 20)) == Stage.NEW_START


# Imports.


def test_an_import_changing_a_stage_without_a_date_dates_it_on_the_import_day(make_project, editor):
    project = make_project(code="KL-1", stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    rows = [["项目编号", "建设阶段"], ["KL-1", "新开工"]]

    with time_machine.travel(JUNE_FIRST_BEIJING, tick=False):
        preview = run("projects", csv_bytes(rows))
        outcome = run("projects", csv_bytes(rows), user=editor, dry_run=False)

    [row] = preview.rows
    assert [(c.column, c.old, c.new) for c in row.changes] == [
        ("建设阶段", "前期", "新开工"),
        ("进入本阶段日期", "2026-03-01", "2026-06-01（导入当天）"),
    ]
    assert outcome.applied
    project.refresh_from_db()
    assert (project.stage, project.stage_date) == (Stage.NEW_START, d(2026, 6, 1))
    assert history(project) == [(Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD)]
    assert stage_on(project, d(2026, 5, 31)) == Stage.PREPARATION
    assert stage_on(project, d(2026, 6, 1)) == Stage.NEW_START


def test_the_import_day_is_the_beijing_date(make_project):
    project = make_project(code="KL-1", stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    rows = [["项目编号", "建设阶段"], ["KL-1", "新开工"]]

    with time_machine.travel(MAY_LAST_BEIJING, tick=False):
        assert run("projects", csv_bytes(rows), dry_run=False).applied

    project.refresh_from_db()
    assert project.stage_date == d(2026, 5, 31)


def test_an_unchanged_stage_date_beside_a_new_stage_is_not_a_date_for_it(make_project):
    project = make_project(code="KL-1", stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    rows = [["项目编号", "建设阶段", "进入本阶段日期"], ["KL-1", "新开工", "2026-03-01"]]

    with time_machine.travel(JUNE_FIRST_BEIJING, tick=False):
        assert run("projects", csv_bytes(rows), dry_run=False).applied

    project.refresh_from_db()
    assert project.stage_date == d(2026, 6, 1)
    assert history(project) == [(Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD)]


def test_a_stage_date_given_in_the_file_is_used_and_the_old_stage_kept(make_project):
    project = make_project(code="KL-1", stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    rows = [
        ["项目编号", "建设阶段", "进入本阶段日期"],
        ["KL-1", "新开工", datetime.date(2026, 5, 20)],
    ]

    with time_machine.travel(JUNE_FIRST_BEIJING, tick=False):
        outcome = run("projects", xlsx_bytes(rows), "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    project.refresh_from_db()
    assert project.stage_date == d(2026, 5, 20)
    assert history(project) == [(Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD)]
    assert stage_on(project, d(2026, 5, 19)) == Stage.PREPARATION
    assert stage_on(project, d(2026, 5, 20)) == Stage.NEW_START


def test_a_stage_date_moved_back_drops_the_history_it_now_covers(make_project):
    project = make_project(code="KL-1", stage=Stage.CONTINUING, stage_date=d(2026, 6, 1))
    ProjectStage.objects.create(
        project=project,
        stage=Stage.NEW_START,
        since=d(2026, 4, 1),
        until=FAR,
        source=StageSource.RECORD,
    )
    ProjectStage.objects.create(
        project=project,
        stage=Stage.PREPARATION,
        since=d(2026, 3, 1),
        until=FAR,
        source=StageSource.RECORD,
    )
    rows = [["项目编号", "进入本阶段日期"], ["KL-1", "2026-04-01"]]

    assert run("projects", csv_bytes(rows), dry_run=False).applied

    assert history(project) == [(Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD)]
    assert stage_on(project, d(2026, 3, 31)) == Stage.PREPARATION
    assert stage_on(project, d(2026, 4, 1)) == Stage.CONTINUING


def test_an_empty_stage_date_keeps_the_stored_one_and_a_second_import_changes_nothing(
    make_project,
):
    make_project(code="KL-1", stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    rows = [["项目编号", "建设阶段", "进入本阶段日期"], ["KL-1", "新开工", ""]]

    with time_machine.travel(JUNE_FIRST_BEIJING, tick=False):
        first = run("projects", csv_bytes(rows), dry_run=False)
    with time_machine.travel(JUNE_FIRST_BEIJING + datetime.timedelta(days=3), tick=False):
        again = run("projects", csv_bytes(rows), dry_run=False)

    assert [row.status for row in first.rows] == [UPDATE]
    assert [row.status for row in again.rows] == [UNCHANGED]
    assert Project.objects.get(code="KL-1").stage_date == d(2026, 6, 1)


def test_new_projects_imported_with_a_stage_but_no_date_entered_it_on_the_import_day(sector):
    rows = [
        ["项目编号", "项目名称", "所属领域", "建设阶段", "进入本阶段日期"],
        ["N-1", "新项目一", "tertiary", "续建", ""],
        ["N-2", "新项目二", "tertiary", "续建", "2026-02-01"],
    ]

    with time_machine.travel(JUNE_FIRST_BEIJING, tick=False):
        assert run("projects", csv_bytes(rows), dry_run=False).applied

    dates = dict(Project.objects.values_list("code", "stage_date"))
    assert dates == {"N-1": d(2026, 6, 1), "N-2": d(2026, 2, 1)}
    assert not ProjectStage.objects.exists()


@pytest.mark.parametrize(
    ("actual_start", "kept"),
    [(d(2026, 5, 31), True), (d(2026, 6, 1), False)],  # the day before and the stage's own day
)
def test_an_imported_actual_start_before_the_stage_date_enters_the_history(
    make_project, actual_start, kept
):
    project = make_project(code="KL-1", stage=Stage.CONTINUING, stage_date=d(2026, 6, 1))
    rows = [["项目编号", "实际开工日期"], ["KL-1", actual_start.isoformat()]]

    assert run("projects", csv_bytes(rows), dry_run=False).applied

    expected = [(Stage.NEW_START, actual_start, StageSource.ACTUAL_START)] if kept else []
    assert history(project) == expected


def test_rows_that_leave_stage_and_dates_alone_leave_the_history_alone(make_project):
    project = make_project(code="KL-1", stage=Stage.CONTINUING, stage_date=d(2026, 6, 1))
    row = ProjectStage.objects.create(
        project=project,
        stage=Stage.NEW_START,
        since=d(2026, 4, 1),
        until=FAR,
        source=StageSource.REPORT,
    )
    rows = [["项目编号", "项目名称"], ["KL-1", "新名称"]]

    assert run("projects", csv_bytes(rows), dry_run=False).applied

    assert list(ProjectStage.objects.filter(project=project)) == [row]


def test_a_report_import_rebuilds_the_history_from_its_reports(make_project):
    project = make_project(code="KL-1", stage=Stage.PREPARATION, stage_date=d(2026, 3, 1))
    rows = [
        ["项目编号", "报告日期", "建设阶段", "进展情况", "已发布"],
        ["KL-1", "2026-04-15", "新开工", "开工", "是"],
        ["KL-1", "2026-07-01", "续建", "主体施工", "是"],
    ]

    assert run("reports", csv_bytes(rows), dry_run=False).applied

    project.refresh_from_db()
    assert (project.stage, project.stage_date) == (Stage.CONTINUING, d(2026, 7, 1))
    assert history(project) == [
        (Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD),
        (Stage.NEW_START, d(2026, 4, 15), StageSource.REPORT),
    ]
    assert stage_on(project, d(2026, 4, 14)) == Stage.PREPARATION
    assert stage_on(project, d(2026, 4, 15)) == Stage.NEW_START
    assert stage_on(project, d(2026, 7, 1)) == Stage.CONTINUING


# The bulk functions write what the one-by-one functions write, in constant queries.


def _projects_with_history(make_project, count, prefix):
    projects = []
    for number in range(count):
        project = make_project(
            code=f"{prefix}-{number}",
            stage=Stage.CONTINUING,
            stage_date=d(2026, 6, 1),
            actual_start=d(2026, 5, 1) if number % 2 else d(2026, 6, 2),
            actual_end=d(2026, 5, 20) if number % 3 == 0 else None,
        )
        ProgressReport.objects.create(
            project=project,
            date=d(2026, 4, 1),
            stage=Stage.NEW_START,
            text="开工",
            is_published=True,
        )
        ProgressReport.objects.create(
            project=project,
            date=d(2026, 6, 1),
            stage=Stage.CONTINUING,
            text="续建",
            is_published=True,
        )
        ProgressReport.objects.create(
            project=project, date=d(2026, 3, 1), stage=Stage.PREPARATION, text="前期"
        )
        for since in (d(2026, 2, 1), d(2026, 6, 1), d(2026, 7, 1)):
            ProjectStage.objects.create(
                project=project,
                stage=Stage.RESERVE,
                since=since,
                until=FAR,
                source=StageSource.RECORD,
            )
        ProjectStage.objects.create(
            project=project,
            stage=Stage.RESERVE,
            since=d(2026, 1, 5),
            until=FAR,
            source=StageSource.REPORT,
        )
        projects.append(project)
    undated = make_project(code=f"{prefix}-undated", stage_date=None)
    ProjectStage.objects.create(
        project=undated,
        stage=Stage.RESERVE,
        since=d(2026, 2, 1),
        until=FAR,
        source=StageSource.RECORD,
    )
    return [*projects, undated]


def _shape(projects):
    return [[(stage, since, source) for stage, since, source in history(p)] for p in projects]


def test_rebuilding_many_histories_at_once_gives_what_one_by_one_gives(make_project):
    one_by_one = _projects_with_history(make_project, 6, "A")
    at_once = _projects_with_history(make_project, 6, "B")

    for project in one_by_one:
        stages.rebuild_stage_history(project=project)
    stages.rebuild_stage_histories(at_once)

    assert _shape(at_once) == _shape(one_by_one)
    # The actual start on 1 May repeats the stage reported on 1 April: no new row.
    assert _shape(at_once)[1] == [
        (Stage.RESERVE, d(2026, 2, 1), StageSource.RECORD),
        (Stage.NEW_START, d(2026, 4, 1), StageSource.REPORT),
    ]
    assert _shape(at_once)[-1] == []


def test_noting_many_replaced_stages_at_once_gives_what_one_by_one_gives(make_project):
    def setup(prefix):
        first = make_project(code=f"{prefix}-1", stage=Stage.NEW_START, stage_date=d(2026, 6, 1))
        second = make_project(code=f"{prefix}-2", stage=Stage.NEW_START, stage_date=d(2026, 6, 1))
        ProjectStage.objects.create(
            project=first,
            stage=Stage.RESERVE,
            since=d(2026, 3, 1),
            until=FAR,
            source=StageSource.RECORD,
        )
        return [
            (first, Stage.PREPARATION, d(2026, 3, 1)),  # replaces the stage kept for that day
            (second, Stage.PREPARATION, None),  # undated: nothing to keep
            (second, Stage.NEW_START, d(2026, 6, 1)),  # its own state: nothing to keep
            (second, Stage.RESERVE, d(2026, 1, 10)),
        ]

    for project, stage, since in setup("A"):
        stages.note_replaced_stage(project=project, stage=stage, since=since)
    replaced = setup("B")
    stages.note_replaced_stages(replaced)

    expected = [
        [(Stage.PREPARATION, d(2026, 3, 1), StageSource.RECORD)],
        [(Stage.RESERVE, d(2026, 1, 10), StageSource.RECORD)],
    ]
    assert _shape(Project.objects.filter(code__startswith="A-")) == expected
    assert _shape(Project.objects.filter(code__startswith="B-")) == expected


def test_the_bulk_rebuild_takes_the_same_queries_for_many_projects_as_for_few(make_project):
    few = _projects_with_history(make_project, 2, "F")
    many = _projects_with_history(make_project, 30, "M")

    with CaptureQueriesContext(connection) as for_few:
        stages.rebuild_stage_histories(few)
    with CaptureQueriesContext(connection) as for_many:
        stages.rebuild_stage_histories(many)

    assert len(for_many) == len(for_few)


def test_an_import_of_many_projects_adds_no_query_per_project(sector):
    def rows(count, stage):
        header = ["项目编号", "项目名称", "所属领域", "建设阶段", "实际开工日期", "总投资(万元)"]
        body = [
            [f"Q-{n}", f"项目{n}", "tertiary", stage, "2026-01-10", str(D(100 + n))]
            for n in range(count)
        ]
        return csv_bytes([header, *body])

    counts = []
    for count in (3, 40):
        Project.objects.all().delete()
        with time_machine.travel(MAY_LAST_BEIJING, tick=False):
            run("projects", rows(count, "前期"), dry_run=False)
        with (
            time_machine.travel(JUNE_FIRST_BEIJING, tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            assert run("projects", rows(count, "续建"), dry_run=False).applied
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert set(ProjectStage.objects.values_list("stage", "since", "source")) == {
        (Stage.PREPARATION, d(2026, 5, 31), StageSource.RECORD),
        (Stage.NEW_START, d(2026, 1, 10), StageSource.ACTUAL_START),
    }
    assert ProjectStage.objects.count() == 80
