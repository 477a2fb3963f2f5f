"""Targets: the list grouped by area and sector, and one target with its evidence."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.public import accountability, approval_days
from projects.models import (
    VERDICT_FIELDS,
    Aggregate,
    Category,
    Comparison,
    Level,
    Stage,
    Target,
    TargetKind,
)
from projects.services import figures
from projects.services.counting import counted_projects
from projects.services.progress import (
    MEASURED_KINDS,
    STATUS_ORDER,
    evaluate,
    evaluate_targets,
    fmt,
)
from projects.services.reasons import public_reason

from . import target_texts as texts
from .charts import chart_points, chart_table, computed_series, target_chart
from .common import is_english, mark_preview, published_or_preview

COUNTED_LIMIT = 50


def group_by_area(results) -> list[dict]:
    """Results grouped area -> sector, in the sectors' own order, with status counts per area."""
    areas: dict[int, dict] = {}
    for p in results:
        sector = p.target.sector
        area = sector.parent or sector
        a = areas.setdefault(
            area.pk, {"area": area, "sectors": {}, "counts": dict.fromkeys(STATUS_ORDER, 0)}
        )
        a["counts"][p.status] += 1
        a["sectors"].setdefault(sector.pk, {"sector": sector, "items": []})["items"].append(p)
    ordered = sorted(areas.values(), key=lambda a: (a["area"].order, a["area"].slug))
    for a in ordered:
        a["sectors"] = sorted(
            a["sectors"].values(), key=lambda s: (s["sector"].order, s["sector"].slug)
        )
        a["total"] = sum(a["counts"].values())
        a["count_list"] = [(status, n) for status, n in a["counts"].items() if n]
    return ordered


def published_targets():
    return Target.objects.published().select_related("sector__parent")


def target_list(request):
    results = evaluate_targets(published_targets())
    return render(
        request,
        "projects/target_list.html",
        {
            "title": _("目标指标"),
            "areas": group_by_area(results),
            "as_of": timezone.localdate(),
            "total": len(results),
        },
    )


def counted_filter_query(target) -> str:
    """The project-list address that shows the same projects (sharable, no JavaScript)."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    if target.rule_category_id:
        query["category"] = target.rule_category.slug
    if target.rule_level:
        query["level"] = target.rule_level
    query.setlist("stage", list(target.rule_stages or []))
    return query.urlencode()


def _revision_labels() -> dict[str, str]:
    """How the revision log names each field a reader needs to see changed."""
    return {
        "wording": _("原文表述"),
        "figure": _("目标值"),
        "unit": _("单位"),
        "start": _("起始日期"),
        "deadline": _("截止日期"),
        "comparison": _("比较方式"),
        "kind": _("指标类型"),
        "baseline": _("2025年基数"),
        "pace_profile": _("分月进度曲线"),
        "rule_category": _("计数：产业类别"),
        "rule_level": _("计数：项目级别"),
        "rule_stages": _("计数：建设阶段"),
        "rule_aggregate": _("计数方式"),
        "records_complete": _("项目记录已录入完整"),
    }


REVISED_FIELDS = ["wording", *VERDICT_FIELDS]
CHOICES = {
    "comparison": Comparison,
    "kind": TargetKind,
    "rule_level": Level,
    "rule_aggregate": Aggregate,
}


def _show(field: str, value, categories: dict) -> str:
    """A stored value as the page shows it: choices, booleans and categories in words."""
    sep = ", " if is_english() else "、"
    if field == "records_complete":
        return _("是") if value else _("否")
    if field == "pace_profile":
        if not value:
            return _("未设定（按直线计算）")
        return sep.join(f"{fmt(Decimal(str(v)) * 100)}%" for v in value)
    if field == "rule_category":
        return categories.get(value, str(value)) if value else _("全部类别")
    if field == "rule_level" and not value:
        return _("全部级别")
    if field == "rule_stages":
        if not value:
            return _("全部建设阶段")
        return sep.join(str(Stage(s).label) if s in Stage.values else str(s) for s in value)
    if value is None or value == "":
        return "—"
    if field in CHOICES and value in CHOICES[field].values:
        return str(CHOICES[field](value).label)
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _field_names(fields) -> list[str]:
    # A foreign key is read as its id: the history row keeps no link to follow.
    return [f"{f}_id" if f == "rule_category" else f for f in fields]


def public_revisions(target) -> dict:
    """Changes to the published commitment, oldest first, from the target's history, and the
    figure's adjustments since the plan: {"log": [...], "figure": {...} or None}.

    Edits made while the target was still a draft are preparation, not revisions of a public
    promise, so a change counts only when the version before it was published.
    """
    names = dict(zip(REVISED_FIELDS, _field_names(REVISED_FIELDS), strict=True))
    versions = list(
        target.history.order_by("history_date", "history_id").values(
            "history_date",
            "history_change_reason",
            "revision_document",
            "is_published",
            "unit_en",
            *names.values(),
        )
    )
    pairs = [(b, a) for b, a in itertools.pairwise(versions) if b["is_published"]]
    changed_categories = {
        v[names["rule_category"]]
        for pair in pairs
        for v in pair
        if pair[0][names["rule_category"]] != pair[1][names["rule_category"]]
    }
    categories = {}
    if changed_categories - {None}:
        # Only when a revision changed the category: one query, not one per revision.
        categories = {
            c.pk: c.display_name for c in Category.objects.filter(pk__in=changed_categories)
        }
    labels = _revision_labels()
    log, adjustments, original = [], [], None
    for before, after in pairs:
        changes = [
            {
                "field": labels[f],
                "before": _show(f, before[names[f]], categories),
                "after": _show(f, after[names[f]], categories),
            }
            for f in REVISED_FIELDS
            if before[names[f]] != after[names[f]]
        ]
        if not changes:
            continue
        entry = {
            "date": after["history_date"],
            "reason": public_reason(after["history_change_reason"]),
            "document": after["revision_document"] or "",
            "changes": changes,
        }
        log.append(entry)
        if before["figure"] != after["figure"]:
            original = original or before
            adjustments.append((entry, after))
    return {"log": log, "figure": _figure_history(original, adjustments)}


def _figure_history(original, adjustments) -> str:
    """原计划 130 万人次；2026年6月调整为 135 万人次（原因：……）: the plan's figure and each
    change made to it since the target was published."""
    if original is None:
        return ""
    parts = [
        _("原计划 %(figure)s") % {"figure": figures.amount(original["figure"], original["unit"])}
    ]
    for entry, version in adjustments:
        values = {
            "month": texts.month_text(timezone.localtime(entry["date"]).date()),
            "figure": figures.amount(version["figure"], version["unit"]),
            "reason": entry["reason"],
        }
        if entry["reason"]:
            parts.append(_("%(month)s调整为 %(figure)s（原因：%(reason)s）") % values)
        else:
            parts.append(_("%(month)s调整为 %(figure)s") % values)
    sep, stop = ("; ", ".") if is_english() else ("；", "。")
    return sep.join(parts) + stop


def target_detail(request, code):
    queryset = Target.objects.select_related("sector__parent", "rule_category", "responsible_unit")
    target, preview = published_or_preview(request, queryset, code=code)
    as_of = timezone.localdate()
    counted = counted_total = None
    series = None
    if target.kind == TargetKind.PROJECTS:
        # The whole series in one query; its last value is the one the status is judged on.
        series = computed_series(target, as_of)
        progress = evaluate(target, as_of, [], computed=series[-1][1])
        qs = counted_projects(target, as_of).for_list().order_by("code")
        counted = list(qs[:COUNTED_LIMIT])
        # Always counted (one query), so the page costs the same with 10 or 10,000 projects.
        counted_total = qs.count()
    else:
        [progress] = evaluate_targets([target], as_of)
    points = chart_points(progress, series)
    related = list(target.related_projects.published().for_list().order_by("code")[:COUNTED_LIMIT])
    revisions = public_revisions(target)
    chart = target_chart(progress, points, english=is_english())
    table = chart_table(progress, points)
    current = attribute_figures(target, progress, table)
    context = {
        "title": f"{target.code} {target.display_title}",
        "description": target.wording,
        "target": target,
        "p": progress,
        "headline": texts.headline(progress),
        "awaiting_final": texts.awaiting_final(progress),
        "unconfirmed": texts.unconfirmed(progress),
        "lag": texts.lag_text(target) if target.kind in MEASURED_KINDS else "",
        "clock": _clock(progress) if chart and chart["cumulative"] else None,
        "rule_stages": [str(Stage(s).label) for s in target.rule_stages or [] if s in Stage.values],
        "preview": preview,
        "chart": chart,
        "table": table,
        "current_accountability": current,
        "attributed": target.kind != TargetKind.PROJECTS,
        "steps": progress.steps,
        "counted": counted,
        "counted_total": counted_total,
        "counted_query": counted_filter_query(target) if counted is not None else "",
        "related": related,
        "related_more": len(related) == COUNTED_LIMIT,
        "revisions": revisions["log"],
        "figure_history": revisions["figure"],
        "as_of": as_of,
    }
    return mark_preview(render(request, "projects/target_detail.html", context), preview)


def attribute_figures(target, progress, table) -> str:
    """Mark each measurement row (and milestone step) with who reported it and when it was
    approved, in one ledger query; return the line for the current figure. A target computed
    from project records has none: each project's page carries its own."""
    if target.kind == TargetKind.PROJECTS:
        return ""
    unit = target.responsible_unit
    if target.kind == TargetKind.MILESTONE:
        days = approval_days({"milestone": [step.pk for step in progress.steps]})
        for step in progress.steps:
            step.accountability = accountability(unit, days.get(("milestone", step.pk)))
        return accountability(unit, max(days.values())) if days else ""
    by_date = {m.date: m for m in progress.measurements}
    days = approval_days({"measurement": [m.pk for m in by_date.values()]})
    for row in table:
        m = by_date.get(row["date"])
        row["accountability"] = accountability(unit, days.get(("measurement", m.pk))) if m else ""
    latest = by_date.get(progress.value_date)
    return accountability(unit, days.get(("measurement", latest.pk))) if latest else ""


def _clock(progress) -> dict | None:
    """The share of the target's time gone on the day it was judged: a clock, not progress."""
    if progress.elapsed_percent is None:
        return None
    return {
        "percent": progress.elapsed_percent,
        "width": float(progress.elapsed_percent),
        "day": texts.day_text(texts.clock_day(progress), progress.as_of),
    }
