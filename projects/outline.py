"""The banner's outline (projects/data/kulun_outline.json) and whether a point lies in it.

The outline is simplified to within 200 m of the source border (see the file's properties and
scripts/make_outline.py), so a point is taken as in the banner when it lies inside the outline
or less than ``TOLERANCE_M`` outside it: that covers the simplification, and a point read off
a 高德 or 百度 map near the border (their coordinates are shifted by about 500 m, see README).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

OUTLINE_FILE = Path(__file__).resolve().parent / "data" / "kulun_outline.json"
TOLERANCE_M = 1000
EARTH_M = 6_371_008.8


@dataclass(frozen=True)
class Outline:
    ring: tuple[tuple[float, float], ...]  # (longitude, latitude), closed: last == first
    properties: dict

    @functools.cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north."""
        lons = [p[0] for p in self.ring]
        lats = [p[1] for p in self.ring]
        return min(lons), min(lats), max(lons), max(lats)

    @functools.cached_property
    def _local(self):
        # Flat metres about the middle latitude: the banner is ~90 km across, where the error
        # of this against a proper projection stays well under a metre per kilometre.
        _, south, _, north = self.bounds
        lat0 = math.radians((south + north) / 2)
        scale_x, scale_y = math.cos(lat0) * EARTH_M * math.pi / 180, EARTH_M * math.pi / 180
        ring = [(lon * scale_x, lat * scale_y) for lon, lat in self.ring]
        return scale_x, scale_y, ring

    def metres_outside(self, latitude: float, longitude: float) -> float:
        """0 for a point inside the outline, else its distance to the outline in metres."""
        scale_x, scale_y, ring = self._local
        x, y = float(longitude) * scale_x, float(latitude) * scale_y
        edges = list(itertools.pairwise(ring))
        inside = False
        for (x1, y1), (x2, y2) in edges:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        if inside:
            return 0.0
        return min(_to_segment(x, y, *a, *b) for a, b in edges)

    def contains(self, latitude, longitude, tolerance_m: float = TOLERANCE_M) -> bool:
        return self.metres_outside(latitude, longitude) <= tolerance_m


def _to_segment(x, y, x1, y1, x2, y2) -> float:
    dx, dy = x2 - x1, y2 - y1
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1)))
    return math.hypot(x - x1 - t * dx, y - y1 - t * dy)


@functools.cache
def outline() -> Outline:
    feature = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    ring = tuple((float(lon), float(lat)) for lon, lat in feature["geometry"]["coordinates"][0])
    return Outline(ring=ring, properties=feature["properties"])


def outside_message(latitude, longitude) -> str | None:
    """Why a point is refused as a project's place (in Chinese), or None if it is in the banner.
    Values outside ±90° / ±180° are the fields' own validators' to refuse."""
    if latitude is None or longitude is None:
        return None
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    metres = outline().metres_outside(latitude, longitude)
    if metres <= TOLERANCE_M:
        return None
    point = f"坐标（纬度 {_shown(latitude)}，经度 {_shown(longitude)}）"
    if metres > 100_000:  # the flat-earth distance means little that far away
        message = f"{point}远在库伦旗以外（相距 100 公里以上）。"
    else:
        km = f"{metres / 1000:.1f}" if metres < 10_000 else f"{metres / 1000:.0f}"
        message = (
            f"{point}在库伦旗旗界以外约 {km} 公里"
            f"（旗界外 {TOLERANCE_M // 1000} 公里以内仍算在旗内）。"
        )
    if 3 <= abs(latitude) <= 54 and 3 <= abs(longitude) <= 54:
        message += "经度像是纬度，是否两栏都填了纬度或把经纬度填反了？"
    message += "请核对经纬度（度分秒是否写对、是否填反）；不确定的请留空。"
    return message


def _shown(value) -> str:
    text = f"{value:f}" if not isinstance(value, float) else repr(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
