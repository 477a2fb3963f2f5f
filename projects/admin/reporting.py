"""The reporting calendar in the admin: the to-do section of the home page, the table by unit
for administrators, and the project list's “报送逾期” filter. The rules are in
``projects.services.calendar``."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from projects.admin import todo
from projects.models import PLAN_START, Unit
from projects.services import calendar
from projects.services.calendar import DUE, OVERDUE, REPORT, Tally

SHOWN = 20  # items listed per unit in each list of the to-do; the rest are counted


def is_administrator(user) -> bool:
    """Who sees every unit's figures: superusers and whoever may view and change units."""
    return user.is_active and user.has_perms(["projects.view_unit", "projects.change_unit"])


def overdue_list_url(unit_id: int) -> str:
    query = urlencode({"overdue": "yes", "responsible_unit__id__exact": unit_id})
    return f"{reverse('admin:projects_project_changelist')}?{query}"


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


class UnitTodo:
    """One unit's part of the to-do: its overdue items, those due soon, the first of each
    written out with their links."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.overdue: list = []
        self.soon: list = []
        self.overdue_reports = 0
        self.rows: list[dict] = []

    def write_out(self, today: datetime.date, user) -> None:
        # Links only for the rows shown: a unit may owe thousands of items.
        for item in self.overdue[:SHOWN] + self.soon[:SHOWN]:
            fill_in, record = links(item, today, user)
            days = (today - item.due).days if item.status == OVERDUE else (item.due - today).days
            self.rows.append({"item": item, "fill_in": fill_in, "record": record, "days": days})

    @property
    def hidden(self) -> int:
        return max(0, len(self.overdue) - SHOWN) + max(0, len(self.soon) - SHOWN)

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


def unit_table_view(model_admin, request):
    """按单位报送情况: each unit's items of a year due so far, on time, late and missing."""
    if not is_administrator(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    years = list(range(PLAN_START.year, max(today.year, PLAN_START.year) + 1))
    year, refused = years[-1], ""
    asked = request.GET.get("year", "").strip()
    if asked:
        if asked.isdigit() and int(asked) in years:
            year = int(asked)
        else:
            choices = "、".join(str(y) for y in years)
            refused = f"没有“{asked}”年的报送情况，可选的年份为：{choices}。下表为 {year} 年。"
    since, until = calendar.year_span(year)
    items = calendar.due_items(today=today, since=since, until=until)
    tallies = calendar.tally(items, today)
    overdue_reports = {i.unit_id for i in items if i.kind == REPORT and i.status == OVERDUE}
    rows = []
    for unit in [*Unit.objects.all(), None]:
        pk = unit.pk if unit else None
        counts = tallies.get(pk) or Tally(pk)
        if unit is None and not (counts.due or counts.soon):
            continue
        link = overdue_list_url(pk) if unit and pk in overdue_reports and year == today.year else ""
        rows.append({"unit": unit, "counts": counts, "overdue_url": link})
    total = Tally(None)
    for row in rows:
        total.add(row["counts"])
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "按单位报送情况",
        "opts": Unit._meta,
        "today": today,
        "year": year,
        "years": years,
        "refused": refused,
        "rows": rows,
        "total": total,
        "soon_days": calendar.soon_days(),
        "due_day": calendar.due_day(),
        "lag_text": calendar.lag_text(),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/projects/unit/reporting.html", context)


class OverdueFilter(admin.SimpleListFilter):
    """Projects whose monthly progress report is overdue today (报送逾期)."""

    title = "报送逾期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "有逾期未报的月度进展报告")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        # The facet count and the list both ask; the calendar is read once per request.
        if not hasattr(request, "_overdue_projects"):
            request._overdue_projects = calendar.overdue_projects(timezone.localdate())
        return queryset.filter(pk__in=request._overdue_projects)
