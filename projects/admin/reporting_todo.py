"""我的待办 · 按期报送: what the user's units have overdue and due soon, on the admin home.

Items are grouped by project or target, so that a project missing five months is one row
naming the five months, with a link to fill in the earliest.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from projects.admin import todo
from projects.admin.reporting import is_administrator, overdue_list_url
from projects.models import Unit
from projects.services import calendar
from projects.services.calendar import DUE, OVERDUE, REPORT

SHOWN = 20  # projects or targets listed per unit in each list; the rest are counted


def report_date(item, today: datetime.date) -> datetime.date:
    """The date to suggest for a report of *item*'s month: today while that still counts for
    the month, else the month's last day (or the nearest day that counts)."""
    first, last = calendar.report_window(calendar.month_number(item.period_end))
    day = today if today <= last else item.period_end
    return min(max(day, first), last)


def links(item, today: datetime.date, user) -> tuple[str, str]:
    """Where to fill *item* in (the add form, pre-filled) and where its record is."""
    if item.kind == REPORT:
        record = reverse("admin:projects_project_change", args=[item.subject_id])
        if not user.has_perm("projects.add_progressreport"):
            return "", record
        query = {"project": item.subject_id, "date": report_date(item, today).isoformat()}
        return f"{reverse('admin:projects_progressreport_add')}?{urlencode(query)}", record
    record = reverse("admin:projects_target_change", args=[item.subject_id])
    if not user.has_perm("projects.add_measurement"):
        return "", record
    query = {"target": item.subject_id, "date": item.period_end.isoformat()}
    return f"{reverse('admin:projects_measurement_add')}?{urlencode(query)}", record


def whole_month(item) -> bool:
    end = item.period_end
    return item.period_start == calendar.month_first(calendar.month_number(end)) and (
        end == calendar.month_last(calendar.month_number(end))
    )


def periods_text(items) -> str:
    """2026年1月至5月、8月、9月 for whole months; the periods' own names otherwise."""
    if not all(whole_month(item) for item in items):
        return "、".join(item.period_label for item in items)
    numbers = [calendar.month_number(item.period_end) for item in items]
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    # Three months or more in a row read as a span (1月至5月); two as two (2月、3月).
    runs = [part for run in runs for part in ([run[:1], run[1:]] if len(run) == 2 else [run])]
    parts, year = [], None
    for run in runs:
        first, last = calendar.month_first(run[0]), calendar.month_first(run[-1])
        text = f"{first.month}月" if first.year == year else f"{first.year}年{first.month}月"
        if len(run) > 1:
            same = last.year == first.year
            text += f"至{last.month}月" if same else f"至{last.year}年{last.month}月"
        parts.append(text)
        year = last.year
    return "、".join(parts)


def grouped(items) -> list[list]:
    """*items* by project or target, in the order of each one's earliest due day."""
    groups: dict[tuple, list] = {}
    for item in items:
        groups.setdefault((item.kind, item.subject_id), []).append(item)
    return list(groups.values())


class UnitTodo:
    """One unit's part of the to-do."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.overdue: list = []
        self.soon: list = []
        self.overdue_reports = 0
        self.rows: list[dict] = []
        self.hidden = 0  # projects or targets not listed

    def write_out(self, today: datetime.date, user) -> None:
        # Links only for the rows shown: a unit may owe thousands of items.
        for items in (self.overdue, self.soon):
            groups = grouped(items)
            self.hidden += max(0, len(groups) - SHOWN)
            for group in groups[:SHOWN]:
                first = group[0]
                fill_in, record = links(first, today, user)
                late = first.status == OVERDUE
                self.rows.append(
                    {
                        "item": first,
                        "count": len(group),
                        "periods": periods_text(group),
                        "days": (today - first.due).days if late else (first.due - today).days,
                        "fill_in": fill_in,
                        "record": record,
                    }
                )

    @property
    def overdue_url(self) -> str:
        return overdue_list_url(self.unit.pk) if self.overdue_reports else ""


@todo.register
def reporting_section(request) -> todo.Section:
    """The user's units' overdue items and those due soon, with links to fill them in."""
    user = request.user
    today = timezone.localdate()
    soon = calendar.soon_days()
    units = [UnitTodo(unit) for unit in Unit.objects.filter(memberships__user=user)]
    if units:
        since, until = calendar.open_span(today, soon)
        by_unit = {entry.unit.pk: entry for entry in units}
        horizon = today + datetime.timedelta(days=soon)
        for item in calendar.due_items(today=today, since=since, until=until, unit_ids=by_unit):
            entry = by_unit[item.unit_id]
            if item.status == OVERDUE:
                entry.overdue.append(item)
                entry.overdue_reports += item.kind == REPORT
            elif item.status == DUE and item.due <= horizon:
                entry.soon.append(item)
        for entry in units:
            entry.write_out(today, user)
    context = {
        "today": today,
        "soon_days": soon,
        "due_day": calendar.due_day(),
        "units": units,
        "table_url": reverse("admin:projects_unit_reporting") if is_administrator(user) else "",
    }
    return todo.Section("admin/projects/todo/reporting.html", context)
