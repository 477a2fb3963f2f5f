"""Server-rendered SVG chart of a target: its measurements against the pace line.

Only geometry is computed here; the template draws it with classes (no inline styles, so a
strict CSP holds) and the page repeats the same numbers in a table for screen readers and print.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from projects.models import TargetKind
from projects.services.progress import CUMULATIVE_KINDS, elapsed_share, fmt, profile_share

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 40
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def _nice_step(top: Decimal) -> Decimal:
    """A round tick step so that four steps cover *top* (1, 2, 2.5 or 5 times a power of ten)."""
    raw = top / 4
    power = Decimal(10) ** (raw.adjusted())
    for mult in (1, 2, Decimal("2.5"), 5, 10):
        if power * mult >= raw:
            return power * mult
    return power * 10


def expected_share(target, day: datetime.date) -> Decimal:
    """The pace rule's share of time for *day* (the same rule as the status)."""
    if target.pace_profile and target.deadline.year == 2026 and target.start.month == 1:
        return profile_share(target.pace_profile, day)
    return elapsed_share(target.start, target.deadline, day)


def _month_starts(start: datetime.date, end: datetime.date):
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def chart_points(progress) -> list[tuple[datetime.date, Decimal, bool]]:
    """(date, value, computed) to plot: the measurements, plus today's count when computed."""
    points = [(m.date, m.value, False) for m in progress.measurements]
    target = progress.target
    # A count over records not yet confirmed complete is shown in words, not plotted against
    # the pace line: the chart would invite the judgement the rule withholds.
    computed = (
        target.kind == TargetKind.PROJECTS
        and progress.value is not None
        and not progress.records_incomplete
    )
    if computed and (not points or points[-1][0] != progress.value_date):
        points.append((progress.value_date, progress.value, True))
    return points


def target_chart(progress, *, english: bool = False) -> dict | None:
    target = progress.target
    figure = progress.figure
    if target.kind == TargetKind.MILESTONE or figure is None:
        return None
    start, end = target.start, target.deadline
    span = max((end - start).days, 1)
    points = chart_points(progress)
    top = max([figure, *(v for _, v, _ in points)]) or Decimal(1)
    step = _nice_step(top)
    ymax = step * ((top / step).to_integral_value(rounding="ROUND_CEILING"))

    def x(day):
        share = min(max(Decimal((day - start).days) / span, Decimal(0)), Decimal(1))
        return round(float(LEFT + share * PLOT_W), 1)

    def y(value):
        return round(float(TOP + PLOT_H - (Decimal(value) / ymax) * PLOT_H), 1)

    cumulative = target.kind in CUMULATIVE_KINDS
    if cumulative:
        days = [start, *list(_month_starts(start + datetime.timedelta(days=1), end)), end]
        pace = [(x(d), y(figure * expected_share(target, d))) for d in days]
    else:
        pace = [(x(start), y(figure)), (x(end), y(figure))]
    month_fmt = (lambda d: d.strftime("%b")) if english else (lambda d: f"{d.month}月")
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + PLOT_H,
        "label_y": TOP + PLOT_H + 24,
        "cumulative": cumulative,
        "pace": " ".join(f"{a},{b}" for a, b in pace),
        "line": " ".join(f"{x(d)},{y(v)}" for d, v, _ in points),
        "points": [
            {"x": x(d), "y": y(v), "date": d, "value": fmt(v), "computed": c} for d, v, c in points
        ],
        "x_ticks": [{"x": x(d), "label": month_fmt(d)} for d in _month_starts(start, end)],
        "y_ticks": [
            {"y": y(step * i), "label": fmt(step * i), "ty": y(step * i) + 4}
            for i in range(int(ymax / step) + 1)
        ],
        "figure_y": y(figure),
    }


def chart_table(progress) -> list[dict]:
    """The chart's numbers as rows: each value and what the pace rule expected that day."""
    target = progress.target
    cumulative = target.kind in CUMULATIVE_KINDS
    by_date = {m.date: m for m in progress.measurements}
    rows = []
    for day, value, computed in chart_points(progress):
        m = by_date.get(day)
        expected = None
        if cumulative and progress.figure is not None:
            expected = progress.figure * expected_share(target, day)
        rows.append(
            {
                "date": day,
                "value": value,
                "expected": expected,
                "computed": computed,
                "source": m.source if m and not computed else "",
                "note": m.note if m and not computed else "",
                "is_final": bool(m and m.is_final),
            }
        )
    return rows
