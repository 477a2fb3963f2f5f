"""Computed targets count what held on the day, never past the deadline, by one rule."""

import datetime
import importlib
from decimal import Decimal as D

import pytest
from django.apps import apps

from projects.models import (
    STARTED_STAGES,
    Level,
    ProgressReport,
    ProjectStage,
    Stage,
    TargetKind,
)
from projects.services import progress
from projects.services.counting import computed_values, counted_by, counted_projects, series
from projects.services.reports import sync_project_from_reports
from projects.services.stages import note_replaced_stage, rebuild_stage_history

pytestmark = pytest.mark.django_db

d = datetime.date


def report(project, day, stage):
    ProgressReport.objects.create(
        project=project, date=day, stage=stage, text="进展", is_published=True
    )
    sync_project_from_reports(project=project)
    project.refresh_from_db()


def city_project(make_project, **fields):
    return make_project(level=Level.CITY_KEY, stage=Stage.RESERVE, stage_date=None, **fields)


def codes(target, as_of):
    return set(counted_projects(target, as_of).values_list("code", flat=True))


def value(target, as_of):
    return computed_values([(target, as_of)])[0]


def test_a_project_started_by_spring_still_counts_after_it_is_suspended(key_projects, make_project):
    project = city_project(make_project)
    report(project, d(2026, 3, 1), Stage.NEW_START)
    report(project, d(2026, 8, 15), Stage.SUSPENDED)
    assert project.stage == Stage.SUSPENDED
    for as_of in (d(2026, 5, 31), d(2026, 9, 1), d(2027, 1, 5)):
        assert codes(key_projects, as_of) == {project.code}
        assert value(key_projects, as_of) == 1
    assert codes(key_projects, d(2026, 2, 28)) == set()


def test_a_project_that_starts_in_june_never_counts_for_spring(key_projects, make_project):
    project = city_project(make_project)
    report(project, d(2026, 1, 15), Stage.PREPARATION)
    report(project, d(2026, 6, 10), Stage.NEW_START)
    for as_of in (d(2026, 5, 31), d(2026, 6, 10), d(2026, 7, 1), d(2027, 1, 5)):
        assert value(key_projects, as_of) == 0
    [result] = progress.evaluate_targets([key_projects], d(2026, 7, 1))
    assert result.value == 0
    assert result.value_date == d(2026, 5, 31)


def test_a_project_that_moves_on_to_completion_still_counts(key_projects, make_project):
    project = city_project(make_project)
    report(project, d(2026, 4, 1), Stage.NEW_START)
    report(project, d(2026, 10, 1), Stage.COMPLETED)
    assert codes(key_projects, d(2026, 11, 1)) == {project.code}


def test_an_actual_start_after_the_day_is_never_counted_as_started(
    key_projects, make_target, make_project
):
    project = city_project(make_project, actual_start=d(2026, 6, 5))
    report(project, d(2026, 5, 1), Stage.NEW_START)
    assert value(key_projects, d(2026, 5, 20)) == 0
    assert value(key_projects, d(2026, 7, 1)) == 0  # counted on 31 May: not started then
    started_this_year = make_target(
        kind=TargetKind.PROJECTS,
        figure=D(14),
        unit="个",
        rule_stages=list(STARTED_STAGES),
        records_complete=True,
    )
    assert value(started_this_year, d(2026, 6, 4)) == 0
    assert value(started_this_year, d(2026, 6, 5)) == 1


def test_a_stage_staff_replaced_is_remembered(make_target, make_project):
    preparing = make_target(
        kind=TargetKind.PROJECTS,
        figure=D(10),
        unit="个",
        rule_stages=[Stage.PREPARATION],
        records_complete=True,
    )
    project = make_project(stage=Stage.PREPARATION, stage_date=d(2026, 2, 1))
    project.stage, project.stage_date = Stage.NEW_START, d(2026, 7, 1)
    project.save()
    note_replaced_stage(project=project, stage=Stage.PREPARATION, since=d(2026, 2, 1))
    rebuild_stage_history(project=project)
    assert value(preparing, d(2026, 1, 31)) == 0  # on record only from 1 February
    assert value(preparing, d(2026, 6, 30)) == 1
    assert value(preparing, d(2026, 7, 1)) == 0


def test_an_undated_stage_counts_on_every_day(make_target, make_project):
    pipeline = make_target(kind=TargetKind.PROJECTS, figure=D(143), unit="个")
    make_project(stage="", stage_date=None)
    assert value(pipeline, d(2026, 1, 2)) == 1
    dated = make_project(stage=Stage.RESERVE, stage_date=d(2026, 6, 1))
    assert value(pipeline, d(2026, 5, 31)) == 1  # the dated one was not on record yet
    assert value(pipeline, d(2026, 6, 1)) == 2
    assert dated.code in codes(pipeline, d(2026, 6, 1))


@pytest.fixture
def capacity(make_target, category):
    return make_target(
        kind=TargetKind.PROJECTS,
        figure=D(170),
        unit="万千瓦",
        rule_category=category,
        rule_stages=[Stage.OPERATING],
        rule_aggregate="capacity",
        records_complete=True,
    )


def test_value_list_and_project_page_agree_on_capacity_in_other_units(
    capacity, category, make_project
):
    as_of = d(2026, 11, 1)
    megawatts = make_project(
        category=category, stage=Stage.OPERATING, capacity=D(300), capacity_unit=" MW "
    )
    gigawatts = make_project(
        category=category, stage=Stage.OPERATING, capacity=D("0.5"), capacity_unit="GW"
    )
    birds = make_project(
        category=category, stage=Stage.OPERATING, capacity=D(20), capacity_unit="万羽"
    )
    assert value(capacity, as_of) == 80  # 30 + 50 万千瓦; 万羽 is not power
    assert codes(capacity, as_of) == {megawatts.code, gigawatts.code}
    assert counted_by(megawatts, [capacity], as_of) == {capacity.pk}
    assert counted_by(birds, [capacity], as_of) == set()


def test_value_always_equals_the_length_of_the_list(key_projects, make_project):
    for start, later in (
        (d(2026, 2, 1), Stage.SUSPENDED),
        (d(2026, 4, 20), Stage.COMPLETED),
        (d(2026, 6, 2), Stage.CONTINUING),
    ):
        project = city_project(make_project)
        report(project, start, Stage.NEW_START)
        report(project, start + datetime.timedelta(days=90), later)
    for as_of in (d(2026, 1, 31), d(2026, 3, 1), d(2026, 5, 31), d(2026, 8, 1), d(2027, 2, 1)):
        assert value(key_projects, as_of) == counted_projects(key_projects, as_of).count()


def test_one_query_for_every_computed_target_and_day(
    key_projects, capacity, make_project, django_assert_num_queries
):
    make_project(level=Level.CITY_KEY, stage=Stage.NEW_START, stage_date=d(2026, 3, 1))
    pairs = [(key_projects, d(2026, 11, 1)), (capacity, d(2026, 11, 1))]
    pairs += [(key_projects, d(2026, m, 28)) for m in range(1, 13)]
    with django_assert_num_queries(1):
        computed_values(pairs)


def test_the_backfill_rebuilds_history_from_saved_versions_and_reports(make_project):
    # Saved versions: preparation from 1 Feb, then started on 1 April (a save that kept no
    # history row, as before this history existed), then a report of 1 September.
    project = make_project(stage=Stage.PREPARATION, stage_date=d(2026, 2, 1))
    project.stage, project.stage_date = Stage.NEW_START, d(2026, 4, 1)
    project.save()
    ProgressReport.objects.create(
        project=project, date=d(2026, 3, 1), stage=Stage.PREPARATION, text="前期", is_published=True
    )
    report(project, d(2026, 9, 1), Stage.CONTINUING)
    ProjectStage.objects.all().delete()
    migration = importlib.import_module("projects.migrations.0004_backfill_project_stage_history")
    migration.backfill(apps, None)
    # The report of 1 March repeats the stage held since 1 February: no row of its own.
    assert set(ProjectStage.objects.values_list("stage", "since", "until", "source")) == {
        (Stage.PREPARATION, d(2026, 2, 1), d(2026, 4, 1), "record"),
        (Stage.NEW_START, d(2026, 4, 1), d(2026, 9, 1), "record"),
    }


def test_the_chart_series_agrees_with_the_value_on_every_day(
    key_projects, capacity, category, make_target, make_project
):
    mixed = make_target(
        kind=TargetKind.PROJECTS,
        figure=D(11),
        unit="个",
        rule_category=category,
        rule_stages=[Stage.PREPARATION, *STARTED_STAGES],
        records_complete=True,
    )
    pipeline = make_target(kind=TargetKind.PROJECTS, figure=D(143), unit="个")
    started_late = city_project(make_project, actual_start=d(2026, 6, 5), category=category)
    report(started_late, d(2026, 2, 1), Stage.PREPARATION)
    report(started_late, d(2026, 5, 1), Stage.NEW_START)
    suspended = city_project(make_project, category=category)
    report(suspended, d(2026, 3, 1), Stage.NEW_START)
    report(suspended, d(2026, 4, 1), Stage.CONTINUING)
    report(suspended, d(2026, 8, 15), Stage.SUSPENDED)
    plant = make_project(
        category=category, stage=Stage.RESERVE, capacity=D(300), capacity_unit="MW"
    )
    report(plant, d(2026, 4, 1), Stage.NEW_START)
    report(plant, d(2026, 9, 1), Stage.OPERATING)
    make_project(stage="", stage_date=None)  # undated: on record all along
    days = [d(2026, m, 1) for m in range(1, 13)] + [d(2026, 5, 31), d(2026, 12, 31)]
    for target in (key_projects, capacity, mixed, pipeline):
        wanted = [day for day in days if day <= target.deadline]
        assert series(target, wanted) == [value(target, day) for day in wanted], target.code
    assert series(capacity, [d(2026, 8, 31), d(2026, 9, 1)]) == [0, 30]


def test_repeated_reports_of_one_stage_make_one_row_that_ends_where_the_next_begins(
    make_project,
):
    project = make_project(stage=Stage.RESERVE, stage_date=None)
    for day, stage in (
        (d(2026, 3, 1), Stage.NEW_START),
        (d(2026, 4, 1), Stage.CONTINUING),
        (d(2026, 5, 1), Stage.CONTINUING),
        (d(2026, 6, 1), Stage.CONTINUING),
        (d(2026, 7, 1), Stage.COMPLETED),
    ):
        report(project, day, stage)
    assert list(ProjectStage.objects.values_list("stage", "since", "until")) == [
        (Stage.NEW_START, d(2026, 3, 1), d(2026, 4, 1)),
        (Stage.CONTINUING, d(2026, 4, 1), d(2026, 7, 1)),
    ]
    assert project.stage_date == d(2026, 7, 1)
