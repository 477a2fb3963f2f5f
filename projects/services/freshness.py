"""When a target's next figure is due, and whether it is late.

A target is measured once a period (month, quarter, year, or once by its deadline); the figure
for a period is due a number of days after the period closes (the target's reporting lag, or
the default for its cadence). The next figure due is the one for the first period that closes
after the latest published figure's date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from projects.models import Cadence, Target

QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


@dataclass(frozen=True)
class Due:
    period_end: datetime.date  # the last day the awaited figure covers
    due: datetime.date  # the day by which it should be published
    overdue: bool  # the due day has passed (as of the day asked)
    cadence: str

    @property
    def is_final(self) -> bool:
        """Whether the awaited figure is the one for the whole period of the target."""
        return self.cadence in (Cadence.ANNUAL, Cadence.ONCE)


def _month_end(day: datetime.date) -> datetime.date:
    first_next = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first_next - datetime.timedelta(days=1)


def period_ends(target: Target) -> list[datetime.date]:
    """The last day of each reporting period between the target's start and its deadline."""
    start, deadline = target.start, target.deadline
    ends: list[datetime.date] = []
    if target.cadence == Cadence.MONTHLY:
        day = _month_end(start)
        while day < deadline:
            ends.append(day)
            day = _month_end(day + datetime.timedelta(days=1))
    elif target.cadence == Cadence.QUARTERLY:
        for year in range(start.year, deadline.year + 1):
            for month, dom in QUARTER_ENDS:
                day = datetime.date(year, month, dom)
                if start <= day < deadline:
                    ends.append(day)
    ends.append(deadline)
    return ends


def next_due(target: Target, latest: datetime.date | None, as_of: datetime.date) -> Due | None:
    """The next figure the target awaits after *latest*, or None when the last is in."""
    for end in period_ends(target):
        if latest is None or end > latest:
            due = end + datetime.timedelta(days=target.lag_days)
            return Due(period_end=end, due=due, overdue=as_of > due, cadence=target.cadence)
    return None
