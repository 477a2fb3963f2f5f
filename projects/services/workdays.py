"""Working days as the State Council arranges them each year, for the disclosure time limits.

国办发〔2017〕94号 asks each item of a major project to be published within 20 working days of
the information being formed or changed, 7 for administrative licences and penalties. Working
days follow the yearly holiday arrangement, adjusted working weekends included, which the
``chinesecalendar`` package ships year by year. For a year it does not know yet, Monday to
Friday are counted and the result says it is estimated: a date is never presented as certain
when the arrangement behind it is unknown.
"""

import datetime
import functools
from dataclasses import dataclass

import chinese_calendar

PROACTIVE_DAYS = 20  # 主动公开：信息形成或变更之日起 20 个工作日内
LICENCE_DAYS = 7  # 行政许可、行政处罚：决定作出之日起 7 个工作日内


@dataclass(frozen=True)
class Reckoning:
    """A date or a count of working days, and whether an unknown year's weekdays went into it."""

    value: datetime.date | int
    estimated: bool


@functools.lru_cache(maxsize=8192)
def is_working_day(day: datetime.date) -> tuple[bool, bool]:
    """(whether *day* is a working day, whether the arrangement of its year is known)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


@functools.lru_cache(maxsize=8192)
def due_date(formed: datetime.date, limit: int = PROACTIVE_DAYS) -> Reckoning:
    """The last day to publish: the *limit*-th working day after *formed* (not counting it)."""
    day, counted, estimated = formed, 0, False
    while counted < limit:
        day += datetime.timedelta(days=1)
        working, known = is_working_day(day)
        estimated = estimated or not known
        counted += working
    return Reckoning(day, estimated)


@functools.lru_cache(maxsize=8192)
def working_days_between(start: datetime.date, end: datetime.date) -> Reckoning:
    """Working days after *start* up to and including *end* (0 when *end* is not later)."""
    day, count, estimated = start, 0, False
    while day < end:
        day += datetime.timedelta(days=1)
        working, known = is_working_day(day)
        estimated = estimated or not known
        count += working
    return Reckoning(count, estimated)


def working_days_late(due: datetime.date, published: datetime.date) -> Reckoning:
    """How many working days after *due* the item was published: 0 when on or before it.

    Published on a holiday after the due day is late all the same, by one working day: the
    time allowed had run out, and the next working day would have been the first one late.
    """
    late = working_days_between(due, published)
    if published > due:
        return Reckoning(max(late.value, 1), late.estimated)
    return late
