"""The dashboard, the targets list and the rules page tell the truth on every day of the year.

Each row names the date its status was judged on, says in words when the next figure is late,
shows a completion bar only where one is true and the time gone as a clock, shows an
unconfirmed count against its figure; the dashboard's money counts only projects with a 2026
plan. Dates are set on both sides of each boundary: a figure's due day, a target's deadline.
"""

import datetime
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from projects.models import Cadence, Level, Measurement, MilestoneStep, Stage, TargetKind
from projects.services.progress import evaluate_targets
from projects.views import target_texts as texts

pytestmark = pytest.mark.django_db
d = datetime.date
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def page(client, url: str, day: datetime.date) -> str:
    """The page as a visitor sees it at noon, Beijing time, on *day*."""
    cache.clear()
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=BEIJING),
                             tick=False):  # fmt: skip
        return client.get(url).content.decode()


def row(html: str, code: str) -> str:
    """The list row of one target."""
    rows = [r.split("</li>")[0] for r in html.split('<li class="target-row">')[1:]]
    [found] = [r for r in rows if f'id="t-{code}"' in r]
    return found


def measure(target, day, value, **fields):
    return Measurement.objects.create(
        target=target, date=day, value=D(value), source="旗统计局", is_published=True, **fields
    )


def due_phrase(target, day: datetime.date, language: str = "zh-hans") -> str:
    [p] = evaluate_targets([target], day)
    with translation.override(language):
        # Not stripped: pages put their own punctuation right after the phrase.
        return texts.due_phrase(p)


# ---------- 1. every row names its data date ----------


@pytest.mark.parametrize("url", ["/targets/", "/"])
def test_row_names_the_date_its_status_was_judged_on(client, make_target, url):
    farmland = make_target(code="T06", title="高标准农田", figure=D(50), unit="万亩")
    measure(farmland, d(2026, 10, 31), 40)
    make_target(code="T07", title="再争取农田", figure=D(30), unit="万亩")
    html = page(client, url, d(2026, 11, 20))
    assert "数据截至 2026-10-31" in row(html, "T06")
    assert "数据截至" not in row(html, "T07")  # no data, no date


def test_english_row_names_the_data_date(client, make_target):
    farmland = make_target(code="T06", title="高标准农田", figure=D(50), unit="万亩")
    measure(farmland, d(2026, 10, 31), 40)
    assert "2026-10-31" in row(page(client, "/en/targets/", d(2026, 11, 20)), "T06")


# ---------- 2. a late figure is named, with its due date ----------


def test_list_says_a_monthly_figure_is_late_only_after_its_due_day(client, make_target):
    visitors = make_target(code="T16")  # monthly, 25 days to publish
    measure(visitors, d(2026, 9, 30), 100)
    on_due_day = row(page(client, "/targets/", d(2026, 11, 25)), "T16")
    assert "尚未发布" not in on_due_day
    day_after = row(page(client, "/targets/", d(2026, 11, 26)), "T16")
    assert "10月数据应于11月25日前发布，尚未发布" in day_after
    measure(visitors, d(2026, 10, 31), 110)  # October's figure comes in
    assert "尚未发布" not in row(page(client, "/targets/", d(2026, 11, 26)), "T16")


def test_dashboard_says_a_quarterly_figure_is_late(client, make_target):
    clinic = make_target(code="T19", kind=TargetKind.KEEP, cadence=Cadence.QUARTERLY,
                         figure=D(91), unit="%")  # fmt: skip
    measure(clinic, d(2026, 6, 30), 92)
    assert "尚未发布" not in row(page(client, "/", d(2026, 10, 30)), "T19")
    late = row(page(client, "/", d(2026, 10, 31)), "T19")
    assert "第三季度数据应于10月30日前发布，尚未发布" in late


def test_a_reporting_lag_set_by_staff_moves_the_due_day(client, make_target):
    visitors = make_target(code="T16", report_lag_days=10)
    measure(visitors, d(2026, 9, 30), 100)
    assert "尚未发布" not in row(page(client, "/targets/", d(2026, 11, 10)), "T16")
    assert "10月数据应于11月10日前发布，尚未发布" in row(
        page(client, "/targets/", d(2026, 11, 11)), "T16"
    )


def test_due_phrase_when_not_late_names_the_next_period(make_target):
    visitors = make_target(code="T16")
    measure(visitors, d(2026, 10, 31), 110)
    assert due_phrase(visitors, d(2026, 12, 25)) == "下次数据（11月）应于12月25日前发布"
    assert due_phrase(visitors, d(2026, 12, 26)) == "11月数据应于12月25日前发布，尚未发布"


def test_due_phrase_names_the_year_when_the_due_day_is_in_the_next(make_target):
    visitors = make_target(code="T16")
    measure(visitors, d(2026, 11, 30), 125)
    assert due_phrase(visitors, d(2027, 1, 25)) == "下次数据（12月）应于2027年1月25日前发布"
    assert due_phrase(visitors, d(2027, 1, 26)) == "12月数据应于2027年1月25日前发布，尚未发布"


def test_due_phrase_for_annual_and_one_off_figures(make_target):
    share = make_target(code="T08", kind=TargetKind.LEVEL, cadence=Cadence.ANNUAL,
                        figure=D(50), unit="%")  # fmt: skip
    assert due_phrase(share, d(2027, 3, 1)) == "下次数据（全年）应于2027年3月1日前发布"
    assert due_phrase(share, d(2027, 3, 2)) == "全年数据应于2027年3月1日前发布，尚未发布"
    gaokao = make_target(code="T18", kind=TargetKind.LEVEL, cadence=Cadence.ONCE, figure=D(85),
                         unit="%", deadline=d(2026, 7, 31))  # fmt: skip
    assert due_phrase(gaokao, d(2026, 8, 15)) == "结果应于8月15日前发布"
    assert due_phrase(gaokao, d(2026, 8, 16)) == "结果应于8月15日前发布，尚未发布"
    measure(gaokao, d(2026, 7, 31), 87, is_final=True)
    assert due_phrase(gaokao, d(2026, 8, 16)) == ""  # the last figure is in


def test_due_phrase_in_english_keeps_its_dates(make_target):
    visitors = make_target(code="T16")
    measure(visitors, d(2026, 9, 30), 100)
    text = due_phrase(visitors, d(2026, 11, 26), "en")
    assert "25" in text
    assert "2026-" not in text  # the due day reads as a day, not a database date


def test_due_phrase_reads_as_english(make_target):
    visitors = make_target(code="T16")
    measure(visitors, d(2026, 9, 30), 100)
    assert due_phrase(visitors, d(2026, 11, 26), "en") == (
        "The figure for October was due by 25 November and has not been published"
    )
    assert due_phrase(visitors, d(2026, 11, 25), "en") == (
        "The next figure, for October, is due by 25 November"
    )


# ---------- 3. honest day one ----------


def test_a_target_without_data_shows_no_bar_only_the_clock(client, make_target):
    make_target(code="T20", title="科尔沁沙地治理", figure=D(17), unit="万亩")
    target_row = row(page(client, "/targets/", d(2026, 11, 25)), "T20")
    assert "<progress" not in target_row and "完成 " not in target_row
    assert 'class="clock"' in target_row and "时间已过 90.1%" in target_row
    assert "暂无数据" in target_row


def test_the_clock_is_not_a_bar_in_status_colours(client, make_target):
    make_target(code="T20", figure=D(17), unit="万亩")
    target_row = row(page(client, "/targets/", d(2026, 7, 1)), "T20")
    clock = target_row.split('class="clock"')[1]
    assert "<svg" in clock and 'aria-hidden="true"' in clock
    assert "st-" not in clock and "<progress" not in clock and "<meter" not in clock


def test_a_cumulative_target_with_data_shows_its_completion_and_the_clock(client, make_target):
    farmland = make_target(code="T06", figure=D(50), unit="万亩")
    measure(farmland, d(2026, 10, 31), 40)
    target_row = row(page(client, "/targets/", d(2026, 11, 20)), "T06")
    assert '<progress max="100" value="80.0"' in target_row and "完成 80%" in target_row
    assert "时间已过 83.2%" in target_row  # at the data date, not today


@pytest.mark.parametrize(
    ("kind", "value", "status"),
    [(TargetKind.LEVEL, 51, "进度正常"), (TargetKind.KEEP, 90, "进度滞后")],
)  # fmt: skip
def test_level_and_keep_targets_show_no_completion_bar(client, make_target, kind, value, status):
    figure = D(91) if kind == TargetKind.KEEP else D(50)
    target = make_target(code="T19", kind=kind, cadence=Cadence.QUARTERLY, figure=figure, unit="%")
    measure(target, d(2026, 6, 30), value)
    target_row = row(page(client, "/targets/", d(2026, 7, 10)), "T19")
    assert status in target_row
    assert "<progress" not in target_row and "完成 " not in target_row
    assert 'class="clock"' not in target_row  # no pace is judged for a level


def test_a_missed_keep_target_shows_no_completion_share(client, make_target):
    clinic = make_target(code="T19", kind=TargetKind.KEEP, cadence=Cadence.QUARTERLY,
                         figure=D(91), unit="%")  # fmt: skip
    measure(clinic, d(2026, 3, 31), 88)
    measure(clinic, d(2026, 12, 31), 95)
    target_row = row(page(client, "/targets/", d(2027, 1, 20)), "T19")
    assert "未完成" in target_row
    assert "<progress" not in target_row and "104" not in target_row


@pytest.fixture
def key_projects(make_target, make_project):
    target = make_target(
        code="T02",
        title="市级重点项目春季开复工",
        kind=TargetKind.PROJECTS,
        figure=D(40),
        unit="个",
        deadline=d(2026, 5, 31),
        rule_level=Level.CITY_KEY,
        rule_stages=[Stage.NEW_START, Stage.RESUMED, Stage.CONTINUING],
    )
    for _ in range(5):
        make_project(level=Level.CITY_KEY, stage=Stage.NEW_START, stage_date=d(2026, 3, 1))
    return target


def test_unconfirmed_count_is_shown_against_its_figure(client, key_projects):
    for url in ["/targets/", "/"]:
        target_row = row(page(client, url, d(2026, 5, 31)), "T02")
        assert "已录入 5 个，目标 40 个；项目记录尚待确认完整" in target_row
        assert "记录待确认" in target_row
        assert "暂无数据" not in target_row and "<progress" not in target_row


def test_unconfirmed_count_after_the_deadline_awaits_confirmation(client, key_projects):
    target_row = row(page(client, "/targets/", d(2026, 6, 1)), "T02")
    assert "已录入 5 个，目标 40 个；结果待确认" in target_row
    assert "数据截至 2026-05-31" in target_row  # counted on the deadline, not today
    assert "暂无数据" not in target_row


def test_confirmed_count_shows_its_bar(client, key_projects):
    key_projects.records_complete = True
    key_projects._change_reason = "项目已全部录入"
    key_projects.save()
    target_row = row(page(client, "/targets/", d(2026, 5, 1)), "T02")
    assert "已录入" not in target_row and "<progress" in target_row and "完成 12.5%" in target_row


def test_milestone_without_steps_says_no_steps_entered(client, make_target):
    scenic = make_target(code="T14", kind=TargetKind.MILESTONE, figure=None, unit="")
    html = page(client, "/targets/", d(2026, 3, 1))
    target_row = row(html, "T14")
    assert target_row.count("未登记步骤") == 2  # the status and the current value
    assert "尚未开始" not in target_row and "暂无数据" not in target_row
    assert "<progress" not in target_row
    MilestoneStep.objects.create(target=scenic, order=1, title="提交申请", done_date=d(2026, 2, 1))
    MilestoneStep.objects.create(target=scenic, order=2, title="通过评审")
    target_row = row(page(client, "/targets/", d(2026, 3, 1)), "T14")
    assert "1/2" in target_row and "完成 50%" in target_row and "未登记步骤" not in target_row


def test_english_milestone_without_steps_names_no_data_yet_nowhere(client, make_target):
    make_target(code="T14", kind=TargetKind.MILESTONE, figure=None, unit="")
    target_row = row(page(client, "/en/targets/", d(2026, 3, 1)), "T14")
    assert "No data yet" not in target_row and "<progress" not in target_row


def test_dashboard_counts_the_new_statuses_with_their_names(client, make_target, key_projects):
    make_target(code="T14", kind=TargetKind.MILESTONE, figure=None, unit="")
    make_target(code="T18", kind=TargetKind.LEVEL, cadence=Cadence.ONCE, figure=D(85), unit="%",
                deadline=d(2026, 7, 31))  # fmt: skip
    html = page(client, "/", d(2026, 5, 1))
    tiles = html.split('<ul class="tiles">')[1].split("</ul>")[0]
    for status, label in [("unconfirmed", "记录待确认"), ("not_started", "未登记步骤"),
                          ("awaiting", "待出结果")]:  # fmt: skip
        assert re.search(rf'st-{status}"><span class="tile-n">1</span>'
                         rf'<span class="tile-label">{label}</span>', tiles), status  # fmt: skip


# ---------- 5. dashboard money ----------


def money_section(html: str) -> str:
    return html.split("2026年投资完成情况")[1].split("查看全部项目")[0]


def test_investment_rate_counts_only_projects_with_a_2026_plan(client, make_project):
    make_project(planned_2026=D(1000), completed_2026=D(500))
    make_project(planned_2026=D(3000), completed_2026=None)
    make_project(planned_2026=None, completed_2026=D(4000))  # no plan: left out entirely
    section = money_section(page(client, "/", d(2026, 7, 1)))
    assert "4,000 万元" in section  # planned: 1,000 + 3,000
    assert "500 万元" in section and "4,500" not in section
    assert "12.5%" in section  # 500 / 4,000
    assert "另有 1 个项目尚未填报2026年计划投资，未计入。" in section


def test_investment_note_is_absent_when_every_project_has_a_plan(client, make_project):
    make_project(planned_2026=D(1000), completed_2026=D(500))
    section = money_section(page(client, "/", d(2026, 7, 1)))
    assert "50%" in section and "另有" not in section


def test_investment_without_any_plan_says_so(client, make_project):
    make_project(planned_2026=None, completed_2026=D(4000))
    section = money_section(page(client, "/", d(2026, 7, 1)))
    assert "暂无数据：尚未填报2026年计划投资。" in section
    assert "<progress" not in section and "另有" not in section


def test_investment_with_plans_but_no_completed_figure_says_so(client, make_project):
    make_project(planned_2026=D(1000), completed_2026=None)
    section = money_section(page(client, "/", d(2026, 7, 1)))
    assert "暂无数据：尚未填报2026年已完成投资。" in section
    assert "尚未填报2026年计划投资" not in section


def test_investment_time_gone_is_a_clock(client, make_project):
    make_project(planned_2026=D(1000), completed_2026=D(500))
    section = money_section(page(client, "/", d(2026, 7, 1)))
    assert section.count("<progress") == 1  # the completion rate only
    assert 'class="clock"' in section and "时间已过 49.7%" in section


def test_english_investment_counts_only_planned_projects(client, make_project):
    make_project(planned_2026=D(1000), completed_2026=D(500))
    make_project(planned_2026=None, completed_2026=D(4000))
    section = page(client, "/en/", d(2026, 7, 1)).split("2026 investment")[1]
    assert "10 million yuan" in section and "5 million yuan" in section  # 1,000 and 500 万元
    assert "50%" in section and "45 million" not in section


def test_unverified_stage_projects_are_counted_on_the_dashboard(client, make_project):
    make_project(stage="")
    make_project(stage=Stage.NEW_START)
    html = page(client, "/", d(2026, 7, 1))
    assert "共 2 个项目" in html
    assert re.search(r"\?stage=unverified\">待核实</a></th><td class=\"num\">1</td>", html)


# ---------- 4. the rules page ----------


def test_rules_page_states_the_rule_as_it_now_is(client, db):
    html = page(client, "/about/", d(2026, 7, 1))
    for text in [
        "统计截止日期",
        "待出结果",
        "月度数据为25天，季度数据为30天，年度数据为60天，一次性结果为15天",
        "10月数据应于11月25日前发布，尚未发布",
        "不晚于指标截止日",
        "实际开工日期晚于统计当天的项目，一律不算已开工",
        "项目记录已录入完整",
        "已录入 5 个，目标 40 个；项目记录尚待确认完整",
        "结果待确认",
        "期限内的每一次数值",
        "2025年的数据是基数",
        "修改原因",
        "分月进度曲线、计入条件或项目记录确认",
        "未登记步骤",
    ]:
        assert text in html, text
    assert "为“尚未开始”" not in html  # an empty milestone is no longer called not started


def test_rules_page_example_follows_the_data_date(client, db):
    html = page(client, "/about/", d(2026, 7, 1))
    example = html.split("举例")[1]
    # 31 Oct: 303 of 364 days gone, 130 x 83.2% = 108.21 due; 28 Nov would be 90.9%, 118.21.
    assert "83.2%" in example and "108.21" in example
    assert "90.9%" in example and "118.21" in example
    assert "按10月31日的时间进度判断" in example


def test_english_rules_page_answers(client, db):
    html = page(client, "/en/about/", d(2026, 7, 1))
    assert '<html lang="en"' in html and "1,082,100 visits were due" in html
