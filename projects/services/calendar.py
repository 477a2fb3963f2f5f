"""The reporting calendar: what each unit owes, by when, and whether it came in on time.

Two kinds of item are owed:

* A project's monthly progress report. A published project owes one for each month it is
  under way: started by the month's end (its actual start date, else the first day it held a
  started stage) and not completed before the month began (its actual completion date, else
  the first day it held 竣工 or 投产运营). The report for a month is due by ``REPORT_DUE_DAY``
  of the next month. Reports written early in a month are last month's report, as offices
  write them: a report dated from the 1st up to the due day counts for the month before, one
  dated after the due day for its own month. So the report for March is any report dated
  from 6 March to 5 April (with the due day 5), and each report counts for one month only.
* A target's figure for each period of its cadence inside its start and deadline
  (``projects.services.freshness.period_ends``), due the target's reporting lag after the
  period ends; a measurement dated within the period counts for it. Targets computed from
  project records owe nothing (the projects' own reports feed them), nor do milestone
  targets: they have steps rather than figures, and a step past its planned date already
  shows the target as behind.

Only periods that end after the record entered the portal (its ``created_at``) are owed, so
that a plan loaded in November does not show ten months missing for every record; periods
not yet begun are not listed.

An item is reported on the day the first record that counts for it was entered (its
``created_at``, in Beijing time), whatever was corrected later: on time when that day is on or
before the due day, late when after it. Not reported, it is overdue once the due day has
passed, else still due. With ``public`` only published records of published projects and
targets count, as the public pages show them; staff see drafts counted as reported.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

REPORT, FIGURE = "report", "figure"
DUE, OVERDUE, ON_TIME, LATE = "due", "overdue", "on_time", "late"
STATUS_LABELS = {DUE: "待报送", OVERDUE: "逾期未报", ON_TIME: "按时报送", LATE: "逾期补报"}
YEAR = datetime.timedelta(days=365)
OVERDUE_CACHE_SECONDS = 600


@dataclass(slots=True)
class Item:
    """One report or figure a unit owes for one period."""

    kind: str  # REPORT (a project's monthly report) or FIGURE (a target's figure)
    unit_id: int | None
    subject_id: int  # the project's or the target's id
    code: str
    name: str
    period_start: datetime.date
    period_end: datetime.date
    due: datetime.date
    status: str

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def what(self) -> str:
        return "月度进展报告" if self.kind == REPORT else "进展数据"


def status(due: datetime.date, today: datetime.date, on_time: bool | None) -> str:
    """*on_time*: whether the first record that counts came in by the due day; None when
    nothing has come in."""
    if on_time is not None:
        return ON_TIME if on_time else LATE
    return OVERDUE if today > due else DUE


def lag_text() -> str:
    """The default reporting lags, as the rules pages state them: 每月 25 天，……"""
    from projects.models import Cadence
    from projects.models.targets import DEFAULT_LAG_DAYS

    return "，".join(f"{Cadence(c).label} {days} 天" for c, days in DEFAULT_LAG_DAYS.items())


def due_day() -> int:
    return settings.REPORT_DUE_DAY


def soon_days() -> int:
    return settings.REPORT_REMIND_DAYS


# Months are counted as year * 12 + month - 1, so that month arithmetic is integer arithmetic.


def month_number(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_first(number: int) -> datetime.date:
    return datetime.date(number // 12, number % 12 + 1, 1)


def month_last(number: int) -> datetime.date:
    return month_first(number + 1) - datetime.timedelta(days=1)


def report_due(number: int, day: int | None = None) -> datetime.date:
    """The day the report for month *number* is due: the due day of the next month."""
    return month_first(number + 1).replace(day=day or due_day())


def report_window(number: int, day: int | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last report date that count for month *number*."""
    day = day or due_day()
    return report_due(number - 1, day) + datetime.timedelta(days=1), report_due(number, day)


def period_label(start: datetime.date, end: datetime.date) -> str:
    """2026年3月, 2026年第一季度, 2026年全年, or the two days."""
    whole_months = start.day == 1 and end == month_last(month_number(end))
    months = month_number(end) - month_number(start) + 1
    if whole_months and months == 1:
        return f"{end.year}年{end.month}月"
    if whole_months and months == 3 and start.month % 3 == 1 and start.year == end.year:
        return f"{end.year}年第{'一二三四'[start.month // 3]}季度"
    if whole_months and months == 12 and start.month == 1:
        return f"{end.year}年全年"
    return f"{start:%Y}年{start.month}月{start.day}日至{end.month}月{end.day}日"


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    """The periods of a year's tables: those ending within it."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def open_span(today: datetime.date, soon: int | None = None) -> tuple[datetime.date, datetime.date]:
    """The periods a to-do list looks at: those ending in the past year, and those due within
    *soon* days (a period ends on or before its due day)."""
    return today - YEAR, today + datetime.timedelta(days=soon_days() if soon is None else soon)


def due_items(
    *,
    today: datetime.date,
    since: datetime.date,
    until: datetime.date,
    unit_ids=None,
    public: bool = False,
) -> list[Item]:
    """Every item of a period ending from *since* to *until* and begun by *today*, with its
    status on *today*.

    *unit_ids*: only these units' items (None: every unit's, and those of no unit).
    """
    from projects.services import calendar_sources as sources

    items = sources.project_items(
        today=today, since=since, until=until, unit_ids=unit_ids, public=public
    )
    items += sources.target_items(
        today=today, since=since, until=until, unit_ids=unit_ids, public=public
    )
    items.sort(key=lambda item: (item.due, item.kind, item.code))
    return items


def overdue_projects(today: datetime.date) -> set[int]:
    """The ids of the projects with a monthly report overdue on *today* (in the past year).

    The project list counts them on every visit (its filter's facet), so they are kept in
    the cache until the plan's data next changes (the page cache's content version) or the
    day turns.
    """
    from portal.cache import content_version
    from projects.services.calendar_sources import project_items

    key = f"calendar:overdue:{content_version()}:{today}:{due_day()}"
    try:
        found = cache.get(key)
    except RedisError:
        found = None
    if found is None:
        since, until = open_span(today, 0)
        items = project_items(today=today, since=since, until=until)
        found = {item.subject_id for item in items if item.status == OVERDUE}
        with contextlib.suppress(RedisError):  # counted again next time
            cache.set(key, found, OVERDUE_CACHE_SECONDS)
    return found


@dataclass
class Tally:
    """A unit's items: due so far (on time, late, missing) and due soon."""

    unit_id: int | None
    on_time: int = 0
    late: int = 0
    missing: int = 0
    soon: int = 0  # not reported, due within the next few days

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None

    def add(self, other: Tally) -> None:
        self.on_time += other.on_time
        self.late += other.late
        self.missing += other.missing
        self.soon += other.soon


def tally(items, today: datetime.date, soon: int | None = None) -> dict[int | None, Tally]:
    """The items counted by unit. Due so far means its due day has passed, so that its
    outcome is settled: an item due today may still come in on time, and one reported early
    is counted once its day has passed. Due soon: not reported, due today or within *soon*
    days."""
    horizon = today + datetime.timedelta(days=soon_days() if soon is None else soon)
    tallies: dict[int | None, Tally] = {}
    for item in items:
        counts = tallies.get(item.unit_id)
        if counts is None:
            counts = tallies[item.unit_id] = Tally(item.unit_id)
        if item.due < today:
            if item.status == ON_TIME:
                counts.on_time += 1
            elif item.status == LATE:
                counts.late += 1
            else:
                counts.missing += 1
        elif item.status == DUE and item.due <= horizon:
            counts.soon += 1
    return tallies
