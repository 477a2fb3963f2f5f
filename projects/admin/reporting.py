"""The reporting calendar in the admin: the table by unit for administrators and the project
list's “报送逾期” filter (the home page's to-do is ``projects.admin.reporting_todo``). The
rules are in ``projects.services.calendar``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from projects.models import PLAN_START, Unit
from projects.services import calendar
from projects.services.calendar import OVERDUE, REPORT, Tally


def is_administrator(user) -> bool:
    """Who sees every unit's figures: superusers and whoever may view and change units."""
    return user.is_active and user.has_perms(["projects.view_unit", "projects.change_unit"])


def overdue_list_url(unit_id: int) -> str:
    query = urlencode({"overdue": "yes", "responsible_unit__id__exact": unit_id})
    return f"{reverse('admin:projects_project_changelist')}?{query}"


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
    unpublished = disclosure_overdue(today)
    rows = []
    for unit in [*Unit.objects.all(), None]:
        pk = unit.pk if unit else None
        counts = tallies.get(pk) or Tally(pk)
        if unit is None and not (counts.due or counts.soon or unpublished.get(pk)):
            continue
        link = overdue_list_url(pk) if unit and pk in overdue_reports and year == today.year else ""
        rows.append(
            {
                "unit": unit,
                "counts": counts,
                "overdue_url": link,
                "disclosure": unpublished.get(pk, 0),
                "disclosure_url": disclosure_list_url(pk),
            }
        )
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
        "disclosure_total": sum(row["disclosure"] for row in rows),
        "soon_days": calendar.soon_days(),
        "due_day": calendar.due_day(),
        "lag_text": calendar.lag_text(),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/projects/unit/reporting.html", context)


def disclosure_overdue(today) -> dict[int | None, int]:
    """Disclosure items past their time limit and not yet public today, by unit (one query)."""
    from django.db.models import Count

    from projects.services import calendar_disclosure as clock

    found = (
        clock.unpublished()
        .filter(clock.overdue_q(today))
        .values("project__responsible_unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["project__responsible_unit"]: row["n"] for row in found}


def disclosure_list_url(unit_id: int | None) -> str:
    url = reverse("admin:projects_disclosureitem_changelist")
    if unit_id is None:
        return f"{url}?deadline=overdue&project__responsible_unit__isnull=True"
    return f"{url}?deadline=overdue&project__responsible_unit__id__exact={unit_id}"


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
