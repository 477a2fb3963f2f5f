"""Values with their units as a reader of each language writes them, and the `amount` filter."""

import datetime
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.utils import translation

from projects.services import figures


def english(value, unit):
    return figures.amount(D(str(value)), unit, english_form=True)


def chinese(value, unit):
    return figures.amount(D(str(value)), unit, english_form=False)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (130, "万人次", "1.3 million visits"),
        (17, "万亩", "170,000 mu"),
        (50, "万亩", "500,000 mu"),
        (170, "万千瓦", "1.7 GW"),
        (30, "万千瓦", "300 MW"),
        (9.5, "亿元", "950 million yuan"),
        (12, "亿元", "1.2 billion yuan"),
        (50, "万元", "500,000 yuan"),
        (2000, "万元", "20 million yuan"),
        (22000, "万元", "220 million yuan"),
        (40, "个", "40 projects"),
        (1, "个", "1 project"),
        (85, "%", "85%"),
        (85.3, "%", "85.3%"),
        (2, "项赛事", "2 events"),
        (1, "项赛事", "1 event"),
        (4, "倍", "4 times"),
        (12, "套", "12 套"),
        (12, "万株", "12 万株"),
        (7, "", "7"),
    ],
)
def test_english_form_of_the_plan_units(value, unit, text):
    assert english(value, unit) == text


def test_english_keeps_the_precision_the_chinese_shows():
    # 117.14 万人次 and 117.15 万人次 must not both read "1.17 million".
    assert english("117.14", "万人次") == "1,171,400 visits"
    assert english("117.15", "万人次") == "1,171,500 visits"
    assert english("14.15", "万亩") == "141,500 mu"
    assert english("0.35", "万亩") == "3,500 mu"
    assert english("1234.5", "万元") == "12,345,000 yuan"
    assert english("123.456", "万人次") == "1,234,600 visits"  # hundredths, like 123.46 万人次


def test_power_in_the_largest_unit_that_stays_exact():
    assert english(120, "万千瓦") == "1.2 GW"
    assert english(10, "万千瓦") == "100 MW"
    assert english("117.14", "万千瓦") == "1,171.4 MW"
    assert english(500, "MW") == "500 MW"
    assert english(1000, "MW") == "1 GW"
    assert english("0.2", "GW") == "200 MW"
    assert english(100_000, "千瓦") == "100 MW"
    assert english(800, "千瓦") == "800 kW"
    assert english(70, "万 kW") == "700 MW"


def test_chinese_form_stays_as_the_plan_writes_it():
    assert chinese(130, "万人次") == "130 万人次"
    assert chinese("14.50", "万亩") == "14.5 万亩"
    assert chinese(85, "%") == "85%"
    assert chinese(40, "个") == "40 个"
    assert chinese("117.1428", "万人次") == "117.14 万人次"
    assert chinese(7, "") == "7"


def test_no_value_is_a_dash():
    assert figures.amount(None, "万亩") == "—"


def test_active_language_picks_the_form():
    with translation.override("en"):
        assert figures.amount(D(130), "万人次") == "1.3 million visits"
    with translation.override("zh-hans"):
        assert figures.amount(D(130), "万人次") == "130 万人次"


def test_amount_filter_follows_the_page_language():
    template = Template("{% load public %}{{ value|amount:unit }}")
    context = {"value": D(170), "unit": "万千瓦"}
    with translation.override("zh-hans"):
        assert template.render(Context(context)) == "170 万千瓦"
    with translation.override("en"):
        assert template.render(Context(context)) == "1.7 GW"
        assert template.render(Context({"value": None, "unit": "个"})) == "—"


def test_days_in_each_language():
    day = datetime.date(2026, 10, 31)
    with translation.override("zh-hans"):
        assert figures.day(day) == "10月31日"
        assert figures.day(datetime.date(2027, 1, 5), year=True) == "2027年1月5日"
    with translation.override("en"):
        assert figures.day(day) == "31 October"
        assert figures.day(datetime.date(2027, 1, 5), year=True) == "5 January 2027"
