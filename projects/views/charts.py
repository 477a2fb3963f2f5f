"""Server-rendered SVG chart of a target: its measurements against the pace line.

Only geometry is computed here; the template draws it with classes (no inline styles, so a
strict CSP holds) and the page repeats the same numbers in a table for screen readers and print.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from projects.models import TargetKind
from projects.services import counting
from projects.services.progress import CUMULATIVE_KINDS, expected_share, fmt

WIDTH, HEIGHT = 640, 280
RIGHT, TOP = 20, 16
# The labels' font follows the page's text (site.css): larger in care mode and larger still on a
# phone, where the drawing is shrunk to half its size. Room is made for the largest of them, in
# user units: 1.3 x the 20 px text of care mode; on a phone every other month goes unlabelled.
LARGEST_LABEL = 26
DIGIT_WIDTH = 0.62  # of the font size, with room to spare
TICK_GAP = 8  # between the y axis and its labels
# Month labels hang below the x axis, clear of the lower half of the y axis's "0"; a label's
# box is about 1.2 times its font size tall.
LABEL_DROP = LARGEST_LABEL * 3 // 4 + 2
BOTTOM = LABEL_DROP + LARGEST_LABEL * 5 // 4
PLOT_H = HEIGHT - TOP - BOTTOM


def _nice_step(top: Decimal) -> Decimal:
    """A round tick step so that four steps cover *top* (1, 2, 2.5 or 5 times a power of ten)."""
    raw = top / 4
    power = Decimal(10) ** (raw.adjusted())
    for mult in (1, 2, Decimal("2.5"), 5, 10):
        if power * mult >= raw:
            return power * mult
    return power * 10


def _month_starts(start: datetime.date, end: datetime.date):
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def month_ends(start: datetime.date, last: datetime.date):
    """The last day of each month from *start* up to *last*, both included when month ends."""
    day = (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    while day - datetime.timedelta(days=1) <= last:
        yield day - datetime.timedelta(days=1)
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def series_days(target, as_of: datetime.date) -> list[datetime.date]:
    """The days a computed target's chart shows: each month end from its start up to the
    counting day (today, or the deadline once it has passed), and the counting day itself."""
    day = counting.counting_day(target, as_of)
    days = [d for d in month_ends(target.start, day) if d >= target.start]
    if not days or days[-1] != day:
        days.append(day)
    return days


def computed_series(target, as_of: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    """(day, value) of a computed target at each of ``series_days``, in two queries; the last
    pair is the value on the counting day, the one the status is judged on."""
    days = series_days(target, as_of)
    values = counting.series(target, days)
    return list(zip(days, values, strict=True))


def chart_points(progress, series=None) -> list[tuple[datetime.date, Decimal, bool]]:
    """(date, value, computed) to plot: the measurements, or for a target computed from
    projects its value at each month end (*series*, from ``computed_series``)."""
    if progress.target.kind == TargetKind.PROJECTS:
        start = progress.target.start
        return [(d, v, True) for d, v in series or () if d >= start]
    return [(m.date, m.value, False) for m in progress.measurements]


def target_chart(progress, points, *, english: bool = False) -> dict | None:
    """The chart's geometry for *points* (from ``chart_points``)."""
    target = progress.target
    figure = progress.figure
    if target.kind == TargetKind.MILESTONE or figure is None:
        return None
    start, end = target.start, target.deadline
    span = max((end - start).days, 1)
    top = max([figure, *(v for _, v, _ in points)]) or Decimal(1)
    step = _nice_step(top)
    ymax = step * ((top / step).to_integral_value(rounding="ROUND_CEILING"))

    def y(value):
        return round(float(TOP + PLOT_H - (Decimal(value) / ymax) * PLOT_H), 1)

    y_labels = [fmt(step * i) for i in range(int(ymax / step) + 1)]
    left = max(64, round(max(map(len, y_labels)) * DIGIT_WIDTH * LARGEST_LABEL) + 2 * TICK_GAP)
    plot_w = WIDTH - left - RIGHT

    def x(day):
        share = min(max(Decimal((day - start).days) / span, Decimal(0)), Decimal(1))
        return round(float(left + share * plot_w), 1)

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
        "left": left,
        "label_x": left - TICK_GAP,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + PLOT_H,
        "label_y": TOP + PLOT_H + LABEL_DROP,
        "cumulative": cumulative,
        "pace": " ".join(f"{a},{b}" for a, b in pace),
        "line": " ".join(f"{x(d)},{y(v)}" for d, v, _ in points),
        "points": [
            {"x": x(d), "y": y(v), "date": d, "value": fmt(v), "computed": c} for d, v, c in points
        ],
        "x_ticks": [
            {"x": x(d), "label": month_fmt(d), "minor": i % 2 == 1}
            for i, d in enumerate(_month_starts(start, end))
        ],
        "y_ticks": [{"y": y(step * i), "label": label} for i, label in enumerate(y_labels)],
        "figure_y": y(figure),
    }


def chart_table(progress, points) -> list[dict]:
    """The chart's numbers as rows: each value and what the pace rule expected that day."""
    target = progress.target
    cumulative = target.kind in CUMULATIVE_KINDS
    by_date = {m.date: m for m in progress.measurements}
    rows = []
    for day, value, computed in points:
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
