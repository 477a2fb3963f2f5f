"""The sentence under each status: its data date, words that fit the kind and comparison, and
English that reads as English (issue 8, points 8 and 10)."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.utils import translation

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
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def judged(target, as_of):
    result = evaluate_targets([target], as_of)[0]
    assert not CHINESE.search(result.explanation_en), result.explanation_en
    return result


def zh(target, as_of):
    return judged(target, as_of).explanation_zh


def en(target, as_of):
    return judged(target, as_of).explanation_en


def measure(target, date, value):
    return Measurement.objects.create(
        target=target, date=date, value=D(str(value)), source="旗统计局", is_published=True
    )


# Quantity: judged at the data date -------------------------------------------------------


@pytest.fixture
def sand(make_target):
    return make_target(title="沙地治理", figure=D(17), unit="万亩")


def test_quantity_names_the_data_date_not_today(sand):
    measure(sand, d(2026, 10, 31), "14.5")
    # Judged on 28 November, the sentence is of 31 October, with October's pace (303/364).
    assert zh(sand, d(2026, 11, 28)) == (
        "截至10月31日（最新数据），完成 14.5 万亩，为目标 17 万亩的 85.3%；"
        "时间进度 83.2%，应完成 14.15 万亩，进度正常。"
    )
    assert en(sand, d(2026, 11, 28)) == (
        "As of 31 October (latest figure), 145,000 mu done, 85.3% of the 170,000 mu targeted; "
        "83.2% of the time has gone, so 141,500 mu were due: on track."
    )
    # The day before the figure's date it is not yet counted.
    assert zh(sand, d(2026, 10, 30)).startswith("截至10月30日，尚未发布进展数据")


def test_no_data_says_so_on_the_day_asked(sand):
    assert zh(sand, d(2026, 3, 1)) == "截至3月1日，尚未发布进展数据，暂不判断进度。"
    assert en(sand, d(2026, 3, 1)) == (
        "As of 1 March, no progress figure has been published, so progress is not judged."
    )


def test_after_the_deadline_an_older_figure_awaits_the_year_end_figure(make_target):
    visitors = make_target(figure=D(130), unit="万人次")
    measure(visitors, d(2026, 11, 30), 115)
    on_deadline = zh(visitors, d(2026, 12, 31))
    assert "进度滞后" in on_deadline and "应完成" in on_deadline
    after = judged(visitors, d(2027, 1, 10))
    assert after.status == progress.AWAITING
    assert after.explanation_zh == (
        "最新数据截至11月30日：完成 115 万人次，为目标 130 万人次的 88.5%；"
        "截至12月31日的全期数据尚未公布，结果待出。"
    )
    assert "未完成" not in after.explanation_zh
    assert after.explanation_en == (
        "The latest figure, of 30 November, shows 1.15 million visits done, 88.5% of the "
        "1.3 million visits targeted; the figure for the whole period to 31 December has not "
        "been published yet, so the result is awaited."
    )
    measure(visitors, d(2026, 12, 31), 129)
    assert zh(visitors, d(2027, 1, 10)) == (
        "截至12月31日（最新数据），完成 129 万人次，为目标 130 万人次的 99.2%，未完成。"
    )


# "Above" (突破): sitting on the figure is not enough ----------------------------------------


@pytest.fixture
def above(make_target):
    return make_target(figure=D(130), unit="万人次", comparison=Comparison.ABOVE)


def test_above_target_on_its_figure_must_exceed_it(above):
    measure(above, d(2026, 12, 1), 130)
    assert zh(above, d(2026, 12, 2)) == (
        "截至12月1日（最新数据），已达 130 万人次，但目标为突破 130 万人次，"
        "须超过这一数字，进度正常。"
    )
    assert en(above, d(2026, 12, 2)) == (
        "As of 1 December (latest figure), the figure has reached 1.3 million visits, but the "
        "target is to exceed 1.3 million visits, so it must go above it: on track."
    )
    measure(above, d(2026, 12, 31), 130)
    assert zh(above, d(2026, 12, 31)).endswith("须超过这一数字，进度滞后。")
    assert zh(above, d(2027, 1, 2)).endswith("须超过这一数字，未完成。")


def test_above_target_past_its_figure_is_achieved(above):
    measure(above, d(2026, 11, 30), 131)
    assert zh(above, d(2026, 12, 1)) == (
        "截至11月30日（最新数据），完成 131 万人次，为目标 130 万人次的 100.8%，已完成。"
    )


# "At most": a limit, not a task ------------------------------------------------------------


@pytest.fixture
def energy(make_target):
    return make_target(title="能耗", figure=D(100), unit="万吨", comparison=Comparison.AT_MOST)


def test_at_most_speaks_of_a_limit(energy):
    measure(energy, d(2026, 7, 1), 60)
    over = zh(energy, d(2026, 7, 2))
    assert over == (
        "截至7月1日（最新数据），已用 60 万吨，限额 100 万吨；"
        "时间进度 49.7%，限额进度应不超过 49.73 万吨，超出。"
    )
    assert "应完成" not in over
    assert en(energy, d(2026, 7, 2)) == (
        "As of 1 July (latest figure), 600,000 tonnes used against a limit of 1 million tonnes; "
        "49.7% of the time has gone, so no more than 497,300 tonnes should have been used by "
        "then: over the pace."
    )


def test_at_most_within_the_pace_then_over_the_limit(energy):
    measure(energy, d(2026, 7, 1), 49)
    assert zh(energy, d(2026, 7, 2)).endswith("限额进度应不超过 49.73 万吨，未超出。")
    measure(energy, d(2026, 8, 31), 101)
    assert zh(energy, d(2026, 9, 1)) == (
        "截至8月31日（最新数据），已用 101 万吨，超过限额 100 万吨，未完成。"
    )


def test_at_most_within_the_limit_at_the_deadline(energy):
    measure(energy, d(2026, 11, 30), 90)
    assert zh(energy, d(2027, 1, 5)) == (
        "最新数据截至11月30日：已用 90 万吨，限额 100 万吨；"
        "截至12月31日的全期数据尚未公布，结果待出。"
    )
    measure(energy, d(2026, 12, 31), 95)
    assert zh(energy, d(2027, 1, 5)) == (
        "截至12月31日（最新数据），已用 95 万吨，未超过限额 100 万吨，已完成。"
    )


# Level (to reach): latest value, its date and the figure; never a percentage of it ---------


@pytest.fixture
def share(make_target):
    return make_target(kind=TargetKind.LEVEL, figure=D(50), unit="%", cadence="annual")


def test_level_gives_value_date_and_figure_not_a_completion_share(share):
    measure(share, d(2026, 6, 30), 48)
    behind = zh(share, d(2026, 7, 1))
    assert behind == "截至6月30日（最新数据），数值为 48%，未达到目标（不低于 50%），进度滞后。"
    measure(share, d(2026, 9, 30), 51)
    on_track = judged(share, d(2026, 10, 1))
    assert on_track.explanation_zh == (
        "截至9月30日（最新数据），数值为 51%，达到目标（不低于 50%），进度正常。"
    )
    assert on_track.explanation_en == (
        "As of 30 September (latest figure), the figure is 51%, meeting the target of at least "
        "50%: on track."
    )
    for text in (behind, on_track.explanation_zh):
        assert "为目标" not in text and "102%" not in text and "96%" not in text


def test_level_after_the_deadline_awaits_the_deadline_figure(share):
    measure(share, d(2026, 9, 30), 51)
    assert zh(share, d(2026, 12, 31)).endswith("进度正常。")
    assert zh(share, d(2027, 1, 5)) == (
        "最新数据截至9月30日：数值为 51%，目标不低于 50%；截至12月31日的数据尚未公布，结果待出。"
    )
    assert en(share, d(2027, 1, 5)) == (
        "The latest figure, of 30 September, is 51%, against a target of at least 50%; the "
        "figure for 31 December has not been published yet, so the result is awaited."
    )
    measure(share, d(2026, 12, 31), 49)
    assert zh(share, d(2027, 1, 5)) == (
        "截至12月31日（最新数据），数值为 49%，未达到目标（不低于 50%），未完成。"
    )


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


def test_level_result_not_yet_out(gaokao):
    assert zh(gaokao, d(2026, 5, 1)) == "截至5月1日，结果尚未公布（期限7月31日）。"
    assert en(gaokao, d(2026, 5, 1)) == (
        "As of 1 May, the result has not been published (deadline 31 July)."
    )


def test_above_level_exactly_on_its_figure_must_exceed_it(gaokao):
    measure(gaokao, d(2026, 7, 1), "85.0")
    assert zh(gaokao, d(2026, 7, 10)) == (
        "截至7月1日（最新数据），已达 85%，但目标为突破 85%，须超过这一数字，未完成。"
    )
    measure(gaokao, d(2026, 7, 2), "85.1")
    assert zh(gaokao, d(2026, 7, 10)) == (
        "截至7月2日（最新数据），数值为 85.1%，达到目标（超过 85%），已完成。"
    )


# Keep (all year): the failing value and its date ---------------------------------------------


@pytest.fixture
def treatment(make_target):
    return make_target(kind=TargetKind.KEEP, figure=D(91), unit="%", cadence="quarterly")


def test_keep_names_the_failing_value_and_its_date(treatment):
    measure(treatment, d(2026, 3, 31), 90)
    assert zh(treatment, d(2026, 4, 1)) == (
        "截至3月31日（最新数据），数值为 90%，未达到目标（全年保持不低于 91%），进度滞后。"
    )
    measure(treatment, d(2026, 6, 30), 93)
    behind = judged(treatment, d(2026, 7, 15))
    assert behind.explanation_zh == (
        "截至6月30日（最新数据），数值为 93%；但3月31日的数据为 90%，"
        "未达到目标（全年保持不低于 91%），进度滞后。"
    )
    assert behind.explanation_en == (
        "As of 30 June (latest figure), the figure is 93%; but the figure of 31 March was 90%, "
        "which did not meet the target of staying at least 91% all year: behind schedule."
    )
    measure(treatment, d(2026, 12, 31), 94)
    missed = zh(treatment, d(2027, 1, 15))
    assert missed.startswith("截至12月31日（最新数据），数值为 94%；但3月31日的数据为 90%")
    assert missed.endswith("未完成。")
    assert "为目标" not in missed


def test_keep_met_all_year(treatment):
    measure(treatment, d(2026, 3, 31), 92)
    assert zh(treatment, d(2026, 4, 1)) == (
        "截至3月31日（最新数据），数值为 92%；年内各期数据均达到目标（全年保持不低于 91%），"
        "进度正常。"
    )
    measure(treatment, d(2026, 9, 30), 93)
    assert zh(treatment, d(2027, 1, 1)) == (
        "最新数据截至9月30日：数值为 93%，年内各期数据均达到目标（全年保持不低于 91%）；"
        "截至12月31日的全期数据尚未公布，结果待出。"
    )
    measure(treatment, d(2026, 12, 31), 92)
    assert zh(treatment, d(2027, 1, 1)).endswith(
        "年内各期数据均达到目标（全年保持不低于 91%），已完成。"
    )


# Computed from projects: the counting day, and records not yet confirmed --------------------


@pytest.fixture
def key_projects(key_projects):
    """The same target before staff confirm its records complete."""
    key_projects.records_complete = False
    key_projects.save()
    return key_projects


MARCH = d(2026, 3, 1)


def _started(make_project, n, day=MARCH):
    for _ in range(n):
        make_project(level=Level.CITY_KEY, stage=Stage.NEW_START, stage_date=day)


def test_unconfirmed_records_show_the_count_against_the_figure(key_projects, make_project):
    _started(make_project, 5)
    result = judged(key_projects, d(2026, 4, 30))
    assert result.status == progress.UNCONFIRMED
    assert result.explanation_zh == "截至4月30日，已录入 5 个，目标 40 个；项目记录尚待确认完整。"
    assert result.explanation_en == (
        "As of 30 April, the records entered show 5 projects, against a target of 40 projects; "
        "the project records have yet to be confirmed complete."
    )
    # On the deadline the count is not yet final; the day after, the result awaits confirmation.
    assert zh(key_projects, d(2026, 5, 31)) == (
        "截至5月31日，已录入 5 个，目标 40 个；项目记录尚待确认完整。"
    )
    assert zh(key_projects, d(2026, 6, 15)) == (
        "截至5月31日，已录入 5 个，目标 40 个；项目记录尚待确认完整，结果待确认。"
    )
    assert en(key_projects, d(2026, 6, 15)).endswith(
        "have yet to be confirmed complete, so the result awaits confirmation."
    )


def test_computed_target_is_told_on_its_counting_day(key_projects, make_project):
    key_projects.records_complete = True
    key_projects.save()
    _started(make_project, 38)
    _started(make_project, 1, day=d(2026, 6, 10))  # after the deadline: never counted
    assert zh(key_projects, d(2026, 4, 30)).startswith(
        "截至4月30日，完成 38 个，为目标 40 个的 95%；"
    )
    assert (
        zh(key_projects, d(2026, 7, 1)) == "截至5月31日，完成 38 个，为目标 40 个的 95%，未完成。"
    )
    assert en(key_projects, d(2026, 7, 1)) == (
        "As of 31 May, 38 projects done, 95% of the 40 projects targeted: missed."
    )


def test_capacity_in_english_power_units(make_target, make_project, category):
    capacity = make_target(
        kind=TargetKind.PROJECTS,
        figure=D(170),
        unit="万千瓦",
        rule_category=category,
        rule_stages=[Stage.OPERATING],
        rule_aggregate="capacity",
    )
    make_project(category=category, stage=Stage.OPERATING, capacity=D(30), capacity_unit="万千瓦")
    assert en(capacity, d(2026, 7, 1)) == (
        "As of 1 July, the records entered show 300 MW, against a target of 1.7 GW; "
        "the project records have yet to be confirmed complete."
    )


# Multiple of a baseline, and its absence ----------------------------------------------------


@pytest.fixture
def fai(make_target):
    return make_target(
        kind=TargetKind.MULTIPLE, figure=D(4), unit="倍", baseline=D(30), baseline_unit="亿元"
    )


def test_multiple_speaks_in_the_baseline_unit(fai):
    measure(fai, d(2026, 6, 30), 50)
    result = judged(fai, d(2026, 7, 1))
    assert result.explanation_zh.startswith(
        "截至6月30日（最新数据），完成 50 亿元，为目标 120 亿元的 41.7%；"
    )
    assert result.explanation_en.startswith(
        "As of 30 June (latest figure), 5 billion yuan done, 41.7% of the 12 billion yuan targeted;"
    )


def test_missing_baseline_says_so(fai):
    fai.baseline = None
    fai.save()
    measure(fai, d(2026, 6, 30), 50)
    assert zh(fai, d(2026, 7, 1)) == (
        "截至7月1日，尚未录入 2025 年基数，无法算出目标值，暂不判断进度。"
    )
    assert en(fai, d(2026, 7, 1)).startswith("As of 1 July, the 2025 baseline has not been entered")


# Milestones --------------------------------------------------------------------------------


@pytest.fixture
def five_a(make_target):
    return make_target(kind=TargetKind.MILESTONE, figure=None, unit="")


def step(target, order, planned, done=None, title_en=""):
    return MilestoneStep.objects.create(
        target=target,
        order=order,
        title=f"步骤{order}",
        title_en=title_en,
        planned_date=planned,
        done_date=done,
    )


def test_milestone_without_steps_says_none_entered(five_a):
    text = zh(five_a, d(2026, 3, 1))
    assert text == "截至3月1日，尚未登记工作步骤，无法判断进度。"
    assert "尚未开始" not in text
    assert en(five_a, d(2026, 3, 1)) == (
        "As of 1 March, no steps of this work have been entered, so progress cannot be judged."
    )
    assert zh(five_a, d(2026, 12, 31)) == "截至12月31日，尚未登记工作步骤，无法判断进度。"
    assert zh(five_a, d(2027, 1, 1)) == (
        "截至2027年1月1日，未登记任何工作步骤；期限12月31日已过，未完成。"
    )


def test_milestone_behind_names_the_late_step(five_a):
    step(five_a, 1, d(2026, 3, 31), d(2026, 3, 20), title_en="Application filed")
    step(five_a, 2, d(2026, 9, 30), title_en="Site inspection")
    assert zh(five_a, d(2026, 9, 30)) == (
        "截至9月30日，已完成 1/2 个步骤，没有逾期未完成的步骤，进度正常。"
    )
    assert zh(five_a, d(2026, 10, 1)) == (
        "截至10月1日，已完成 1/2 个步骤；“步骤2”计划于9月30日完成，尚未完成，进度滞后。"
    )
    assert en(five_a, d(2026, 10, 1)) == (
        "As of 1 October, 1 of 2 steps is done; “Site inspection” was planned for 30 September "
        "and is not done yet: behind schedule."
    )
    assert zh(five_a, d(2027, 1, 1)) == (
        "截至2027年1月1日，已完成 1/2 个步骤；期限12月31日已过，未完成。"
    )
    five_a.steps.filter(order=2).update(done_date=d(2026, 10, 15))
    assert zh(five_a, d(2026, 10, 20)) == "截至10月20日，全部 2 个步骤均已完成，已完成。"
    assert en(five_a, d(2026, 10, 20)) == "As of 20 October, all 2 steps are done: achieved."


def test_milestone_with_one_step_in_english(five_a):
    step(five_a, 1, d(2026, 6, 30), title_en="Standard issued")
    assert en(five_a, d(2026, 3, 1)) == (
        "As of 1 March, 0 of 1 steps are done, and no step is past its planned date: on track."
    )
    five_a.steps.update(done_date=d(2026, 5, 1))
    assert en(five_a, d(2026, 5, 2)) == "As of 2 May, the 1 step of this work is done: achieved."


# Labels -----------------------------------------------------------------------------------


def test_status_labels_in_both_languages(sand):
    measure(sand, d(2026, 6, 30), 1)
    result = judged(sand, d(2026, 7, 1))
    assert (result.label_zh, result.label_en) == ("进度滞后", "Behind")
    english = {
        progress.ACHIEVED: "Achieved",
        progress.ON_TRACK: "On track",
        progress.BEHIND: "Behind",
        progress.MISSED: "Missed",
        progress.NO_DATA: "No data yet",
        progress.AWAITING: "Awaiting result",
        progress.UNCONFIRMED: "Records unconfirmed",
        progress.NOT_STARTED: "No steps entered",
    }
    template = Template("{% load public %}{{ status|status_name }}")
    for status, label in english.items():
        with translation.override("en"):
            assert str(progress.STATUS_LABELS[status]) == label
            assert template.render(Context({"status": status})) == label
    with translation.override("zh-hans"):
        assert template.render(Context({"status": progress.NOT_STARTED})) == "未登记步骤"
        assert template.render(Context({"status": progress.MISSED})) == "未完成"


def test_writing_both_languages_leaves_the_active_one_alone(sand):
    measure(sand, d(2026, 6, 30), 8)
    with translation.override("en"):
        result = evaluate_targets([sand], d(2026, 7, 1))[0]
        assert translation.get_language() == "en"
    assert result.explanation_zh.startswith("截至6月30日（最新数据）")
    assert result.explanation_en.startswith("As of 30 June (latest figure)")
