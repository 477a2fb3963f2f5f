"""The reporting calendar marks each report and figure due, overdue, on time or late on the
right day: the due day itself, the day after, month and quarter ends, the reporting lag."""

import pytest

from projects.models import Cadence, Stage, TargetKind
from projects.services.calendar import (
    DUE,
    FIGURE,
    LATE,
    ON_TIME,
    OVERDUE,
    REPORT,
    due_items,
    month_number,
    period_label,
    report_window,
    tally,
    year_span,
)

from .calendar_data import d, entered_on, figure, on, report

pytestmark = pytest.mark.django_db


def items(today, **options):
    since, until = year_span(2026)
    return due_items(today=today, since=since, until=until, **options)


def month_status(project, month: int, today, **options):
    """The status of *project*'s report for *month* of 2026, or None when none is owed."""
    for item in items(today, **options):
        if item.kind == REPORT and item.subject_id == project.pk and item.period_end.month == month:
            return item.status
    return None


def period_status(target, period_end, today, **options):
    for item in items(today, **options):
        if item.kind == FIGURE and item.subject_id == target.pk and item.period_end == period_end:
            return item.status
    return None


@pytest.fixture
def building(make_project):
    """A project under way all year, entered on 1 January."""
    return entered_on(
        d(2026, 1, 1), make_project, stage=Stage.CONTINUING, actual_start=d(2025, 6, 1)
    )


def test_a_monthly_report_is_due_on_the_due_day_and_overdue_the_day_after(building):
    assert month_status(building, 3, d(2026, 4, 5)) == DUE
    assert month_status(building, 3, d(2026, 4, 6)) == OVERDUE


def test_a_report_entered_on_the_due_day_is_on_time_and_the_day_after_late(building, make_project):
    report(building, d(2026, 3, 31), entered=d(2026, 4, 5))
    assert month_status(building, 3, d(2026, 4, 20)) == ON_TIME
    other = entered_on(d(2026, 1, 1), make_project, stage=Stage.CONTINUING)
    report(other, d(2026, 3, 31), entered=d(2026, 4, 6))
    assert month_status(other, 3, d(2026, 4, 20)) == LATE


def test_the_day_a_report_is_entered_is_the_day_in_beijing(building, make_project):
    with on(d(2026, 4, 5), hour=23, minute=30):  # 15:30 UTC, still the 5th in Beijing
        building.reports.create(date=d(2026, 3, 31), stage=Stage.CONTINUING, text="进展")
    assert month_status(building, 3, d(2026, 4, 20)) == ON_TIME
    other = entered_on(d(2026, 1, 1), make_project, stage=Stage.CONTINUING)
    with on(d(2026, 4, 6), hour=0, minute=30):  # 16:30 UTC on the 5th, the 6th in Beijing
        other.reports.create(date=d(2026, 3, 31), stage=Stage.CONTINUING, text="进展")
    assert month_status(other, 3, d(2026, 4, 20)) == LATE


def test_a_report_reported_early_is_on_time_before_its_due_day_comes(building):
    report(building, d(2026, 3, 20))
    assert month_status(building, 3, d(2026, 3, 25)) == ON_TIME


def test_reports_written_up_to_the_due_day_count_for_the_month_before(building):
    report(building, d(2026, 4, 3))
    assert month_status(building, 3, d(2026, 4, 20)) == ON_TIME
    assert month_status(building, 4, d(2026, 5, 6)) == OVERDUE
    report(building, d(2026, 4, 6))
    assert month_status(building, 4, d(2026, 5, 6)) == ON_TIME


def test_a_report_dated_after_the_due_day_counts_for_its_own_month_only(building):
    report(building, d(2026, 4, 6))
    assert month_status(building, 3, d(2026, 4, 20)) == OVERDUE
    assert month_status(building, 4, d(2026, 4, 20)) == ON_TIME


def test_the_windows_cover_every_day_once_across_month_ends():
    march, february = month_number(d(2026, 3, 1)), month_number(d(2026, 2, 1))
    assert report_window(february) == (d(2026, 2, 6), d(2026, 3, 5))
    assert report_window(march) == (d(2026, 3, 6), d(2026, 4, 5))
    december = month_number(d(2026, 12, 1))
    assert report_window(december) == (d(2026, 12, 6), d(2027, 1, 5))
    assert report_window(december + 1)[0] == d(2027, 1, 6)


def test_february_month_end_and_the_december_report_due_next_year(building):
    report(building, d(2026, 2, 28), entered=d(2026, 3, 5))
    assert month_status(building, 2, d(2026, 3, 10)) == ON_TIME
    assert month_status(building, 12, d(2027, 1, 5)) == DUE
    assert month_status(building, 12, d(2027, 1, 6)) == OVERDUE


def test_the_due_day_is_a_setting(building, settings):
    settings.REPORT_DUE_DAY = 10
    assert month_status(building, 3, d(2026, 4, 10)) == DUE
    assert month_status(building, 3, d(2026, 4, 11)) == OVERDUE
    report(building, d(2026, 4, 8), entered=d(2026, 4, 10))
    assert month_status(building, 3, d(2026, 4, 20)) == ON_TIME


def test_a_project_entered_mid_year_owes_only_the_months_after(make_project):
    july = entered_on(d(2026, 7, 15), make_project, stage=Stage.CONTINUING)
    owed = {i.period_end.month for i in items(d(2026, 11, 30)) if i.subject_id == july.pk}
    assert owed == {7, 8, 9, 10, 11}
    last_day = entered_on(d(2026, 7, 31), make_project, stage=Stage.CONTINUING)
    owed = {i.period_end.month for i in items(d(2026, 11, 30)) if i.subject_id == last_day.pk}
    assert owed == {8, 9, 10, 11}


def test_a_project_owes_from_the_month_it_starts_to_the_month_it_is_completed(make_project):
    project = entered_on(
        d(2026, 1, 1),
        make_project,
        stage=Stage.COMPLETED,
        actual_start=d(2026, 3, 10),
        actual_end=d(2026, 6, 2),
    )
    owed = {i.period_end.month for i in items(d(2026, 11, 30)) if i.subject_id == project.pk}
    assert owed == {3, 4, 5, 6}


def test_a_started_stage_starts_the_reports_when_no_date_is_given(make_project):
    dated = entered_on(
        d(2026, 1, 1), make_project, stage=Stage.NEW_START, stage_date=d(2026, 9, 15)
    )
    undated = entered_on(d(2026, 1, 1), make_project, stage=Stage.CONTINUING)
    done = entered_on(d(2026, 1, 1), make_project, stage=Stage.OPERATING)
    months = {}
    for item in items(d(2026, 11, 30)):
        months.setdefault(item.subject_id, set()).add(item.period_end.month)
    assert months[dated.pk] == {9, 10, 11}
    assert months[undated.pk] == set(range(1, 12))
    assert done.pk not in months  # completed all along, as far as the record knows


def test_the_stage_history_tells_when_a_project_started_and_finished(make_project):
    from projects.services.stages import rebuild_stage_history

    project = entered_on(
        d(2026, 1, 1), make_project, stage=Stage.OPERATING, stage_date=d(2026, 8, 20)
    )
    report(project, d(2026, 4, 10), stage=Stage.NEW_START)
    report(project, d(2026, 7, 1), stage=Stage.COMPLETED)
    rebuild_stage_history(project=project)
    owed = {i.period_end.month for i in items(d(2026, 11, 30)) if i.subject_id == project.pk}
    assert owed == {4, 5, 6, 7}


def test_projects_not_started_or_not_published_owe_nothing(make_project):
    entered_on(d(2026, 1, 1), make_project, stage=Stage.PREPARATION)
    entered_on(d(2026, 1, 1), make_project, stage=Stage.CONTINUING, is_published=False)
    assert items(d(2026, 11, 30)) == []


def test_a_monthly_figure_is_due_the_lag_after_the_month(make_target):
    visitors = entered_on(d(2026, 1, 1), make_target, cadence=Cadence.MONTHLY)
    october = d(2026, 10, 31)
    assert period_status(visitors, october, d(2026, 11, 25)) == DUE
    assert period_status(visitors, october, d(2026, 11, 26)) == OVERDUE
    figure(visitors, october, entered=d(2026, 11, 25))
    assert period_status(visitors, october, d(2026, 11, 26)) == ON_TIME


def test_a_quarterly_figure_with_its_lag_and_a_figure_dated_inside_the_quarter(make_target):
    clinic = entered_on(d(2026, 1, 1), make_target, kind=TargetKind.KEEP, cadence=Cadence.QUARTERLY)
    q3, q4 = d(2026, 9, 30), d(2026, 12, 31)
    assert period_status(clinic, q3, d(2026, 10, 30)) == DUE
    assert period_status(clinic, q3, d(2026, 10, 31)) == OVERDUE
    figure(clinic, d(2026, 8, 31), entered=d(2026, 10, 31))
    assert period_status(clinic, q3, d(2026, 11, 1)) == LATE
    assert [i.due for i in items(d(2026, 11, 1)) if i.period_end == q4] == [d(2027, 1, 30)]
    staff_lag = entered_on(
        d(2026, 1, 1), make_target, cadence=Cadence.QUARTERLY, report_lag_days=10
    )
    assert period_status(staff_lag, q3, d(2026, 10, 10)) == DUE
    assert period_status(staff_lag, q3, d(2026, 10, 11)) == OVERDUE


def test_a_figure_dated_after_its_period_does_not_count_for_it(make_target):
    visitors = entered_on(d(2026, 1, 1), make_target)
    figure(visitors, d(2026, 11, 1), entered=d(2026, 11, 2))
    assert period_status(visitors, d(2026, 10, 31), d(2026, 11, 30)) == OVERDUE


def test_targets_owe_only_periods_ending_after_they_entered_the_portal(make_target):
    visitors = entered_on(d(2026, 6, 30), make_target)
    owed = [i.period_end.month for i in items(d(2026, 9, 30)) if i.subject_id == visitors.pk]
    assert owed == [7, 8, 9]  # and no period that has not begun


def test_computed_milestone_and_draft_targets_owe_nothing(make_target):
    entered_on(d(2026, 1, 1), make_target, kind=TargetKind.PROJECTS)
    entered_on(d(2026, 1, 1), make_target, kind=TargetKind.MILESTONE, figure=None)
    entered_on(d(2026, 1, 1), make_target, is_published=False)
    assert items(d(2026, 11, 30)) == []


def test_a_one_off_result_is_due_the_lag_after_its_deadline(make_target):
    gaokao = entered_on(
        d(2026, 1, 1), make_target, kind=TargetKind.LEVEL, cadence=Cadence.ONCE,
        deadline=d(2026, 7, 31),
    )  # fmt: skip
    [item] = items(d(2026, 8, 16))
    assert (item.subject_id, item.period_start, item.due) == (
        gaokao.pk,
        d(2026, 1, 1),
        d(2026, 8, 15),
    )
    assert item.status == OVERDUE


def test_the_public_count_only_published_records_staff_count_drafts(building):
    report(building, d(2026, 3, 31), is_published=False)
    assert month_status(building, 3, d(2026, 4, 20)) == ON_TIME
    assert month_status(building, 3, d(2026, 4, 20), public=True) == OVERDUE


def test_only_the_units_asked_for(building, make_project):
    from projects.models import Unit

    unit = Unit.objects.create(name="旗发改委")
    mine = entered_on(d(2026, 1, 1), make_project, stage=Stage.CONTINUING, responsible_unit=unit)
    assert {i.subject_id for i in items(d(2026, 4, 20), unit_ids=[unit.pk])} == {mine.pk}
    assert {i.subject_id for i in items(d(2026, 4, 20))} == {mine.pk, building.pk}


def test_the_tally_counts_due_so_far_and_due_soon(building):
    report(building, d(2026, 1, 31), entered=d(2026, 2, 5))  # on time
    report(building, d(2026, 2, 28), entered=d(2026, 3, 9))  # late
    report(building, d(2026, 4, 6), entered=d(2026, 4, 6))  # April, reported early
    counts = tally(items(d(2026, 4, 30)), d(2026, 4, 30), soon=7)[None]
    # January on time, February late, March missing; April due 5 May, reported already.
    assert (counts.due, counts.on_time, counts.late, counts.missing) == (3, 1, 1, 1)
    assert counts.soon == 0
    counts = tally(items(d(2026, 5, 28)), d(2026, 5, 28), soon=7)[None]
    assert (counts.due, counts.missing, counts.soon) == (4, 1, 0)
    counts = tally(items(d(2026, 5, 29)), d(2026, 5, 29), soon=7)[None]
    assert counts.soon == 1  # May's report, due 5 June, seven days ahead
    assert counts.on_time_percent == 50


def test_the_queries_do_not_grow_with_the_records(make_project, make_target,
                                                   django_assert_num_queries):  # fmt: skip
    for n in range(20):
        project = entered_on(d(2026, 1, 1), make_project, stage=Stage.CONTINUING)
        report(project, d(2026, 2, 1 + n))
        target = entered_on(d(2026, 1, 1), make_target)
        figure(target, d(2026, 3, 31))
    with django_assert_num_queries(4):
        found = items(d(2026, 11, 30))
    assert len(found) == 20 * 11 + 20 * 11


def test_period_labels():
    assert period_label(d(2026, 3, 1), d(2026, 3, 31)) == "2026年3月"
    assert period_label(d(2026, 7, 1), d(2026, 9, 30)) == "2026年第三季度"
    assert period_label(d(2026, 1, 1), d(2026, 12, 31)) == "2026年全年"
    assert period_label(d(2026, 4, 1), d(2026, 5, 31)) == "2026年4月1日至5月31日"
