"""Latitude and longitude (经纬度) as staff write them, read as decimal degrees (6 places).

Accepted: decimal degrees (42.73, 42.73°), degrees-minutes-seconds (42°44′12″, 42°44'12",
42° 44′ 12.5″, 42度44分12秒) and degrees with decimal minutes (42°44.2′, 42度44.2分), each with
N/S/E/W before or after, or 北纬/南纬/东经/西经 in front. A plain decimal is always decimal
degrees: 42.4412 is 42.4412°, never 42°44′12″ packed into a number.

Refused with a reason (``BadValue``): anything that cannot be read one way only: numbers
separated by spaces alone (42 44 12), a comma (42,73: decimal comma, or both values in one
cell?), a longitude written in the latitude column or the other way round (121°46′30″E as a
latitude, or a latitude of 121.77), a hemisphere that contradicts itself, minutes or seconds
of 60 or more. Whether the point lies in the banner is the model's check (``Project.clean``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from projects.imports.values import EMPTY_MARKS, BadValue, _is_number

PLACES = Decimal("0.000001")
EXAMPLES = {
    "latitude": "42.73、42°44′12″N、42度44分12秒、北纬42°44.2′",
    "longitude": "121.77、121°46′30″E、121度46分30秒、东经121°46.5′",
}
# What staff are told wherever coordinates are entered (import template, admin form).
HOW = (
    "保存为小数度（6 位小数）；小数一律按度读取（42.4412 是 42.4412°，不是 42°44′12″）。"
    "坐标按 GPS 或测绘成果（WGS-84）填写，高德、百度地图上取的坐标有约 500 米偏移；"
    "点须在库伦旗境内（旗界外 1 公里以内可以）。"
)
NAMES = {"latitude": "纬度", "longitude": "经度"}
LIMITS = {"latitude": 90, "longitude": 180}
# What a value of the other kind looks like in China: a "latitude" of 73–135 is a longitude.
OTHER_RANGE = {"latitude": (73, 135), "longitude": (3, 54)}
HEMISPHERES = {
    "北纬": ("latitude", 1),
    "南纬": ("latitude", -1),
    "东经": ("longitude", 1),
    "西经": ("longitude", -1),
    "N": ("latitude", 1),
    "S": ("latitude", -1),
    "E": ("longitude", 1),
    "W": ("longitude", -1),
}
# Marks for degrees, minutes and seconds as typed on Chinese and Western keyboards; the
# Chinese quotes (’ ”) are what an IME gives for ' and ".
MARKS = str.maketrans(
    {
        "º": "°", "˚": "°", "度": "°",
        "′": "'", "’": "'", "‘": "'", "´": "'", "`": "'", "分": "'",
        "″": '"', "”": '"', "“": '"', "秒": '"',
    }
)  # fmt: skip
HEMISPHERE = r"(北纬|南纬|东经|西经|[NSEW])"
PATTERN = re.compile(
    rf"^{HEMISPHERE}?:?([+-])?(\d+(?:\.\d+)?)(?:°(?:(\d+(?:\.\d+)?)(?:'(?:(\d+(?:\.\d+)?)\"?)?)?)?)?"
    rf"{HEMISPHERE}?$"
)
SPACED_NUMBERS = re.compile(r"\d[\s\u3000]+\d")


def latitude(value) -> Decimal | None:
    return read(value, "latitude")


def longitude(value) -> Decimal | None:
    return read(value, "longitude")


def read(value, kind: str) -> Decimal | None:
    """*value* (text or a spreadsheet number) as decimal degrees of *kind*, or None if empty."""
    if value is None:
        return None
    if _is_number(value):
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        return _checked(number, kind, value)
    written = str(value).strip()
    raw = _normalised(written)
    if raw in EMPTY_MARKS:
        return None
    if SPACED_NUMBERS.search(unicodedata.normalize("NFKC", written)):
        raise BadValue(
            f"“{written}”中的数字之间只有空格，无法确定哪是度、哪是分秒。请写明单位，例如 "
            f"{EXAMPLES[kind]}。"
        )
    if "," in raw or "，" in written or ";" in raw:
        raise BadValue(
            f"“{written}”含逗号或分号。{NAMES[kind]}一栏只填{NAMES[kind]}（纬度和经度分开填写），"
            f"小数点请用“.”，例如 {EXAMPLES[kind]}。"
        )
    match = PATTERN.match(raw)
    if not match:
        raise BadValue(f"“{written}”不是可识别的{NAMES[kind]}。可写 {EXAMPLES[kind]}。")
    before, sign, degrees, minutes, seconds, after = match.groups()
    factor = _hemisphere(written, kind, before, after, sign)
    number = Decimal(degrees)
    if minutes is not None:
        if number != number.to_integral_value() or (
            seconds is not None and Decimal(minutes) != Decimal(minutes).to_integral_value()
        ):
            raise BadValue(
                f"“{written}”中只有最后一项可带小数（如 42°44′12.5″ 或 42°44.2′），"
                "前面的度、分须为整数。"
            )
        parts = [Decimal(minutes), Decimal(seconds or 0)]
        if any(part >= 60 for part in parts):
            raise BadValue(f"“{written}”中的分和秒须小于 60，请核对。")
        number += parts[0] / 60 + parts[1] / 3600
    return _checked(number * factor, kind, written)


def _normalised(written: str) -> str:
    text = written.translate(MARKS)
    text = unicodedata.normalize("NFKC", text).upper()
    # NFKC turns ″ into two primes and ＂ into "; two single marks in a row are seconds.
    text = text.replace("′", "'").replace("''", '"')
    return "".join(text.split())


def _hemisphere(written, kind, before, after, sign) -> int:
    marks = [HEMISPHERES[m] for m in (before, after) if m]
    if len(marks) == 2 and marks[0] != marks[1]:
        raise BadValue(f"“{written}”前后标注的方向不一致，请只保留一个，例如 {EXAMPLES[kind]}。")
    if not marks:
        return -1 if sign == "-" else 1
    if sign:
        raise BadValue(f"“{written}”既有正负号又标注了方向，请只用其中一种。")
    marked_kind, factor = marks[0]
    if marked_kind != kind:
        other = NAMES[marked_kind]
        raise BadValue(
            f"“{written}”标注的是{other}，却填在{NAMES[kind]}一栏：是否把纬度和经度填反了？"
            f"请把它填到{other}一栏。"
        )
    return factor


def _checked(number: Decimal, kind: str, written) -> Decimal:
    limit = LIMITS[kind]
    if abs(number) > limit:
        low, high = OTHER_RANGE[kind]
        other = "经度" if kind == "latitude" else "纬度"
        hint = (
            f"“{written}”像是{other}：是否把纬度和经度填反了？请核对后分别填写。"
            if low <= abs(number) <= high
            else "请核对。"
        )
        raise BadValue(f"{NAMES[kind]}须在 -{limit}° 到 {limit}° 之间；{hint}")
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)
