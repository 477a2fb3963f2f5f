"""The disclosure clock for staff: items not yet public whose time limit has run out or runs
out within the next few working days, by the unit answering for the project.

An item's last day is ``workdays.due_date(formed_on, limit)`` (20 working days, 7 for
licences and penalties). So that a list of many items is one query, the due days are turned
into bounds on ``formed_on``: the last day is monotonic in the formed day, so "due before D"
is "formed before the first day whose due day is D or later", found once per limit.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Q

from projects import disclosure
from projects.services import workdays

SOON_WORKING_DAYS = 5  # 5 个工作日内到期
LICENCE_MATTERS = tuple(m.code for m in disclosure.MATTERS if m.days == workdays.LICENCE_DAYS)
LIMITS = sorted({m.days for m in disclosure.MATTERS} | {workdays.PROACTIVE_DAYS})


@functools.lru_cache(maxsize=8192)
def is_working_day(day: datetime.date) -> tuple[bool, bool]:
    """``workdays.is_working_day``, remembered: asking the holiday package takes a tenth of a
    millisecond, and a list of thousands of items asks about the same days again and again."""
    return workdays.is_working_day(day)


@functools.lru_cache(maxsize=4096)
def due(formed: datetime.date, limit: int) -> workdays.Reckoning:
    """``workdays.due_date`` (the same count), with the days remembered."""
    day, counted, estimated = formed, 0, False
    while counted < limit:
        day += datetime.timedelta(days=1)
        working, known = is_working_day(day)
        estimated = estimated or not known
        counted += working
    return workdays.Reckoning(day, estimated)


def limit_of(matter: str) -> int:
    spec = disclosure.matter(matter)
    return spec.days if spec else workdays.PROACTIVE_DAYS


def first_formed_due_on_or_after(day: datetime.date, limit: int) -> datetime.date:
    """The earliest formed day whose last day is *day* or later."""
    # Each working day is at most a few weeks of calendar days away (the longest holiday is
    # eight days), so the answer lies within limit * 3 + 30 days before *day*.
    low, high = day - datetime.timedelta(days=limit * 3 + 30), day
    while low < high:
        middle = low + (high - low) // 2
        if due(middle, limit).value >= day:
            high = middle
        else:
            low = middle + datetime.timedelta(days=1)
    return low


def matter_q(limit: int) -> Q:
    licence = Q(matter__in=LICENCE_MATTERS)
    return licence if limit == workdays.LICENCE_DAYS else ~licence


def due_between(since: datetime.date | None, until: datetime.date) -> Q:
    """Items (with a formed day) whose last day falls from *since* (None: any time) to *until*."""
    found = Q(pk__in=[])
    after = until + datetime.timedelta(days=1)
    for limit in LIMITS:
        bounds = Q(formed_on__lt=first_formed_due_on_or_after(after, limit))
        if since is not None:
            bounds &= Q(formed_on__gte=first_formed_due_on_or_after(since, limit))
        found |= matter_q(limit) & bounds
    return found


def published_late(published_days) -> Q:
    """Items that went public after their last day, given the days items went public.

    Late is "formed before the first formed day whose last day is the publication day or
    later"; that bound moves only on working days, so consecutive publication days sharing
    it make one range."""
    found = Q(pk__in=[])
    days = sorted(set(published_days))
    for limit in LIMITS:
        ranges: list[list] = []  # [first day, last day, bound]
        for day in days:
            bound = first_formed_due_on_or_after(day, limit)
            if ranges and ranges[-1][2] == bound:
                ranges[-1][1] = day
            else:
                ranges.append([day, day, bound])
        for first, last, bound in ranges:
            found |= matter_q(limit) & Q(published_on__range=(first, last), formed_on__lt=bound)
    return found


def horizon(today: datetime.date) -> datetime.date:
    """The last day of the next ``SOON_WORKING_DAYS`` working days."""
    return due(today, SOON_WORKING_DAYS).value


def unpublished():
    """Items still to go public: not yet published and with a formed day (not applicable
    items have none: they owe nothing)."""
    from projects.models import DisclosureItem

    return DisclosureItem.objects.filter(is_published=False, formed_on__isnull=False)


def overdue_q(today: datetime.date) -> Q:
    return due_between(None, today - datetime.timedelta(days=1))


def soon_q(today: datetime.date) -> Q:
    return due_between(today, horizon(today))


@functools.lru_cache(maxsize=4096)
def working_days_between(start: datetime.date, end: datetime.date) -> workdays.Reckoning:
    """Working days after *start* up to and including *end* (0 when *end* is not later).

    Remembered: a list of many items asks for the same few hundred due days against today."""
    day, count, estimated = start, 0, False
    while day < end:
        day += datetime.timedelta(days=1)
        working, known = is_working_day(day)
        count += working
        estimated = estimated or not known
    return workdays.Reckoning(count, estimated)


@dataclass
class Clock:
    """Where one unpublished item stands on *today*."""

    due: datetime.date
    estimated: bool
    overdue: bool
    days: int  # working days late (overdue) or left (0: due today, or no working day left)

    @classmethod
    def of(cls, formed: datetime.date, matter: str, today: datetime.date) -> Clock:
        last = due(formed, limit_of(matter))
        late = last.value < today
        span = (
            working_days_between(last.value, today)
            if late
            else working_days_between(today, last.value)
        )
        days = max(span.value, 1) if late else span.value
        return cls(last.value, last.estimated or span.estimated, late, days)
