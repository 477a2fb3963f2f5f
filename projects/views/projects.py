"""Projects: the filtered, sorted, paginated list (and its CSV), and one project's page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.public import accountability, approval_days
from projects.models import (
    Category,
    Level,
    News,
    ProgressReport,
    Project,
    SearchKind,
    Sector,
    Stage,
    Target,
    TargetKind,
    localized,
)
from projects.search.results import matching
from projects.search.text import parse
from projects.services import map_svg
from projects.services.counting import counted_by
from projects.services.disclosure_status import reckon, status_of
from projects.services.progress import evaluate_targets, project_pace

from . import map_places
from .common import PAGE_SIZE, STALE_AFTER_DAYS, mark_preview, pick, published_or_preview

REPORTS_SHOWN = 100
# The stage filter's choice for projects whose stage nobody has verified yet (stage left blank).
UNVERIFIED = "unverified"
SORTS = {
    "code": ("项目编号", "Code", ["code"]),
    "name": ("项目名称", "Name", ["name", "code"]),
    "investment": (
        "总投资（从高到低）",
        "Investment, highest first",
        [F("total_investment").desc(nulls_last=True), "code"],
    ),
    "progress": (
        "形象进度（从高到低）",
        "Progress, highest first",
        [F("progress").desc(nulls_last=True), "code"],
    ),
    # A project is "updated" by a published progress report, not by any save of its record.
    "updated": (
        "最近更新",
        "Last updated",
        [F("last_reported_on").desc(nulls_last=True), "code"],
    ),
}


@dataclass
class ProjectFilters:
    """The list's filters, read from the query string; unknown values are ignored, not errors."""

    sectors: list
    categories: list
    townships: list
    sector: str = ""
    category: str = ""
    level: str = ""
    stages: list = field(default_factory=list)
    township: str = ""
    q: str = ""
    sort: str = "code"
    # (what was asked, the value) of filters given a value this list does not know: ignored,
    # and said so on the page rather than silently showing every project.
    unknown: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request) -> ProjectFilters:
        sectors = list(Sector.objects.select_related("parent"))
        categories = list(Category.objects.all())
        townships = list(
            Project.objects.published()
            .exclude(township="")
            .order_by("township")
            .values_list("township", flat=True)
            .distinct()
        )
        get = request.GET
        f = cls(sectors=sectors, categories=categories, townships=townships)
        slugs = {s.slug for s in sectors}
        f.sector = get.get("sector", "") if get.get("sector") in slugs else ""
        f.category = (
            get.get("category", "") if get.get("category") in {c.slug for c in categories} else ""
        )
        f.level = get.get("level", "") if get.get("level") in Level.values else ""
        f.stages = [s for s in get.getlist("stage") if s in Stage.values or s == UNVERIFIED]
        f.township = get.get("township", "") if get.get("township") in townships else ""
        f.q = get.get("q", "").strip()[:100]
        f.sort = get.get("sort", "") if get.get("sort") in SORTS else "code"
        asked = [
            (_("领域"), get.get("sector", ""), f.sector),
            (_("产业类别"), get.get("category", ""), f.category),
            (_("项目级别"), get.get("level", ""), f.level),
            (_("苏木镇（场）"), get.get("township", ""), f.township),
        ]
        f.unknown = [(label, value[:50]) for label, value, kept in asked if value and not kept]
        f.unknown += [
            (_("建设阶段"), s[:50]) for s in get.getlist("stage") if s and s not in f.stages
        ]
        return f

    @property
    def active(self) -> bool:
        return any([self.sector, self.category, self.level, self.stages, self.township, self.q])

    def sector_options(self) -> list[tuple[str, str, bool]]:
        """(slug, label, is_area) with each area followed by its sectors."""
        areas = sorted((s for s in self.sectors if not s.parent_id), key=lambda s: s.order)
        options = []
        for area in areas:
            options.append((area.slug, area.display_name, True))
            for child in self.sectors:
                if child.parent_id == area.pk:
                    options.append(
                        (child.slug, f"{area.display_name} · {child.display_name}", False)
                    )
        return options

    def apply(self, qs):
        if self.sector:
            chosen = next(s for s in self.sectors if s.slug == self.sector)
            ids = [chosen.pk] + [s.pk for s in self.sectors if s.parent_id == chosen.pk]
            qs = qs.filter(sector_id__in=ids)
        if self.category:
            qs = qs.filter(category__slug=self.category)
        if self.level:
            qs = qs.filter(level=self.level)
        if self.stages:
            known = [s for s in self.stages if s != UNVERIFIED]
            chosen = Q(stage__in=known)
            if UNVERIFIED in self.stages:
                chosen |= Q(stage="")
            qs = qs.filter(chosen)
        if self.township:
            qs = qs.filter(township=self.township)
        if self.q:
            # The site search's matching (projects.search): 风电项目 finds 120万千瓦风电基地.
            query = parse(self.q)
            found = matching(query, SearchKind.PROJECT).values("object_id") if query.ok else []
            qs = qs.filter(pk__in=found)
        return qs.order_by(*SORTS[self.sort][2])

    @staticmethod
    def stage_options() -> list[tuple[str, str]]:
        """Every stage, then 待核实 for the projects whose stage is not known yet."""
        return [*Stage.choices, (UNVERIFIED, _("待核实"))]

    def sort_options(self):
        return [(key, pick(zh, en)) for key, (zh, en, _) in SORTS.items()]


def filtered_projects(request):
    filters = ProjectFilters.from_request(request)
    return filters, filters.apply(Project.objects.published().for_list())


def project_list(request):
    filters, qs = filtered_projects(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("建设项目"),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "levels": Level.choices,
        "stages": filters.stage_options(),
        "stale_before": stale_before(),
        "overview": map_places.overview(qs, page.paginator.count),
    }
    return render(request, "projects/project_list.html", context)


def stale_before() -> datetime.date:
    """A project whose last published report is older than this day has not been updated for
    more than STALE_AFTER_DAYS; one with no report at all says so instead."""
    return timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)


def counted_targets(project, as_of):
    """Published targets computed from projects whose rule counts this project: the same rule
    (``projects.services.counting``) that makes their value."""
    if not project.is_published:
        return []
    computed = list(Target.objects.published().filter(kind=TargetKind.PROJECTS))
    ids = counted_by(project, computed, as_of)
    return [t for t in computed if t.pk in ids]


def disclosure_catalogue(project):
    """The project's published items in the eight categories, each disclosed one with its due
    date and lateness. Items are filtered on their own flag: the project itself was checked
    (published, or a staff preview of a draft, which then shows what would go public)."""
    items = list(project.disclosure_items.filter(is_published=True))
    for item in items:
        item.due_reckoned, item.late_reckoned = reckon(item)
        item.estimated = any(
            r is not None and r.estimated for r in (item.due_reckoned, item.late_reckoned)
        )
        item.document_kind = Path(item.document.name).suffix[1:].upper() if item.document else ""
        item.shown = [(label, value, element_kind(value, item)) for label, value in item.elements()]
    return status_of(items)


def element_kind(value, item) -> str:
    """How the template shows an element's value: a date, a sum, a link or plain text."""
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, Decimal):
        return "amount"
    if item.link and value == item.link:
        return "link"
    return "text"


def project_detail(request, code):
    queryset = Project.objects.for_list().select_related("responsible_unit")
    project, preview = published_or_preview(request, queryset, code=code)
    as_of = timezone.localdate()
    related = list(project.related_targets.published())
    counted = counted_targets(project, as_of)
    targets = {t.pk: t for t in [*counted, *related]}
    results = evaluate_targets(sorted(targets.values(), key=lambda t: (t.order, t.code)), as_of)
    counted_ids = {t.pk for t in counted}
    # The project itself is already checked (published, or a staff preview), so its published
    # reports are shown even in a preview.
    reports = list(
        ProgressReport.objects.filter(project=project, is_published=True).order_by("-date")[
            :REPORTS_SHOWN
        ]
    )
    # Who reported each figure and when it was approved: one ledger query for the whole page.
    days = approval_days({"project": [project.pk], "report": [r.pk for r in reports]})
    unit = project.responsible_unit
    for report in reports:
        report.accountability = accountability(unit, days.get(("report", report.pk)))
    context = {
        "title": project.display_name,
        "description": localized(project, "content")[:150],
        "accountability": accountability(unit, days.get(("project", project.pk))),
        "og_type": "article",
        "project": project,
        "preview": preview,
        "catalogue": disclosure_catalogue(project),
        "reports": reports,
        "reports_more": len(reports) == REPORTS_SHOWN,
        "targets": [(r, r.target.pk in counted_ids) for r in results],
        "news": list(News.objects.published().filter(projects=project)[:5]),
        "pace": project_pace(project, as_of),
        "stale": project.last_reported_on is not None and project.last_reported_on < stale_before(),
        "stale_days": STALE_AFTER_DAYS,
        "map": map_svg.project_place(project),
    }
    return mark_preview(render(request, "projects/project_detail.html", context), preview)
