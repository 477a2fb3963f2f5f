"""When each target's next figure is due, and when it is late."""

import datetime
from decimal import Decimal as D

import pytest

from projects.models import Cadence, TargetKind
from projects.services.freshness import next_due, period_ends
from projects.services.progress import evaluate_targets

pytestmark = pytest.mark.django_db

d = datetime.date


def test_monthly_figure_is_due_25_days_after_the_month(make_target):
    visitors = make_target(cadence=Cadence.MONTHLY)
    assert next_due(visitors, None, d(2026, 2, 25)).due == d(2026, 2, 25)
    assert not next_due(visitors, None, d(2026, 2, 25)).overdue
    assert next_due(visitors, None, d(2026, 2, 26)).overdue
    due = next_due(visitors, d(2026, 10, 31), d(2026, 12, 25))
    assert (due.period_end, due.due, due.overdue) == (d(2026, 11, 30), d(2026, 12, 25), False)
    assert next_due(visitors, d(2026, 10, 31), d(2026, 12, 26)).overdue


def test_quarterly_annual_and_one_off_periods(make_target):
    quarterly = make_target(cadence=Cadence.QUARTERLY, kind=TargetKind.KEEP, figure=D(91))
    assert period_ends(quarterly) == [
        d(2026, 3, 31),
        d(2026, 6, 30),
        d(2026, 9, 30),
        d(2026, 12, 31),
    ]
    assert next_due(quarterly, d(2026, 6, 30), d(2026, 10, 30)).due == d(2026, 10, 30)
    annual = make_target(cadence=Cadence.ANNUAL, kind=TargetKind.LEVEL, figure=D(50))
    due = next_due(annual, None, d(2026, 11, 1))
    assert (due.period_end, due.due, due.is_final) == (d(2026, 12, 31), d(2027, 3, 1), True)
    gaokao = make_target(
        cadence=Cadence.ONCE, kind=TargetKind.LEVEL, figure=D(85), deadline=d(2026, 7, 31)
    )
    assert next_due(gaokao, None, d(2026, 8, 15)).due == d(2026, 8, 15)
    assert next_due(gaokao, None, d(2026, 8, 16)).overdue


def test_a_spring_deadline_closes_the_last_period_on_the_deadline(make_target):
    spring = make_target(deadline=d(2026, 5, 31))
    assert period_ends(spring)[-1] == d(2026, 5, 31)
    assert len(period_ends(spring)) == 5


def test_nothing_is_due_once_the_final_figure_is_in(make_target):
    visitors = make_target()
    assert next_due(visitors, d(2026, 12, 31), d(2027, 3, 1)) is None


def test_staff_may_set_their_own_lag(make_target):
    visitors = make_target(report_lag_days=10)
    due = next_due(visitors, d(2026, 9, 30), d(2026, 11, 11))
    assert (due.due, due.overdue) == (d(2026, 11, 10), True)


def test_evaluation_carries_the_next_figure_due(make_target):
    visitors = make_target()
    [result] = evaluate_targets([visitors], d(2026, 3, 1))
    assert result.next.period_end == d(2026, 1, 31)
    assert result.overdue
    computed = make_target(kind=TargetKind.PROJECTS, figure=D(143), unit="个")
    [result] = evaluate_targets([computed], d(2026, 3, 1))
    assert result.next is None
