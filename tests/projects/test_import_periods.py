"""A figure dated outside its target's period is refused by the import, with the reason."""

import datetime
from decimal import Decimal as D

import pytest

from projects.imports.outcome import ERROR, NEW
from projects.models import Measurement, period_error

from .test_import_helpers import csv_bytes, run, xlsx_bytes

pytestmark = pytest.mark.django_db

d = datetime.date
HEADERS = ["指标编号", "统计截止日期", "数值", "数据来源"]


@pytest.fixture
def target(make_target):
    return make_target(code="T16", start=d(2026, 1, 1), deadline=d(2026, 12, 31))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_figures_outside_the_period_are_error_rows_and_nothing_is_imported(target, file_format):
    days = [d(2025, 12, 31), d(2026, 1, 1), d(2026, 12, 31), d(2027, 1, 1)]
    rows = [HEADERS, *[["T16", day, "10", "旗文旅局"] for day in days]]
    if file_format == "csv":
        data = csv_bytes([HEADERS, *[[c, day.isoformat(), *rest] for c, day, *rest in rows[1:]]])
    else:
        data = xlsx_bytes(rows, title="进展数据")

    outcome = run("measurements", data, f"进展.{file_format}", dry_run=False)

    assert not outcome.applied
    assert [row.status for row in outcome.rows] == [ERROR, NEW, NEW, ERROR]
    problems = sorted(outcome.problems, key=lambda p: p.row)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "统计截止日期", "2025-12-31"),
        (5, "统计截止日期", "2027-01-01"),
    ]
    assert problems[0].reason == period_error(target, d(2025, 12, 31))
    assert "基数" in problems[0].reason  # a 2025 figure belongs in the baseline
    assert problems[1].reason == period_error(target, d(2027, 1, 1))
    assert not Measurement.objects.exists()


def test_a_shorter_period_is_the_target_s_own(make_target):
    target = make_target(code="T02", start=d(2026, 1, 1), deadline=d(2026, 5, 31))
    rows = [
        HEADERS,
        ["T02", "2026-05-31", "12", "旗发改委"],
        ["T02", "2026-06-01", "14", "旗发改委"],
    ]

    outcome = run("measurements", csv_bytes(rows), dry_run=False)

    assert not outcome.applied
    [problem] = outcome.problems
    assert problem.row == 3 and problem.reason == period_error(target, d(2026, 6, 1))
    assert "2026-05-31" in problem.reason


def test_figures_inside_the_period_import(target):
    rows = [
        HEADERS,
        ["T16", "2026-01-01", "1", "旗文旅局"],
        ["T16", "2026-12-31", "130", "旗文旅局"],
    ]

    outcome = run("measurements", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert list(Measurement.objects.values_list("value", flat=True)) == [D(1), D(130)]
