"""The projects of a filtered list placed on the banner's outline, for the map page and for the
small map under the project list.

Up to ``PER_PAGE`` projects each is a mark of its own; beyond that (10,000 sample projects would
make a page of megabytes) they are grouped in grid cells of about 8 by 9 km, counted by the
database. Projects without coordinates are counted, never placed anywhere.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Count, F
from django.db.models.functions import Floor

from projects.services import map_svg

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


def summary(qs) -> dict:
    """How many projects of *qs* there are and how many have coordinates; their grid cells."""
    groups = place_groups(qs)
    placed_groups = [g for g in groups if g["row"] is not None and g["col"] is not None]
    total = sum(g["n"] for g in groups)
    placed = sum(g["n"] for g in placed_groups)
    return {
        "total": total,
        "placed": placed,
        "unplaced": total - placed,
        "one_by_one": total <= PER_PAGE,
        "per_page": PER_PAGE,
        "cells": [(g["lat"], g["lon"], g["n"]) for g in placed_groups],
    }


def drawn(counted: dict, projects) -> dict:
    """Each of *projects* its own mark up to ``PER_PAGE`` of them; grid cells beyond."""
    if counted["one_by_one"]:
        return map_svg.drawing(projects, [])
    return map_svg.drawing([], counted["cells"])


def overview(qs, total: int) -> dict:
    """The small map under the project list, whose *total* the list has counted already: one
    query, for the places of the projects when there are few enough to draw each, else for the
    counts by cell."""
    if total > PER_PAGE:
        counted = summary(qs)
        return {**counted, "map": drawn(counted, [])}
    places = qs.select_related(None).filter(latitude__isnull=False).only(*SHOWN_FIELDS)
    projects = list(places.order_by("code"))
    counted = {
        "total": total,
        "placed": len(projects),
        "unplaced": total - len(projects),
        "one_by_one": True,
        "per_page": PER_PAGE,
        "cells": [],
    }
    return {**counted, "map": drawn(counted, projects)}
