"""The banner drawn as SVG on the server, with projects placed on it by their coordinates.

Equirectangular: x is longitude scaled by the cosine of the banner's middle latitude, y is
latitude, so that across the banner (~100 km) a kilometre is as long east-west as north-south.
No tiles and no script: the page draws the outline, a mark per project and a scale bar. Each
stage has a colour and a shape of its own, so that colour is never the only cue.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from projects.models import Stage
from projects.outline import EARTH_M, outline

WIDTH = 600
PAD = 14
UNVERIFIED = ""  # a project whose stage is not known yet (blank stage)
KM = EARTH_M * math.pi / 180 / 1000  # kilometres in a degree of latitude


def _star(outer: float = 8.5, inner: float = 3.6) -> str:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        angle = math.pi * i / 5 - math.pi / 2
        points.append(f"{r * math.cos(angle):.1f} {r * math.sin(angle):.1f}")
    return "M" + "L".join(points) + "Z"


OUTLINE_STROKE = 'stroke="#1d1d1f" stroke-width="1"'
# Stage -> (colour, shape drawn about 0,0). Okabe–Ito colours, which stay apart for the common
# colour-vision deficiencies; the shapes tell the stages apart without colour at all.
MARKS = {
    Stage.RESERVE: ("#5f6368", '<circle r="5" fill="#fff" stroke="{c}" stroke-width="3"/>'),
    Stage.PREPARATION: (
        "#e69f00",
        '<rect x="-5.5" y="-5.5" width="11" height="11" fill="{c}" ' + OUTLINE_STROKE + "/>",
    ),
    Stage.NEW_START: ("#009e73", '<path d="M0-7.5L7 5H-7Z" fill="{c}" ' + OUTLINE_STROKE + "/>"),
    Stage.CONTINUING: ("#0072b2", '<circle r="6" fill="{c}" ' + OUTLINE_STROKE + "/>"),
    Stage.RESUMED: ("#56b4e9", '<path d="M0 7.5L7-5H-7Z" fill="{c}" ' + OUTLINE_STROKE + "/>"),
    Stage.COMPLETED: (
        "#cc79a7",
        '<path d="M0-7.5L7.5 0 0 7.5-7.5 0Z" fill="{c}" ' + OUTLINE_STROKE + "/>",
    ),
    Stage.OPERATING: ("#d55e00", f'<path d="{_star()}" fill="{{c}}" {OUTLINE_STROKE}/>'),
    Stage.SUSPENDED: (
        "#3d3d3d",
        '<path d="M-5-5L5 5M5-5L-5 5" fill="none" stroke="{c}" stroke-width="3.5"/>',
    ),
    UNVERIFIED: (
        "#5f6368",
        '<path d="M0-6.5V6.5M-6.5 0H6.5" fill="none" stroke="{c}" stroke-width="3.5"/>',
    ),
}
ORDER = [*Stage.values, UNVERIFIED]


@dataclass(frozen=True)
class Frame:
    """Where a longitude and latitude fall in the SVG's viewBox, fitted to the outline."""

    west: float
    north: float
    kx: float  # cos(middle latitude)
    scale: float  # viewBox units per degree of latitude
    width: float
    height: float

    def xy(self, latitude, longitude) -> tuple[float, float]:
        x = (float(longitude) - self.west) * self.kx * self.scale + PAD
        y = (self.north - float(latitude)) * self.scale + PAD
        return round(x, 1), round(y, 1)


@functools.cache
def frame() -> Frame:
    west, south, east, north = outline().bounds
    kx = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * PAD) / ((east - west) * kx)
    height = round((north - south) * scale + 2 * PAD)
    return Frame(west, north, kx, scale, WIDTH, height)


@functools.cache
def outline_path() -> str:
    f = frame()
    points = [f.xy(lat, lon) for lon, lat in outline().ring[:-1]]
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z"


def scale_bar(km: int = 20) -> dict:
    """A bar of *km* kilometres in the bottom right corner, where the outline leaves room."""
    f = frame()
    x2 = f.width - PAD
    y = f.height - PAD
    return {"x1": round(x2 - km * f.scale / KM, 1), "x2": x2, "y": y, "ty": y - 6, "km": km}


def mark_id(stage: str) -> str:
    return f"mk-{stage or 'unverified'}"


def defs(stages) -> list[tuple[str, str]]:
    """(id, shape) of the marks of *stages*, in stage order, to be drawn once in <defs>."""
    wanted = set(stages)
    return [
        (mark_id(s), mark_safe(MARKS[s][1].format(c=MARKS[s][0]))) for s in ORDER if s in wanted
    ]


def points(projects) -> list[dict]:
    """A mark for each project with coordinates: where it goes and which shape it takes."""
    f = frame()
    out = []
    for project in projects:
        if project.latitude is None or project.longitude is None:
            continue
        x, y = f.xy(project.latitude, project.longitude)
        out.append({"x": x, "y": y, "mark": mark_id(project.stage), "project": project})
    return out


def legend(projects) -> list[dict]:
    """Each stage found among *projects*, with its mark and how many there are."""
    counts = {}
    for project in projects:
        counts[project.stage] = counts.get(project.stage, 0) + 1
    labels = dict(Stage.choices)
    return [
        {"mark": mark_id(s), "stage": s, "label": labels.get(s), "count": counts[s]}
        for s in ORDER
        if s in counts
    ]


def cells(groups) -> list[dict]:
    """Circles for grouped projects ((latitude, longitude, count) of each group, the mean
    place of its projects): area in proportion to the count."""
    f = frame()
    most = max((n for _, _, n in groups), default=1)
    out = []
    for latitude, longitude, n in groups:
        x, y = f.xy(latitude, longitude)
        out.append({"x": x, "y": y, "r": round(3 + 13 * math.sqrt(n / most), 1), "n": n})
    # Large circles first, so that small ones stay visible on top of them.
    return sorted(out, key=lambda c: -c["r"])


def drawing(projects, groups) -> dict:
    """What the map template draws: the frame, the outline, a mark for each of *projects* that
    has coordinates, or a circle for each of *groups* ((latitude, longitude, count))."""
    f = frame()
    located = [p for p in projects if p.latitude is not None and p.longitude is not None]
    return {
        "width": f.width,
        "height": f.height,
        "outline": outline_path(),
        "scale": scale_bar(),
        "defs": defs(p.stage for p in located),
        "points": points(located),
        "legend": legend(located),
        "cells": cells(groups),
        "source": outline().properties,
        "mark_scale": 1,
        "font_size": 18,
        "ring": False,
    }


def project_place(project) -> dict | None:
    """The outline with the project's own mark, for its page; None without coordinates. The map
    is drawn small there, so the mark and the scale's words are drawn larger, and ringed."""
    if project.latitude is None or project.longitude is None:
        return None
    return {**drawing([project], []), "mark_scale": 2, "font_size": 28, "ring": True}
