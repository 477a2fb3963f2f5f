"""Cells as offices write them: each form of date, number, percentage, code and choice."""

import datetime
from decimal import Decimal

import pytest

from projects.imports import values
from projects.imports.widgets import Choice
from projects.models import Level, Stage


@pytest.mark.parametrize(
    "written",
    [
        "2026-03-01",
        "2026/3/1",
        "2026.3.1",
        "2026年3月1日",
        "２０２６年３月１日",
        " 2026-3-1 ",
        "2026-03-01 00:00:00",
        "2026 年 3 月 1 日",
        datetime.datetime(2026, 3, 1, 0, 0),
        datetime.date(2026, 3, 1),
        46082,  # an Excel date cell that lost its format: days since 1899-12-30
    ],
)
def test_every_date_form_reads_as_the_same_day(written):
    assert values.date(written) == datetime.date(2026, 3, 1)


@pytest.mark.parametrize("written", ["2026/2/30", "2026-13-01"])
def test_a_date_that_does_not_exist_is_refused(written):
    with pytest.raises(values.BadValue, match="不存在"):
        values.date(written)


@pytest.mark.parametrize("written", ["3月1日", "下周一", "2026-03"])
def test_an_unreadable_date_says_which_forms_work(written):
    with pytest.raises(values.BadValue, match="2026-03-01"):
        values.date(written)


@pytest.mark.parametrize("written", ["", "—", "-", "/", "无", None])
def test_empty_marks_mean_no_date(written):
    assert values.date(written) is None


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("１，２３４．５", Decimal("1234.5")),
        (" 1 234.5 ", Decimal("1234.5")),
        ("12,345,678", Decimal("12345678")),
        ("-12.5", Decimal("-12.5")),
        (1234.5, Decimal("1234.5")),
        (0.1 + 0.2, Decimal("0.3")),  # spreadsheet binary noise is dropped
        (42, Decimal(42)),
        ("\u30001200\u3000", Decimal(1200)),
    ],
)
def test_numbers_with_separators_full_width_digits_and_spaces(written, number):
    assert values.decimal(written) == number


@pytest.mark.parametrize("written", ["1,2,3.4.5", "十二", "12万", ",123", "1..2"])
def test_a_cell_that_is_not_a_number_is_refused_in_chinese(written):
    with pytest.raises(values.BadValue, match="不是有效的数字"):
        values.decimal(written)


@pytest.mark.parametrize("written", ["85", "85%", "85％", "８５％", " 85 % ", 85])
def test_percentages_with_or_without_the_sign(written):
    assert values.percent(written) == Decimal(85)


def test_a_code_excel_turned_into_scientific_notation_is_refused():
    with pytest.raises(values.BadValue, match="科学计数法"):
        values.code("1.23E+15")


def test_a_long_code_stored_as_an_excel_float_is_refused():
    with pytest.raises(values.BadValue, match="文本"):
        values.code(1.23456789012345e17)


def test_a_short_numeric_code_from_excel_is_kept_exactly():
    assert values.code(2026001.0) == "2026001"
    assert values.code(2026001) == "2026001"


def test_codes_lose_full_width_forms_and_stray_spaces():
    assert values.code(" ＫＬ２０２６－００１ ") == "KL2026-001"


def test_text_keeps_its_full_width_punctuation_and_loses_the_formula_guard():
    assert values.text("  中安信（二期），肉牛  ") == "中安信（二期），肉牛"
    assert values.text("'=SUM(A1:A9)") == "=SUM(A1:A9)"
    assert values.text("'-5 度") == "-5 度"
    assert values.text("'普通文字") == "'普通文字"


@pytest.mark.parametrize(
    ("written", "stored"),
    [("续建", Stage.CONTINUING), ("continuing", Stage.CONTINUING), (" 投产运营 ", Stage.OPERATING)],
)
def test_stages_by_chinese_name_or_stored_value(written, stored):
    assert Choice(Stage.choices).clean(written) == stored


def test_level_synonyms_used_in_office_tables():
    synonyms = {"市级重点项目": Level.CITY_KEY}
    assert Choice(Level.choices, synonyms).clean("市级重点项目") == Level.CITY_KEY


def test_an_unknown_stage_lists_the_allowed_names():
    with pytest.raises(values.BadValue, match="储备、前期、新开工"):
        Choice(Stage.choices).clean("在建")


@pytest.mark.parametrize(
    ("written", "meaning"), [("是", True), ("否", False), ("Y", True), ("", False), ("√", True)]
)
def test_yes_and_no(written, meaning):
    assert values.boolean(written) is meaning


def test_a_yes_no_cell_with_anything_else_is_refused():
    with pytest.raises(values.BadValue, match="是"):
        values.boolean("也许")
