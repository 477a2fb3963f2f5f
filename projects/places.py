"""The townships (苏木镇、场) of Kulun Banner: the one list that imports and the admin form use.

The list follows the banner's published administrative divisions (five 镇, two 苏木, one 乡);
the banner office should confirm it, and add a farm or forestry centre (场) here if a project
lies in one. A township is written in many ways (库伦镇人民政府, 库伦镇政府, 库伦, 库伦旗库伦镇):
``township`` reads every such form as the one stored name, and refuses a name not on the list.
"""

import unicodedata

TOWNSHIPS = [
    "库伦镇",
    "扣河子镇",
    "白音花镇",
    "六家子镇",
    "额勒顺镇",
    "茫汗苏木",
    "先进苏木",
    "水泉乡",
]

BANNER = "库伦旗"
# Longest first: 人民政府 before 政府.
OFFICE_SUFFIXES = ("人民政府", "政府")
KIND_SUFFIXES = ("苏木", "镇", "乡", "场")


class UnknownTownship(ValueError):
    """A name that is not one of ``TOWNSHIPS``; the message lists them, in Chinese."""

    def __init__(self, written: str):
        self.message = (
            f"“{written}”不是库伦旗的苏木镇（场）。可填：{'、'.join(TOWNSHIPS)}"
            "（也可写“库伦镇人民政府”“库伦”等）；不清楚的请留空。"
        )
        super().__init__(self.message)


def bare_name(written, prefixes=(BANNER,)) -> str:
    """A place or office's name without spaces, the banner in front or the office behind:
    库伦旗库伦镇人民政府 -> 库伦镇. *prefixes* are tried longest first; one is taken off."""
    name = "".join(unicodedata.normalize("NFKC", str(written or "")).split())
    for prefix in prefixes:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    for suffix in OFFICE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _base(name: str) -> str:
    for suffix in KIND_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# 库伦 -> 库伦镇, 茫汗 -> 茫汗苏木. A name with the wrong kind (库伦乡) is not read as one.
_BY_BASE = {_base(name): name for name in TOWNSHIPS}


def township(written) -> str:
    """The stored name of the township *written* names; "" for an empty cell."""
    if written is None or not str(written).strip():
        return ""
    name = bare_name(written)
    found = name if name in TOWNSHIPS else _BY_BASE.get(name)
    if found is None:
        raise UnknownTownship(str(written).strip())
    return found
