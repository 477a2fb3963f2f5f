"""The target rule of TARGET-RULES.md, pinned with its worked examples and edge cases."""

import datetime
from decimal import Decimal as D

import pytest

from projects.models import (
    Comparison,
    Level,
    Measurement,
    MilestoneStep,
    Stage,
    TargetKind,
)
from projects.services import progress
from projects.services.progress import evaluate_targets

pytestmark = pytest.mark.django_db

d = datetime.date


def status_of(target, as_of):
    return evaluate_targets([target], as_of)[0]


def measure(target, date, value, **extra):
    return Measurement.objects.create(
        target=target, date=date, value=D(str(value)), source="旗统计局", is_published=True, **extra
    )


@pytest.fixture
def visitors(make_target):
    return make_target(comparison=Comparison.AT_LEAST)


def test_elapsed_is_one_on_the_deadline_and_clipped():
    assert progress.elapsed_share(d(2026, 1, 1), d(2026, 12, 31), d(2026, 12, 31)) == 1
    assert progress.elapsed_share(d(2026, 1, 1), d(2026, 12, 31), d(2027, 3, 1)) == 1
    assert progress.elapsed_share(d(2026, 1, 1), d(2026, 12, 31), d(2025, 12, 1)) == 0


def test_cumulative_on_track_when_value_reaches_the_pace_line(visitors):
    measure(visitors, d(2026, 7, 1), 66)
    result = status_of(visitors, d(2026, 7, 1))
    assert result.status == progress.ON_TRACK
    assert round(result.expected, 1) == D("64.6")


def test_cumulative_judged_on_the_data_date_not_today(visitors):
    # An October figure published in late November is held to October's pace, not November's.
    measure(visitors, d(2026, 10, 31), 110)
    result = status_of(visitors, d(2026, 11, 28))
    assert result.value_date == d(2026, 10, 31)
    assert round(result.expected, 2) == D("108.21")  # 303/364 of 130, not 331/364
    assert result.status == progress.ON_TRACK
    assert result.explanation_zh.startswith("截至10月31日")


def test_cumulative_behind_below_the_pace_line(visitors):
    measure(visitors, d(2026, 6, 30), 60)
    assert status_of(visitors, d(2026, 7, 1)).status == progress.BEHIND


def test_cumulative_achieved_early(visitors):
    measure(visitors, d(2026, 9, 30), 131)
    assert status_of(visitors, d(2026, 10, 1)).status == progress.ACHIEVED


def test_cumulative_missed_after_deadline(visitors):
    measure(visitors, d(2026, 12, 31), 120)
    assert status_of(visitors, d(2027, 1, 5)).status == progress.MISSED


def test_no_measurement_means_no_data(visitors):
    result = status_of(visitors, d(2026, 3, 1))
    assert result.status == progress.NO_DATA
    assert "尚未发布进展数据" in result.explanation_zh


def test_later_measurements_and_drafts_do_not_count(visitors):
    measure(visitors, d(2026, 8, 1), 131)
    Measurement.objects.create(
        target=visitors, date=d(2026, 6, 1), value=D(90), source="x", is_published=False
    )
    assert status_of(visitors, d(2026, 7, 1)).status == progress.NO_DATA


def test_above_comparison_does_not_count_equal(visitors):
    visitors.comparison = Comparison.ABOVE
    visitors.save()
    measure(visitors, d(2026, 12, 1), 130)
    result = status_of(visitors, d(2026, 12, 2))
    assert result.status == progress.ON_TRACK  # 130 is not above 130, but ahead of pace
    # The figure of the deadline day is the year's: exactly 130 is short of "above 130".
    measure(visitors, d(2026, 12, 31), 130)
    assert status_of(visitors, d(2026, 12, 31)).status == progress.BEHIND
    assert status_of(visitors, d(2027, 1, 2)).status == progress.MISSED


def test_after_the_deadline_an_older_figure_awaits_the_year_end_figure(visitors):
    measure(visitors, d(2026, 11, 30), 115)
    assert status_of(visitors, d(2026, 12, 31)).status == progress.BEHIND
    assert status_of(visitors, d(2027, 1, 10)).status == progress.AWAITING
    measure(visitors, d(2026, 12, 31), 129)
    assert status_of(visitors, d(2027, 1, 10)).status == progress.MISSED


def test_figure_changed_mid_year_judges_with_the_current_figure(visitors):
    measure(visitors, d(2026, 6, 30), 66)
    visitors.figure = D(100)
    visitors.save()
    result = status_of(visitors, d(2026, 7, 1))
    assert result.figure == 100
    assert result.status == progress.ON_TRACK
    visitors.figure = D(200)
    visitors.save()
    assert status_of(visitors, d(2026, 7, 1)).status == progress.BEHIND


def test_explanation_shows_the_arithmetic(visitors):
    measure(visitors, d(2026, 11, 25), 96)
    result = status_of(visitors, d(2026, 11, 28))
    assert result.explanation_zh == (
        "截至11月25日（最新数据），完成 96 万人次，为目标 130 万人次的 73.8%；"
        "时间进度 90.1%，应完成 117.14 万人次，进度滞后。"
    )
    assert result.explanation_en == (
        "As of 25 November (latest figure), 960,000 visits done, 73.8% of the 1.3 million "
        "visits targeted; 90.1% of the time has gone, so 1,171,400 visits were due: "
        "behind schedule."
    )


def test_monthly_profile_replaces_the_straight_line(visitors):
    # A tourism season: little before May, most in summer.
    visitors.pace_profile = [0.02, 0.04, 0.06, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1]
    visitors.save()
    measure(visitors, d(2026, 6, 30), 40)
    result = status_of(visitors, d(2026, 6, 30))
    assert result.elapsed == D("0.3")
    assert result.status == progress.ON_TRACK  # 40 >= 39 with the profile, behind without


def test_at_most_cumulative(make_target):
    energy = make_target(title="能耗", comparison=Comparison.AT_MOST, figure=D(100), unit="万吨")
    measure(energy, d(2026, 6, 30), 40)
    assert status_of(energy, d(2026, 7, 1)).status == progress.ON_TRACK
    measure(energy, d(2026, 7, 31), 70)
    assert status_of(energy, d(2026, 8, 1)).status == progress.BEHIND
    measure(energy, d(2026, 8, 31), 101)
    assert status_of(energy, d(2026, 9, 1)).status == progress.MISSED


def test_at_most_achieved_at_deadline_when_within_limit(make_target):
    energy = make_target(title="能耗", comparison=Comparison.AT_MOST, figure=D(100), unit="万吨")
    measure(energy, d(2026, 12, 31), 95)
    assert status_of(energy, d(2026, 12, 31)).status == progress.ACHIEVED


MARCH = d(2026, 3, 1)


def _city_projects(make_project, n, stage=Stage.NEW_START, stage_date=MARCH):
    for _ in range(n):
        make_project(level=Level.CITY_KEY, stage=stage, stage_date=stage_date)


def test_key_projects_behind_with_31(key_projects, make_project):
    _city_projects(make_project, 31)
    result = status_of(key_projects, d(2026, 4, 30))
    assert result.value == 31
    assert round(result.expected, 1) == D("31.7")
    assert result.status == progress.BEHIND


def test_key_projects_on_track_with_32(key_projects, make_project):
    _city_projects(make_project, 32)
    assert status_of(key_projects, d(2026, 4, 30)).status == progress.ON_TRACK


def test_key_projects_count_only_matching_published_projects_by_then(key_projects, make_project):
    _city_projects(make_project, 30)
    _city_projects(make_project, 1, stage=Stage.PREPARATION)  # not started
    _city_projects(make_project, 1, stage_date=d(2026, 5, 10))  # started after as of
    make_project(level=Level.BANNER_KEY, stage=Stage.NEW_START)  # not city level
    make_project(level=Level.CITY_KEY, stage=Stage.NEW_START, is_published=False)  # draft
    assert status_of(key_projects, d(2026, 4, 30)).value == 30


def test_computed_target_waits_for_complete_records(key_projects, make_project):
    key_projects.records_complete = False
    key_projects.save()
    _city_projects(make_project, 3)
    result = status_of(key_projects, d(2026, 4, 30))
    assert result.value == 3
    assert result.status == progress.UNCONFIRMED
    assert result.figure == 40


@pytest.fixture
def capacity(make_target, category):
    """170 万千瓦 installed: the capacity of new-energy projects in operation."""
    return make_target(
        kind=TargetKind.PROJECTS,
        figure=D(170),
        unit="万千瓦",
        rule_category=category,
        rule_stages=[Stage.OPERATING],
        rule_aggregate="capacity",
        records_complete=True,
    )


def test_capacity_converts_power_units_and_leaves_out_others(capacity, make_project, category):
    written = [(30, "万千瓦"), (500, "MW"), (70, "万 kW"), (100_000, "千瓦"), (0.2, "GW")]
    for amount, unit in written:
        make_project(
            category=category, stage=Stage.OPERATING, capacity=D(str(amount)), capacity_unit=unit
        )
    make_project(category=category, stage=Stage.OPERATING, capacity=D(9), capacity_unit="万吨")
    make_project(category=category, stage=Stage.NEW_START, capacity=D(10), capacity_unit="万千瓦")
    result = status_of(capacity, d(2026, 11, 1))
    assert result.value == 30 + 50 + 70 + 10 + 20
    assert result.status == progress.ACHIEVED
    counted = progress.counted_projects(capacity, d(2026, 11, 1))
    assert sorted(p.capacity_unit for p in counted) == ["GW", "MW", "万 kW", "万千瓦", "千瓦"]


@pytest.fixture
def gaokao(make_target):
    return make_target(
        kind=TargetKind.LEVEL,
        comparison=Comparison.ABOVE,
        figure=D(85),
        unit="%",
        cadence="once",
        deadline=d(2026, 7, 31),
    )


def test_gaokao_awaiting_before_result(gaokao):
    assert status_of(gaokao, d(2026, 5, 1)).status == progress.AWAITING


def test_gaokao_exactly_85_is_missed_at_once(gaokao):
    measure(gaokao, d(2026, 7, 1), "85.0")
    assert status_of(gaokao, d(2026, 7, 10)).status == progress.MISSED


def test_gaokao_above_85_is_achieved_at_once(gaokao):
    measure(gaokao, d(2026, 7, 1), "86.2")
    assert status_of(gaokao, d(2026, 7, 10)).status == progress.ACHIEVED


def test_level_to_reach_latest_value_decides(make_target):
    share = make_target(kind=TargetKind.LEVEL, figure=D(50), unit="%", cadence="annual")
    measure(share, d(2026, 6, 30), 48)
    assert status_of(share, d(2026, 7, 1)).status == progress.BEHIND
    measure(share, d(2026, 9, 30), 51)
    assert status_of(share, d(2026, 10, 1)).status == progress.ON_TRACK
    assert status_of(share, d(2026, 12, 31)).status == progress.ON_TRACK
    # After the deadline only the figure dated on it decides.
    assert status_of(share, d(2027, 1, 5)).status == progress.AWAITING
    measure(share, d(2026, 12, 31), 52)
    assert status_of(share, d(2027, 1, 5)).status == progress.ACHIEVED


def test_level_to_reach_missed_after_deadline(make_target):
    share = make_target(kind=TargetKind.LEVEL, figure=D(50), unit="%", cadence="annual")
    measure(share, d(2026, 12, 31), 49)
    assert status_of(share, d(2027, 1, 1)).status == progress.MISSED


@pytest.fixture
def treatment(make_target):
    return make_target(kind=TargetKind.KEEP, figure=D(91), unit="%", cadence="quarterly")


def test_keep_behind_when_latest_falls_short(treatment):
    measure(treatment, d(2026, 3, 31), 92)
    measure(treatment, d(2026, 6, 30), "90.5")
    assert status_of(treatment, d(2026, 6, 30)).status == progress.BEHIND
    assert status_of(treatment, d(2026, 4, 1)).status == progress.ON_TRACK


def test_keep_missed_at_deadline_if_any_measurement_fell_short(treatment):
    measure(treatment, d(2026, 3, 31), 92)
    measure(treatment, d(2026, 6, 30), "90.5")
    measure(treatment, d(2026, 12, 31), 93)
    assert status_of(treatment, d(2026, 12, 31)).status == progress.MISSED


def test_keep_achieved_when_every_measurement_met(treatment):
    for month, value in ((3, 92), (6, 91), (9, 93)):
        measure(treatment, d(2026, month, 28), value)
    assert status_of(treatment, d(2027, 1, 1)).status == progress.AWAITING
    measure(treatment, d(2026, 12, 31), 92)
    assert status_of(treatment, d(2027, 1, 1)).status == progress.ACHIEVED


def test_keep_never_reads_achieved_after_a_failing_quarter(treatment):
    measure(treatment, d(2026, 3, 31), 90)
    measure(treatment, d(2026, 6, 30), 93)
    result = status_of(treatment, d(2026, 7, 15))
    assert result.status == progress.BEHIND
    assert result.failing.date == d(2026, 3, 31)
    measure(treatment, d(2026, 9, 30), 93)
    measure(treatment, d(2026, 12, 31), 94)
    assert status_of(treatment, d(2027, 1, 15)).status == progress.MISSED


@pytest.fixture
def fai(make_target):
    return make_target(
        kind=TargetKind.MULTIPLE, figure=D(4), unit="倍", baseline=D(30), baseline_unit="亿元"
    )


def test_multiple_of_baseline(fai):
    measure(fai, d(2026, 6, 30), 50)
    result = status_of(fai, d(2026, 6, 30))
    assert result.figure == 120
    assert round(result.expected, 1) == D("59.3")
    assert result.status == progress.BEHIND
    assert "亿元" in result.explanation_zh


def test_multiple_without_baseline_is_no_data(fai):
    fai.baseline = None
    fai.save()
    measure(fai, d(2026, 6, 30), 50)
    result = status_of(fai, d(2026, 6, 30))
    assert result.status == progress.NO_DATA
    assert result.missing_baseline
    assert "基数" in result.explanation_zh


def test_growth_on_baseline(make_target):
    funds = make_target(
        kind=TargetKind.GROWTH, figure=D(10), unit="%", baseline=D(20000), baseline_unit="万元"
    )
    assert progress.effective_figure(funds) == 22000
    measure(funds, d(2026, 11, 30), 22000)
    assert status_of(funds, d(2026, 12, 1)).status == progress.ACHIEVED


@pytest.fixture
def five_a(make_target):
    return make_target(kind=TargetKind.MILESTONE, figure=None, unit="")


def step(target, order, planned, done=None):
    return MilestoneStep.objects.create(
        target=target, order=order, title=f"步骤{order}", planned_date=planned, done_date=done
    )


def test_milestone_not_started_without_steps(five_a):
    assert status_of(five_a, d(2026, 3, 1)).status == progress.NOT_STARTED


def test_milestone_on_track_behind_achieved_missed(five_a):
    step(five_a, 1, d(2026, 3, 31), d(2026, 3, 20))
    step(five_a, 2, d(2026, 9, 30))
    assert status_of(five_a, d(2026, 6, 1)).status == progress.ON_TRACK
    assert status_of(five_a, d(2026, 10, 1)).status == progress.BEHIND
    assert status_of(five_a, d(2027, 1, 1)).status == progress.MISSED
    five_a.steps.filter(order=2).update(done_date=d(2026, 10, 15))
    result = status_of(five_a, d(2026, 10, 20))
    assert result.status == progress.ACHIEVED
    assert result.percent == 100


def test_many_targets_in_constant_queries(django_assert_num_queries, make_target, make_project):
    targets = [make_target() for _ in range(3)]
    targets.append(make_target(kind=TargetKind.MILESTONE, figure=None))
    targets.append(make_target(kind=TargetKind.PROJECTS, figure=D(5), records_complete=True))
    for target in targets[:3]:
        measure(target, d(2026, 5, 1), 10)
    for _ in range(20):
        make_project(stage=Stage.NEW_START)
    with django_assert_num_queries(3):  # measurements, steps, grouped project counts
        results = evaluate_targets(targets, d(2026, 7, 1))
    assert [r.status for r in results[:3]] == [progress.BEHIND] * 3
    assert results[4].value == 20


def test_project_investment_pace():
    pace = progress.investment_pace(D(1000), D(400), d(2026, 7, 1))
    assert pace.rate_percent == D("40.0")
    assert pace.elapsed_percent == D("49.7")
    assert pace.behind is True
    assert progress.investment_pace(D(1000), D(600), d(2026, 7, 1)).behind is False
    assert progress.investment_pace(None, D(600), d(2026, 7, 1)).behind is None


def test_portfolio_pace_sums_published_projects(make_project):
    make_project(planned_2026=D(1000), completed_2026=D(300))
    make_project(planned_2026=D(1000), completed_2026=D(500))
    make_project(planned_2026=D(5000), completed_2026=D(5000), is_published=False)
    pace = progress.portfolio_pace(d(2026, 7, 1))
    assert pace.planned == 2000
    assert pace.rate_percent == D("40.0")


def test_counted_projects_are_the_ones_the_value_counts(capacity, make_project, category):
    counted = make_project(
        category=category, stage=Stage.OPERATING, capacity=D(30), capacity_unit="万千瓦"
    )
    make_project(category=category, stage=Stage.OPERATING, capacity=D(500), capacity_unit="万吨")
    make_project(
        category=category,
        stage=Stage.OPERATING,
        capacity=D(20),
        capacity_unit="万千瓦",
        stage_date=d(2026, 12, 1),
    )
    as_of = d(2026, 11, 1)
    assert list(progress.counted_projects(capacity, as_of)) == [counted]
    assert status_of(capacity, as_of).value == 30
