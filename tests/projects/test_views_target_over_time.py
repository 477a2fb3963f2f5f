"""The target page tells the truth over time: the data date it judged on, late figures, a
chart for computed targets, unconfirmed counts, the time-gone clock, and every change made to
a published target with its reason. Each is checked on both sides of its boundary, in Chinese
and at /en/."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Category, Level, Measurement, Stage, TargetKind, Unit

pytestmark = pytest.mark.django_db

d = datetime.date
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def on(day: datetime.date, hour: int = 12):
    """Travel to *day* at noon, Beijing time: the day the page counts as today."""
    moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)
    return time_machine.travel(moment, tick=False)


def page(client, target, day, english=False) -> str:
    with on(day):
        prefix = "/en" if english else ""
        response = client.get(f"{prefix}/targets/{target.code}/")
    assert response.status_code == 200
    return response.content.decode()


def status_box(html: str) -> str:
    return html.split('class="status-box', 1)[1].split("</section>", 1)[0]


def caption(html: str) -> str:
    return html.split("<caption", 1)[1].split("</caption>", 1)[0]


def legend(html: str) -> str:
    return html.split('<figcaption class="legend">', 1)[1].split("</figcaption>", 1)[0]


def measure(target, day, value, **fields):
    return Measurement.objects.create(
        target=target, date=day, value=D(value), source="旗统计局", is_published=True, **fields
    )


@pytest.fixture
def visitors(make_target):
    """T16: monthly, figures due 25 days after each month closes."""
    unit = Unit.objects.create(name="旗文旅体育局", name_en="Banner Culture and Tourism Bureau")
    target = make_target(code="T16", unit_en="10k visits", responsible_unit=unit)
    measure(target, d(2026, 9, 30), 100)
    measure(target, d(2026, 10, 31), 112)
    return target


# 1. The data date the status was judged on ---------------------------------------------------


def test_headline_chart_and_table_name_the_data_date(client, visitors):
    html = page(client, visitors, d(2026, 11, 20))
    assert "截至10月31日（最新数据）" in status_box(html)
    assert "截至10月31日（最新数据）" in legend(html)
    assert "截至10月31日（最新数据）" in caption(html)
    # Judged on 31 October's pace, not on 20 November's.
    assert "时间已过 83.2%" in status_box(html)  # 303 of 364 days, not 323 (88.7%)
    assert "截至10月31日" in html.split('class="clock"', 1)[1][:800]


def test_a_figure_dated_after_today_is_not_yet_the_data_date(client, visitors):
    html = page(client, visitors, d(2026, 10, 30))
    assert "截至9月30日（最新数据）" in status_box(html)
    html = page(client, visitors, d(2026, 10, 31))
    assert "截至10月31日（最新数据）" in status_box(html)


def test_english_page_names_the_data_date_in_english(client, visitors):
    html = page(client, visitors, d(2026, 11, 20), english=True)
    assert "31 October" in status_box(html)
    assert "10月31日" not in status_box(html)
    # The date opens the status line, and carries on the table's caption after a comma.
    assert "As of 31 October (latest figure)" in status_box(html)
    assert ", as of 31 October (latest figure)" in caption(html)


def test_past_the_deadline_the_year_end_figure_is_awaited(client, visitors):
    html = page(client, visitors, d(2026, 12, 31))  # the deadline day itself: still judged
    assert "等待" not in status_box(html)
    html = page(client, visitors, d(2027, 1, 10))
    box = status_box(html)
    assert "待出结果" in box
    assert "已过截止日，正在等待截至2026年12月31日的最终数据" in box
    assert "未完成" not in box.split("判断规则")[0]
    measure(visitors, d(2026, 12, 31), 125, is_final=True)
    box = status_box(page(client, visitors, d(2027, 1, 10)))
    assert "正在等待" not in box and "未完成" in box


# 2. Freshness: the next figure, late or not, and who reports it -------------------------------


def test_overdue_figure_is_said_in_words_with_its_dates(client, make_target):
    target = make_target(code="T30")
    measure(target, d(2026, 9, 30), 90)
    # The October figure is due by 25 November: on that day it is not late yet.
    box = status_box(page(client, target, d(2026, 11, 25)))
    assert "data-overdue" not in box
    assert "10月" in box and "11月25日" in box
    box = status_box(page(client, target, d(2026, 11, 26)))
    assert 'class="notice data-overdue"' in box
    assert "10月数据应于11月25日前发布，尚未发布" in box


def test_fresh_figure_says_when_the_next_is_due(client, visitors):
    box = status_box(page(client, visitors, d(2026, 11, 20)))
    assert "data-overdue" not in box
    assert 'class="next-due"' in box and "11月" in box and "12月25日" in box


def test_quarterly_figure_is_named_by_its_quarter(client, make_target):
    target = make_target(code="T31", cadence="quarterly")
    measure(target, d(2026, 6, 30), 60)
    assert "data-overdue" not in status_box(page(client, target, d(2026, 10, 30)))
    box = status_box(page(client, target, d(2026, 10, 31)))
    assert "第三季度数据应于10月30日前发布，尚未发布" in box


def test_page_names_who_reports_the_figure_and_the_lag(client, visitors, make_target):
    html = page(client, visitors, d(2026, 11, 20))
    assert "数据报送单位" in html and "旗文旅体育局" in html
    assert "每月，统计期结束后 25 天内发布" in html
    html = page(client, visitors, d(2026, 11, 20), english=True)
    assert "Banner Culture and Tourism Bureau" in html
    unnamed = make_target(code="T32", report_lag_days=10)
    html = page(client, unnamed, d(2026, 11, 20))
    assert "尚未指定" in html and "统计期结束后 10 天内发布" in html


# 3. Computed targets: a chart and table of the value at each month end ------------------------


@pytest.fixture
def key_projects(make_target):
    """T02: city-level key projects started or resumed by spring (31 May)."""
    with on(d(2026, 1, 5)):
        return make_target(code="T02", title="市级重点项目开复工", kind=TargetKind.PROJECTS,
                       figure=D(40), unit="个", unit_en="projects", deadline=d(2026, 5, 31),
                       rule_level=Level.CITY_KEY, rule_stages=[Stage.NEW_START, Stage.RESUMED],
                       records_complete=True)  # fmt: skip


@pytest.fixture
def started(make_project):
    """One project started on 10 February and one on 10 March; one started in June."""
    for day in (d(2026, 2, 10), d(2026, 3, 10), d(2026, 6, 10)):
        make_project(level=Level.CITY_KEY, stage=Stage.NEW_START, stage_date=day)


def table_rows(html: str) -> list[tuple[str, str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split("<tr>")[1:]:
        day = row.split('<th scope="row">', 1)[1].split("<", 1)[0]
        value = row.split('<td class="num"', 1)[1].split(">", 1)[1].split("<", 1)[0]
        rows.append((day, value))
    return rows


def test_computed_target_has_a_value_at_each_month_end_and_the_counting_day(
    client, key_projects, started
):
    html = page(client, key_projects, d(2026, 3, 15))
    assert 'class="chart-svg"' in html
    assert table_rows(html) == [("2026-01-31", "0"), ("2026-02-28", "1"), ("2026-03-15", "2")]
    assert html.count('class="chart-point computed"') == 3
    assert "截至3月15日（按项目记录统计）" in caption(html)
    # On a month end the counting day is not repeated.
    html = page(client, key_projects, d(2026, 3, 31))
    assert [r[0] for r in table_rows(html)] == ["2026-01-31", "2026-02-28", "2026-03-31"]


def test_computed_chart_stops_at_the_deadline(client, key_projects, started):
    html = page(client, key_projects, d(2026, 7, 1))
    assert table_rows(html) == [("2026-01-31", "0"), ("2026-02-28", "1"), ("2026-03-31", "2"),
                                ("2026-04-30", "2"), ("2026-05-31", "2")]  # fmt: skip
    assert "截至5月31日（截止日，按项目记录统计）" in status_box(html)
    # The table repeats the pace the chart draws: 40 x the share of time gone on 31 May.
    assert html.count('<td class="num" data-label="按时间进度应完成：">40</td>') == 1


def test_computed_chart_costs_the_same_queries_in_march_and_after_the_deadline(
    client, key_projects, started
):
    counts = []
    for day in (d(2026, 1, 15), d(2026, 3, 15), d(2026, 7, 1)):
        with on(day), CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/targets/{key_projects.code}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2]


# 5 / 6. Day one and unconfirmed records ------------------------------------------------------


def test_unconfirmed_count_is_drawn_and_said_never_no_data(client, key_projects, started):
    key_projects.records_complete = False
    key_projects.save()
    html = page(client, key_projects, d(2026, 5, 31))
    box = status_box(html)
    assert "已录入 2 个，目标 40 个；项目记录尚待确认完整" in box
    assert "记录待确认" in box
    assert 'aria-labelledby="bar-done"' not in html  # no completion bar on an unconfirmed count
    assert "暂无数据" not in html
    assert 'class="chart-svg"' in html
    assert "项目记录尚待确认完整：图中只是已录入项目的数量" in legend(html)
    assert "项目记录尚待确认完整" in caption(html)
    box = status_box(page(client, key_projects, d(2026, 6, 1)))
    assert "已录入 2 个，目标 40 个；结果待确认" in box


def test_confirmed_count_shows_the_completion_bar(client, key_projects, started):
    html = page(client, key_projects, d(2026, 3, 15))
    assert 'aria-labelledby="bar-done"' in html
    assert "项目记录尚待确认完整" not in html


def test_day_one_shows_a_clock_and_no_completion_bar(client, make_target):
    target = make_target(code="T33")
    box = status_box(page(client, target, d(2026, 3, 1)))
    assert 'aria-labelledby="bar-done"' not in box
    assert "<progress" not in box  # time gone is never drawn as work done
    assert 'class="clock"' in box and "时间已过" in box and "截至3月1日" in box
    box = status_box(page(client, target, d(2027, 1, 5)))
    assert "截至2026年12月31日" in box  # the clock stops at the deadline


def test_level_and_keep_targets_show_no_completion_bar(client, make_target):
    level = make_target(code="T34", kind=TargetKind.LEVEL, figure=D(90), unit="%")
    keep = make_target(code="T35", kind=TargetKind.KEEP, figure=D(100), unit="%")
    measure(level, d(2026, 6, 30), 95)
    measure(keep, d(2026, 6, 30), 100)
    for target in (level, keep):
        html = page(client, target, d(2026, 7, 31))
        assert 'aria-labelledby="bar-done"' not in html
        assert 'class="clock"' not in status_box(html)


def test_milestone_without_steps_says_none_entered(client, make_target):
    target = make_target(code="T36", kind=TargetKind.MILESTONE, figure=None, unit="")
    html = page(client, target, d(2026, 3, 1))
    assert "未登记步骤" in status_box(html)
    assert "尚未开始" not in html


# 7. Every verdict-changing edit of a published target, with its reason ------------------------


def revise(target, day, reason, document="", **fields):
    with on(day):
        for name, value in fields.items():
            setattr(target, name, value)
        target._change_reason = reason
        target._revision_document = document
        target.save()


def revision_log(html: str) -> str:
    return html.split('id="h-revisions"', 1)[1].split("</section>", 1)[0]


def test_draft_edits_are_not_revisions(client, make_target):
    with on(d(2026, 1, 5)):
        target = make_target(code="T37", is_published=False)
    revise(target, d(2026, 1, 6), "", figure=D(120))
    revise(target, d(2026, 1, 7), "", is_published=True)
    html = page(client, target, d(2026, 2, 1))
    assert "<del>" not in revision_log(html)
    assert "目标值调整" not in html


def test_figure_change_shows_the_plan_and_the_adjustment(client, make_target):
    with on(d(2026, 1, 5)):
        target = make_target(code="T38")
    revise(target, d(2026, 6, 15), "游客统计口径调整", "库政办发〔2026〕12号", figure=D(135))
    html = page(client, target, d(2026, 7, 1))
    assert "原计划 130 万人次；2026年6月调整为 135 万人次（原因：游客统计口径调整）。" in html
    assert "实现年接待游客突破130万人次" in html  # the plan's wording stays as written
    log = revision_log(html)
    assert "2026-06-15" in log
    assert "目标值：由 <del>130</del> 改为 <ins>135</ins>" in log
    assert "修改原因：游客统计口径调整" in log and "依据文号：库政办发〔2026〕12号" in log
    english = page(client, target, d(2026, 7, 1), english=True)
    assert "June 2026" in english and "游客统计口径调整" in english


def test_unchanged_figure_shows_no_adjustment(client, make_target):
    with on(d(2026, 1, 5)):
        target = make_target(code="T39")
    revise(target, d(2026, 6, 15), "", title="游客接待")  # not a verdict field
    html = page(client, target, d(2026, 7, 1))
    assert "原计划" not in html and "<del>" not in revision_log(html)


def test_rule_changes_are_listed_in_words(client, key_projects, make_target):
    energy = Category.objects.create(slug="new-energy", name="新能源")
    revise(key_projects, d(2026, 4, 1), "按市里口径", comparison="above",
           records_complete=False, rule_category=energy,
           rule_stages=[Stage.NEW_START])  # fmt: skip
    log = revision_log(page(client, key_projects, d(2026, 4, 2)))
    assert "比较方式：由 <del>不低于（以上）</del> 改为 <ins>超过（突破）</ins>" in log
    assert "项目记录已录入完整：由 <del>是</del> 改为 <ins>否</ins>" in log
    assert "计数：产业类别：由 <del>全部类别</del> 改为 <ins>新能源</ins>" in log
    assert "计数：建设阶段：由 <del>新开工、复工</del> 改为 <ins>新开工</ins>" in log
    english = revision_log(page(client, key_projects, d(2026, 4, 2), english=True))
    assert "<del>At least</del>" in english and "<ins>Above</ins>" in english
