"""网站地图: every public section on one server-rendered page, for people (not /sitemap.xml).

Two queries whatever the size of the plan: the published targets with their sectors, and the
frame's sample-data check.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from projects.views.targets import published_targets


def _targets_by_area(targets) -> list[dict]:
    """Published targets under their area (the top-level sector), both in their own order."""
    areas: dict[int, dict] = {}
    for target in targets:
        area = target.sector.parent or target.sector
        areas.setdefault(area.pk, {"area": area, "targets": []})["targets"].append(target)
    ordered = sorted(areas.values(), key=lambda a: (a["area"].order, a["area"].slug))
    for a in ordered:
        a["targets"].sort(key=lambda t: (t.sector.order, t.sector.slug, t.order, t.code))
    return ordered


def site_map(request):
    context = {
        "title": _("网站地图"),
        "areas": _targets_by_area(published_targets()),
    }
    return render(request, "projects/site_map.html", context)
