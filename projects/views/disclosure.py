"""The public side of the 94号 disclosure catalogue: every project's completeness and timeliness
(/disclosure/ and its CSV), and the documents of public items."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.query_params import QUERY_PARAMETERS, canonical
from projects.disclosure import METADATA, DisclosureCategory, ItemState
from projects.models import DisclosureItem, Project, Sector, Unit
from projects.services import workdays
from projects.services.disclosure_status import status_for, statuses

from . import downloads
from .common import PAGE_SIZE
from .data import FORMATS, write_csv
from .datasets import _url_maker

COMPLETE = "complete"
INCOMPLETE = "incomplete"


@dataclass
class DisclosureFilters:
    """The list's filters from the query string; unknown values are ignored, not errors."""

    sectors: list
    units: list
    sector: str = ""
    unit: str = ""
    completeness: str = ""
    late: bool = False
    q: str = ""

    @classmethod
    def from_request(cls, request) -> DisclosureFilters:
        sectors = list(Sector.objects.select_related("parent"))
        units = list(
            Unit.objects.filter(projects__is_published=True).distinct().order_by("order", "name")
        )
        get = request.GET
        f = cls(sectors=sectors, units=units)
        f.sector = get.get("sector", "") if get.get("sector") in {s.slug for s in sectors} else ""
        f.unit = get.get("unit", "") if get.get("unit") in {str(u.pk) for u in units} else ""
        chosen = get.get("completeness", "")
        f.completeness = chosen if chosen in (COMPLETE, INCOMPLETE) else ""
        f.late = get.get("late", "") == "1"
        f.q = get.get("q", "").strip()[:100]
        return f

    @property
    def active(self) -> bool:
        return any([self.sector, self.unit, self.completeness, self.late, self.q])

    def sector_options(self) -> list[tuple[str, str]]:
        """Each area followed by its sectors, as on the project list."""
        options = []
        for area in sorted((s for s in self.sectors if not s.parent_id), key=lambda s: s.order):
            options.append((area.slug, area.display_name))
            for child in self.sectors:
                if child.parent_id == area.pk:
                    options.append((child.slug, f"{area.display_name} · {child.display_name}"))
        return options

    @staticmethod
    def completeness_options() -> list[tuple[str, str]]:
        return [(COMPLETE, _("全部公开")), (INCOMPLETE, _("有缺项"))]

    def projects(self):
        qs = Project.objects.published().select_related("sector__parent", "responsible_unit")
        if self.sector:
            chosen = next(s for s in self.sectors if s.slug == self.sector)
            ids = [chosen.pk] + [s.pk for s in self.sectors if s.parent_id == chosen.pk]
            qs = qs.filter(sector_id__in=ids)
        if self.unit:
            qs = qs.filter(responsible_unit_id=int(self.unit))
        if self.q:
            qs = qs.filter(
                Q(name__icontains=self.q) | Q(name_en__icontains=self.q) | Q(code__icontains=self.q)
            )
        return qs.order_by("code")

    def counted(self):
        """The chosen projects, filtered in the database on whether their published items
        answer every category (disclosed, withheld or not applicable) and whether any went
        public after its due date: a page of 10,000 projects reads only its 20."""
        qs = self.projects()
        published = DisclosureItem.objects.filter(is_published=True)
        if self.completeness:
            answered = (
                published.values("project")
                .annotate(n=Count("category", distinct=True))
                .filter(n=len(DisclosureCategory.values))
                .values("project")
            )
            if self.completeness == COMPLETE:
                qs = qs.filter(pk__in=answered)
            else:
                qs = qs.exclude(pk__in=answered)
        if self.late:
            late = published.filter(
                project=OuterRef("pk"), state=ItemState.DISCLOSED, published_on__gt=F("due_on")
            )
            qs = qs.filter(Exists(late))
        return qs

    def rows(self) -> list[tuple[Project, object]]:
        """(project, status) of every chosen project: two queries however many there are."""
        projects = list(self.counted())
        found = statuses(self.counted().values("pk"))
        return [(p, status_for(found, p.pk)) for p in projects]


def with_status(projects) -> list[tuple[Project, object]]:
    found = statuses([p.pk for p in projects])
    return [(p, status_for(found, p.pk)) for p in projects]


def disclosure_list(request):
    filters = DisclosureFilters.from_request(request)
    page = Paginator(filters.counted(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_status(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("信息公开目录"),
        "description": _("各重大建设项目按国办发〔2017〕94号八类信息的公开情况和公开时效。"),
        "filters": filters,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query": query.urlencode(),
        "metadata": METADATA,
        "proactive_days": workdays.PROACTIVE_DAYS,
        "licence_days": workdays.LICENCE_DAYS,
    }
    return render(request, "projects/disclosure_list.html", context)


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class CsvColumns:
    columns: list


def csv_columns() -> CsvColumns:
    return CsvColumns(
        [
            Column("code", _("项目编号")),
            Column("name", _("项目名称")),
            Column("responsible_unit", _("责任单位")),
            Column("covered", _("已公开类别数")),
            Column("applicable", _("应公开类别数")),
            Column("not_applicable", _("不适用类别数")),
            Column("missing", _("暂未公开的类别")),
            Column("on_time", _("按时公开条数")),
            Column("late", _("逾期公开条数")),
            Column("most_late", _("最长逾期（工作日）")),
            Column("unknown", _("公开日期未记录条数")),
            Column("url", _("项目页面")),
        ]
    )


def csv_rows(request, rows):
    url = _url_maker(request, "projects:project_detail")
    for project, status in rows:
        t = status.timeliness
        yield {
            "code": project.code,
            "name": project.display_name,
            "responsible_unit": (
                project.responsible_unit.display_name if project.responsible_unit else ""
            ),
            "covered": status.covered,
            "applicable": status.applicable,
            "not_applicable": status.not_applicable,
            "missing": "；".join(status.missing_labels),
            "on_time": t.on_time,
            "late": t.late,
            "most_late": t.most_late if t.late else None,
            "unknown": t.unknown,
            "url": url(project.code),
        }


def disclosure_csv(request):
    """The list as filtered, built once per version and filter (like the project list's)."""
    query = canonical(request.GET, QUERY_PARAMETERS["projects:disclosure_csv"])

    def build(out):
        request.GET = query  # what the file was named after is what it holds
        rows = DisclosureFilters.from_request(request).rows()
        write_csv(csv_columns(), csv_rows(request, rows), out)

    return downloads.serve(
        request,
        variant=f"disclosure|{query.urlencode()}",
        stem="disclosure",
        fmt="csv",
        content_type=FORMATS["csv"],
        build=build,
    )


def document(request, code, pk):
    """A public item's document; 404 for anything not public, for everyone (staff use the
    admin), so a draft's file is never reachable by its address."""
    item = get_object_or_404(
        DisclosureItem.objects.published().select_related("project"),
        pk=pk,
        project__code=code,
        state=ItemState.DISCLOSED,
    )
    if not item.document:
        raise Http404
    suffix = Path(item.document.name).suffix.lower()
    try:
        opened = item.document.storage.open(item.document.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.types_map.get(suffix, "application/octet-stream")
    response = FileResponse(
        opened,
        content_type=content_type,
        as_attachment=False,
        filename=f"{item.project.code}-{item.matter or 'document'}{suffix}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Ask again each time: an item taken down must not be served from a browser's copy.
    response["Cache-Control"] = "no-cache"
    return response
