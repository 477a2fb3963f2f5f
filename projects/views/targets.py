"""Targets: the list grouped by area and sector, and one target with its evidence."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Comparison, Stage, Target, TargetKind
from projects.services.progress import STATUS_ORDER, counted_projects, evaluate_targets, fmt

from .charts import chart_table, target_chart
from .common import is_english, mark_preview, published_or_preview

COUNTED_LIMIT = 50
# What a reader needs to know changed in a commitment, and how the page names each field.
REVISED_FIELDS = {
    "wording": ("原文表述", "Wording"),
    "figure": ("计划数", "Figure"),
    "unit": ("单位", "Unit"),
    "baseline": ("2025年基数", "2025 baseline"),
    "start": ("起始日期", "Start"),
    "deadline": ("截止日期", "Deadline"),
    "comparison": ("比较方式", "Comparison"),
}


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


def _show(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if field == "comparison" and value in Comparison.values:
        return str(Comparison(value).label)
    return str(value)


def public_revisions(target) -> list[dict]:
    """Changes to the published commitment, oldest first, from the target's history.

    Edits made while the target was still a draft are preparation, not revisions of a public
    promise, so a change counts only when the version before it was published.
    """
    fields = list(REVISED_FIELDS)
    versions = list(
        target.history.order_by("history_date", "history_id").values(
            "history_date", "history_change_reason", "is_published", *fields
        )
    )
    english = is_english()
    revisions = []
    for before, after in itertools.pairwise(versions):
        if not before["is_published"]:
            continue
        changes = [
            {
                "field": REVISED_FIELDS[f][1 if english else 0],
                "before": _show(f, before[f]),
                "after": _show(f, after[f]),
            }
            for f in fields
            if before[f] != after[f]
        ]
        if changes:
            revisions.append(
                {
                    "date": after["history_date"],
                    "reason": after["history_change_reason"] or "",
                    "changes": changes,
                }
            )
    return revisions


def target_detail(request, code):
    queryset = Target.objects.select_related("sector__parent", "rule_category")
    target, preview = published_or_preview(request, queryset, code=code)
    as_of = timezone.localdate()
    [progress] = evaluate_targets([target], as_of)
    counted = counted_total = None
    if target.kind == TargetKind.PROJECTS:
        qs = counted_projects(target, as_of).for_list().order_by("code")
        counted = list(qs[:COUNTED_LIMIT])
        # Always counted (one query), so the page costs the same with 10 or 10,000 projects.
        counted_total = qs.count()
    related = list(target.related_projects.published().for_list().order_by("code")[:COUNTED_LIMIT])
    steps = progress.steps
    context = {
        "title": f"{target.code} {target.display_title}",
        "description": target.wording,
        "target": target,
        "p": progress,
        "rule_stages": [str(Stage(s).label) for s in target.rule_stages or [] if s in Stage.values],
        "preview": preview,
        "chart": target_chart(progress, english=is_english()),
        "table": chart_table(progress),
        "steps": steps,
        "counted": counted,
        "counted_total": counted_total,
        "counted_query": counted_filter_query(target) if counted is not None else "",
        "related": related,
        "related_more": len(related) == COUNTED_LIMIT,
        "revisions": public_revisions(target),
        "as_of": as_of,
    }
    return mark_preview(render(request, "projects/target_detail.html", context), preview)
