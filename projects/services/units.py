"""Power units a capacity may be written in, so that 300 MW and 30 万千瓦 add up."""

from decimal import Decimal

from django.db.models import Value
from django.db.models.functions import Lower, Replace

# Kilowatts in one of each unit, under the spellings offices use (compared without spaces
# and case, the same way in Python and in SQL).
KILOWATTS = {
    "千瓦": 1,
    "kw": 1,
    "兆瓦": 1_000,
    "mw": 1_000,
    "万千瓦": 10_000,
    "万kw": 10_000,
    "吉瓦": 1_000_000,
    "gw": 1_000_000,
}


def plain(unit: str) -> str:
    return (unit or "").replace(" ", "").lower()


def plain_unit_sql(field: str = "capacity_unit"):
    return Lower(Replace(field, Value(" "), Value("")))


def factor(unit: str, target_unit: str) -> Decimal | None:
    """How many *target_unit* one *unit* makes; None when the two cannot be compared."""
    have, want = plain(unit), plain(target_unit)
    if have == want:
        return Decimal(1)
    if have in KILOWATTS and want in KILOWATTS:
        return Decimal(KILOWATTS[have]) / Decimal(KILOWATTS[want])
    return None


def spellings(target_unit: str) -> list[str]:
    """Every plain spelling that converts to *target_unit*."""
    want = plain(target_unit)
    return list(KILOWATTS) if want in KILOWATTS else [want]
