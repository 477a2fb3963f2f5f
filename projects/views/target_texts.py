"""The sentences a target page says about time: the data date the status was judged on, the
final figure awaited, what an unconfirmed count stands for, and when the next figure is due
(the same words on the target page and in the lists).

Dates are written as a reader writes them (10月31日, 31 October), with the year only when it
is not the year of the day the page is read, so that a page read in 2027 still says which
year a figure belongs to.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from projects.models import TargetKind
from projects.services import figures
from projects.services.freshness import QUARTER_ENDS
from projects.services.progress import AWAITING


def day_text(day: datetime.date, today: datetime.date | None = None) -> str:
    """10月31日 / 31 October; with the year when it differs from *today*'s."""
    return figures.day(day, year=today is not None and day.year != today.year)


def month_text(day: datetime.date) -> str:
    """2026年6月 / June 2026: when a revision was made."""
    return figures.month(day, year=True)


def headline(p) -> str:
    """The data date the status was judged on, as the status box's first line."""
    target = p.target
    if p.value_date is None:
        return ""
    day = day_text(p.value_date, p.as_of)
    if target.kind == TargetKind.PROJECTS:
        if p.as_of > target.deadline:
            return _("截至%(day)s（截止日，按项目记录统计）") % {"day": day}
        return _("截至%(day)s（按项目记录统计）") % {"day": day}
    return _("截至%(day)s（最新数据）") % {"day": day}


def awaiting_final(p) -> str:
    """Past the deadline with no figure for the whole period yet: the result is awaited."""
    target = p.target
    if p.status != AWAITING or p.as_of <= target.deadline:
        return ""
    return _("已过截止日，正在等待截至%(deadline)s的最终数据，届时据此判断是否完成。") % {
        "deadline": day_text(target.deadline, p.as_of)
    }


def lag_text(target) -> str:
    days = target.lag_days
    return ngettext("统计期结束后 %(days)s 天内发布", "统计期结束后 %(days)s 天内发布", days) % {
        "days": days
    }


def unconfirmed(p) -> str:
    """A computed target whose records are not confirmed complete: the count against the
    figure, and why it is not judged; past the deadline, that the result awaits confirmation."""
    if not p.records_incomplete or p.value is None:
        return ""
    unit = figures.value_unit(p.target)
    values = {"value": figures.amount(p.value, unit), "figure": figures.amount(p.figure, unit)}
    if p.as_of > p.target.deadline:
        return _("已录入 %(value)s，目标 %(figure)s；结果待确认") % values
    return _("已录入 %(value)s，目标 %(figure)s；项目记录尚待确认完整") % values


def clock_day(p) -> datetime.date:
    """The day the time-elapsed share was taken on: the data date, else today (or the
    deadline once it has passed)."""
    return p.value_date or min(p.as_of, p.target.deadline)


QUARTERS = {
    3: gettext_noop("第一季度"),
    6: gettext_noop("第二季度"),
    9: gettext_noop("第三季度"),
    12: gettext_noop("第四季度"),
}


def due_phrase(p) -> str:
    """When the target's next figure is due, and whether it is late: 「10月数据应于11月25日前
    发布，尚未发布」 / 「下次数据（11月）应于12月25日前发布」; "" when no figure is awaited."""
    due = p.next
    if due is None:
        return ""
    values = {"day": figures.day(due.due, year=due.due.year != due.period_end.year)}
    if due.cadence == "once":
        if due.overdue:
            return _("结果应于%(day)s前发布，尚未发布") % values
        return _("结果应于%(day)s前发布") % values
    end = due.period_end
    if due.cadence == "annual":
        period = _("全年")
    elif due.cadence == "quarterly" and (end.month, end.day) in QUARTER_ENDS:
        period = _(QUARTERS[end.month])
    else:
        period = figures.month(end)
    values["period"] = period
    if due.overdue:
        return _("%(period)s数据应于%(day)s前发布，尚未发布") % values
    return _("下次数据（%(period)s）应于%(day)s前发布") % values
