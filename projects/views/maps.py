"""The project map: the list's filtered projects placed on the banner's outline.

The map takes the list's filters (``filtered_projects``), and shows every matching project, not
one page of them. Up to ``PER_PAGE`` projects each is a mark of its own, a link to its page,
and the list below the map names them all. Beyond that (10,000 sample projects would make a
page of megabytes) the map draws circles for the projects grouped in grid cells of about 8 by
9 km, counted by the database, and the list below goes in pages. Projects without coordinates are
counted and listed as such, never placed anywhere. Besides the filters' choices, two queries
whatever the number of projects: the counts by cell, and the page of projects.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Avg, Case, Count, F, IntegerField, Value, When
from django.db.models.functions import Floor
from django.shortcuts import render
from django.utils.translation import gettext as _

from projects.models import Level
from projects.services import map_svg

from .projects import SORTS, filtered_projects

PER_PAGE = 60
GRID_LAT, GRID_LON = Decimal("0.08"), Decimal("0.1")  # ~8.9 km by ~8.2 km at 42.8°N
SHOWN_FIELDS = ("code", "name", "name_en", "stage", "township", "latitude", "longitude")


def place_groups(qs) -> list[dict]:
    """(row, col, n, lat, lon) per grid cell; projects without coordinates in the None cell."""
    return list(
        qs.order_by()  # an ordering would join the GROUP BY
        .annotate(row=Floor(F("latitude") / GRID_LAT), col=Floor(F("longitude") / GRID_LON))
        .values("row", "col")
        .annotate(n=Count("pk"), lat=Avg("latitude"), lon=Avg("longitude"))
    )


def project_map(request):
    filters, qs = filtered_projects(request)
    groups = place_groups(qs)
    placed_groups = [g for g in groups if g["row"] is not None and g["col"] is not None]
    total = sum(g["n"] for g in groups)
    placed = sum(g["n"] for g in placed_groups)
    unplaced_last = Case(
        When(latitude__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    rows = (
        qs.select_related(None).only(*SHOWN_FIELDS).order_by(unplaced_last, *SORTS[filters.sort][2])
    )
    paginator = Paginator(rows, PER_PAGE)
    paginator.count = total  # known from the groups: no second count
    page = paginator.get_page(request.GET.get("page"))
    shown = list(page.object_list)
    one_by_one = total <= PER_PAGE
    cells = [(g["lat"], g["lon"], g["n"]) for g in placed_groups]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": _("项目地图"),
        "filters": filters,
        "levels": Level.choices,
        "stages": filters.stage_options(),
        "query": query.urlencode(),
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2),
        "total": total,
        "placed": placed,
        "unplaced": total - placed,
        "one_by_one": one_by_one,
        "per_page": PER_PAGE,
        "placed_rows": [p for p in shown if p.latitude is not None],
        "unplaced_rows": [p for p in shown if p.latitude is None],
        "map": map_svg.drawing(shown, []) if one_by_one else map_svg.drawing([], cells),
    }
    return render(request, "projects/project_map.html", context)
