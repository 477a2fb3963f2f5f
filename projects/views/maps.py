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

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.utils.translation import gettext as _

from projects.models import Level

from .map_places import PER_PAGE, SHOWN_FIELDS, drawn, summary
from .projects import SORTS, filtered_projects


def project_map(request):
    filters, qs = filtered_projects(request)
    counted = summary(qs)
    unplaced_last = Case(
        When(latitude__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    rows = (
        qs.select_related(None).only(*SHOWN_FIELDS).order_by(unplaced_last, *SORTS[filters.sort][2])
    )
    paginator = Paginator(rows, PER_PAGE)
    paginator.count = counted["total"]  # known from the groups: no second count
    page = paginator.get_page(request.GET.get("page"))
    shown = list(page.object_list)
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
        "placed_rows": [p for p in shown if p.latitude is not None],
        "unplaced_rows": [p for p in shown if p.latitude is None],
        "map": drawn(counted, shown),  # up to PER_PAGE, every project is on this one page
        **counted,
    }
    return render(request, "projects/project_map.html", context)
