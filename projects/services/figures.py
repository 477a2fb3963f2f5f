"""A value with its unit, written as a reader of the active language writes it.

The plan counts in 万 and 亿 (10^4, 10^8), which English does not: "130 10,000 visits" reads as
nonsense. In English the multiplier goes into the number and the Chinese unit becomes an English
noun: 130 万人次 is "1.3 million visits", 17 万亩 "170,000 mu", 170 万千瓦 "1.7 GW", 9.5 亿元
"950 million yuan". Chinese keeps the plan's form, "130 万人次".

A unit this module does not know is left as the plan wrote it, number unscaled ("12 万株"),
rather than guessed.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.dates import MONTHS

from projects.services import units

MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}

# English noun (singular, plural) for each counted thing, after any 万/亿 prefix is taken off.
NOUNS = {
    "人次": ("visit", "visits"),
    "亩": ("mu", "mu"),
    "个": ("project", "projects"),
    "项赛事": ("event", "events"),
    "元": ("yuan", "yuan"),
    "吨": ("tonne", "tonnes"),
    "人": ("person", "people"),
    "户": ("household", "households"),
    "家": ("company", "companies"),
    "公里": ("km", "km"),
    "倍": ("times", "times"),
}
MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)
HUNDREDTH = Decimal("0.01")


def english() -> bool:
    return (translation.get_language() or "").startswith("en")


def number(value) -> str:
    """A number as the plan writes it: 66, 64.6, 0.35; never 66.0000; no thousands mark."""
    text = f"{_hundredths(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value, unit: str, *, english_form: bool | None = None) -> str:
    """*value* in *unit* for the active language (or the one *english_form* names)."""
    if value is None:
        return "—"
    if english_form is None:
        english_form = english()
    unit = (unit or "").strip()
    if not english_form:
        if not unit:
            return number(value)
        return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"
    return english_amount(value, unit)


def value_unit(target) -> str:
    """The unit a target's values are written in: the baseline's for multiples and growth."""
    if target.kind in ("multiple", "growth") and target.baseline_unit:
        return target.baseline_unit
    return target.unit


def english_amount(value, unit: str) -> str:
    value = _hundredths(value)  # the same precision the Chinese form shows
    if unit == "%":
        return f"{number(value)}%"
    if not unit:
        return _english_number(value)
    if units.plain(unit) in units.KILOWATTS:
        return _power(value * units.KILOWATTS[units.plain(unit)])
    scale, noun = Decimal(1), unit
    if unit[0] in MULTIPLIERS and unit[1:] in NOUNS:
        scale, noun = MULTIPLIERS[unit[0]], unit[1:]
    if noun not in NOUNS:
        return f"{number(value)} {unit}"
    singular, plural = NOUNS[noun]
    scaled = value * scale
    return f"{_english_number(scaled)} {singular if scaled == 1 else plural}"


def _power(kilowatts: Decimal) -> str:
    """Capacity in the largest unit that keeps it short: 1.7 GW, 300 MW, 800 kW."""
    if kilowatts >= MILLION and _exact(kilowatts / MILLION):
        return f"{number(kilowatts / MILLION)} GW"
    if kilowatts >= 1000:
        return f"{_grouped(kilowatts / 1000)} MW"
    return f"{_grouped(kilowatts)} kW"


def _english_number(value: Decimal) -> str:
    """1.3 million, 950 million, 1.2 billion when that is exact; else 1,171,400 in full, so a
    sentence never shows two different figures as the same rounded one."""
    size = abs(value)
    if size >= BILLION and _exact(value / BILLION):
        return f"{number(value / BILLION)} billion"
    if size >= MILLION and _exact(value / MILLION):
        return f"{number(value / MILLION)} million"
    return _grouped(value)


def _grouped(value: Decimal) -> str:
    text = f"{_hundredths(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _exact(value: Decimal) -> bool:
    return value == value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _hundredths(value) -> Decimal:
    return Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def month(value: datetime.date, *, year: bool = False) -> str:
    """A month as the reader writes it: 10月 / October, 2026年6月 / June 2026 with the year."""
    if english():
        return f"{MONTHS[value.month]} {value.year}" if year else str(MONTHS[value.month])
    return f"{value.year}年{value.month}月" if year else f"{value.month}月"


def day(value: datetime.date, *, year: bool = False) -> str:
    """A day as the reader writes it: 10月31日 / 31 October, with the year when asked."""
    if english():
        text = f"{value.day} {MONTHS[value.month]}"
        return f"{text} {value.year}" if year else text
    text = f"{value.month}月{value.day}日"
    return f"{value.year}年{text}" if year else text
