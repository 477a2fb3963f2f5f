"""Recognising a file's header and units: which column each header names, in which unit.

Headers are compared without spaces, case, width or the unit in brackets: 总投资（万元）,
总投资(万元) and 总投资 are one column (``header_key``); a header on two rows (投资（万元） over
总投资) is one ``StackedHeader``. A unit in a header other than the recorded one, or a unit
line above the table (单位：亿元) that cannot apply, refuses the file; money stated in 亿元 or
元 is converted to the 万元 it is kept in (``money_scales``), never assumed.
"""

import re
import unicodedata
from decimal import Decimal

from projects.imports import values as v
from projects.imports.problems import FileProblem

BRACKETS = re.compile(r"\(([^)]*)\)")
# Other ways of writing a column's unit that mean the same (compared after ``unit_key``).
UNIT_SPELLINGS = {
    "万元": {"万元", "万元人民币", "人民币万元"},
    "%": {"%", "百分比", "百分数"},
}


def header_key(header) -> str:
    """How headers are compared: 总投资（万元）, 总投资(万元) and 总投资 are one column.

    The unit in brackets is left out here and checked on its own (``Column.wrong_unit``).
    """
    key = unicodedata.normalize("NFKC", str(header or "")).lower()
    key = BRACKETS.sub("", key)
    return re.sub(r"[\s_*:\-]+", "", key)  # spaces, underscores, required-field stars


def header_units(header) -> list[str]:
    """What a header says in brackets, half- or full-width: 总投资（亿元） -> ["亿元"]."""
    return [part.strip() for part in BRACKETS.findall(unicodedata.normalize("NFKC", str(header)))]


class StackedHeader(str):
    """A column headed on two rows, 投资（万元） over 总投资: reads as one text, 投资（万元）总投资,
    which is how messages name it; ``header_candidates`` knows the two parts."""

    def __new__(cls, upper, lower):
        text = super().__new__(cls, f"{str(upper).strip()}{str(lower).strip()}")
        text.upper, text.lower = str(upper).strip(), str(lower).strip()
        return text


# Upper cells that only group the columns under them (投资 over 总投资, 2026年计划): the lower
# cell may then name the column alone. A year or period above is a qualifier and never dropped.
GROUP_WORDS = {"投资", "金额", "资金", "投资额", "投资情况", "项目投资", "投资完成情况"}


def header_candidates(header) -> list[str]:
    """The keys a header may match, best first: 投资（万元）over 2026年计划 is tried as
    投资2026年计划, then 2026年计划投资, then (the upper cell being a group) 2026年计划."""
    keys = [header_key(header)]
    if isinstance(header, StackedHeader):
        upper = header_key(header.upper)
        keys.append(header_key(header.lower + header.upper))
        if not upper or upper in GROUP_WORDS or upper in header_key(header.lower):
            keys.append(header_key(header.lower))
    return keys


def columns_by_key(resource) -> dict:
    """Every way of heading a column of *resource* (``header_key``), to that column."""
    return {key: column for column in resource.columns() for key in column.header_keys()}


def find_column(header, by_key):
    """The column a file's header names (``by_key``: header key -> column), or None."""
    return next((by_key[key] for key in header_candidates(header) if key in by_key), None)


def unit_key(unit) -> str:
    """How units are compared: 万 元, 万元 and 单位：万元 are one unit."""
    key = "".join(unicodedata.normalize("NFKC", unit).split()).lower()
    return re.sub(r"^单位:?", "", key)


# What one unit of money written in a file is in 万元, the unit the money columns are kept in.
TO_WAN_YUAN = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
}
# The money fields keep two decimals: 0.01 万元 is 100 元.
MONEY_PLACES = Decimal("0.01")


def money_unit(unit) -> str:
    """A unit as written (人民币万元, 万 元), keyed for ``TO_WAN_YUAN``; money units end in 元."""
    return unit_key(unit).replace("人民币", "")


def is_money(column) -> bool:
    return unit_key(column.unit) in UNIT_SPELLINGS["万元"] if column.unit else False


def says_wan_yuan(header) -> bool:
    return any(unit_key(unit) in UNIT_SPELLINGS["万元"] for unit in header_units(header))


def to_wan_yuan(value, factor):
    if factor == 1 or not isinstance(value, Decimal):
        return value
    converted = value * factor
    if converted.as_tuple().exponent < -2:
        converted = converted.quantize(MONEY_PLACES)
    return converted


def money_scales(matched, statements) -> tuple[dict, str, str]:
    """How a unit stated outside the header applies to the money columns of a file.

    *matched* is the engine's (index, column, header) list, *statements* what the layout found
    (``layout.UnitStatement``). Returns (attribute -> factor to 万元, note for the preview,
    why the file is refused); a stated unit is never assumed to be 万元.
    """
    money = [(column, header) for _, column, header in matched if is_money(column)]
    unheaded = [header for column, header in money if not header_units(header)]
    loose = [s for s in statements if s.loose]
    statements = [s for s in statements if not s.loose]
    if not statements and loose and unheaded:
        return (
            {},
            "",
            (
                f"{loose[0].where()}写着“{loose[0].text}”，提到“{loose[0].units[0]}”，"
                f"但没有写明{_named(unheaded)}按什么单位填写。为免数值差错，整个文件未导入。"
                "请在表头上方写明金额单位（如“单位：万元”），或在列名中注明，如“总投资(万元)”。"
            ),
        )
    if not statements or not money:
        return {}, "", ""
    stated, other = {}, []
    for statement in statements:
        for unit in statement.units:
            if money_unit(unit).endswith("元"):
                stated.setdefault(money_unit(unit), statement)
            else:
                other.append(statement)
    if len(stated) > 1:
        names = "、".join(f"“{unit}”（{s.where()}）" for unit, s in stated.items())
        return (
            {},
            "",
            (
                f"文件中写了不止一个金额单位：{names}，看不出金额按哪一个填写。"
                "为免数值差错，整个文件未导入。请只保留一个金额单位后重新导入。"
            ),
        )
    if not stated:
        if not unheaded:
            return {}, "", ""
        return (
            {},
            "",
            (
                f"{other[0].where()}写着“{other[0].text}”，不是金额单位，看不出"
                f"{_named(unheaded)}按什么单位填写。为免数值差错，整个文件未导入。"
                "请写明金额单位（如“单位：万元”），或在列名中注明，如“总投资(万元)”。"
            ),
        )
    [(unit, statement)] = stated.items()
    if unit not in TO_WAN_YUAN:
        return (
            {},
            "",
            (
                f"{statement.where()}写着“{statement.text}”，“{unit}”无法换算为万元。"
                "为免数值差错，整个文件未导入。请把金额换算为万元、单位改为“单位：万元”后重新导入。"
            ),
        )
    headed = [header for column, header in money if says_wan_yuan(header)]
    if unit != "万元" and headed:
        return (
            {},
            "",
            (
                f"{statement.where()}写着“{statement.text}”，而{_named(headed)}的列名注明“万元”，"
                "两者矛盾。为免数值差错，整个文件未导入。请核对金额的实际单位，"
                "把单位行和列名改为一致后重新导入。"
            ),
        )
    if unit == "万元":
        return {}, "", ""
    factor = TO_WAN_YUAN[unit]
    rounding = "，保留两位小数" if factor < 1 else ""
    note = f"金额按“{unit}”读取，已换算为万元（{_named(unheaded)}{rounding}）。"
    return {column.attribute: factor for column, _ in money}, note, ""


def _named(headers) -> str:
    return "、".join(f"“{header}”" for header in headers) + "列"


def match_columns(resource, table, notes=None) -> list:
    """(cell index, column, header) for every known header. Columns the kind does not record
    (序号, 联系人, 备注) are skipped and named in *notes*; a repeated column, a missing key, a
    unit in a header other than the recorded one, or a unit line that cannot apply refuse."""
    by_key = columns_by_key(resource)
    matched, unknown, seen, wrong_units = [], [], {}, []
    for index, header in enumerate(table.headers):
        if v.is_blank(header):
            if any(index < len(cells) and not v.is_blank(cells[index]) for _, cells in table.rows):
                unknown.append(f"第 {index + 1} 列（没有列名）")
            continue
        column = find_column(header, by_key)
        if column is None:
            unknown.append(f"“{str(header).strip()}”")
        elif column.attribute in seen:
            twice = f"“{seen[column.attribute]}”和“{header}”"
            raise FileProblem(f"“{column.header}”列出现了两次（{twice}）。")
        else:
            seen[column.attribute] = header
            matched.append((index, column, str(header).strip()))
            written = column.wrong_unit(header)
            if written:
                wrong_units.append(
                    f"“{str(header).strip()}”列的单位是“{written}”，"
                    f"而系统中该列按“{column.unit}”记录"
                )
    if wrong_units:
        raise FileProblem(
            f"{'；'.join(wrong_units)}。为免数值差错，整个文件未导入。"
            "请把这些列的数值换算成系统记录的单位，并把列名改为模板中的列名后重新导入。"
        )
    missing = [resource.column(attr).header for attr in resource.key if attr not in seen]
    if missing:
        raise FileProblem(f"缺少必需的列：{'、'.join(missing)}。")
    _, unit_note, unit_problem = money_scales(matched, stated_units(table))
    if unit_problem:
        raise FileProblem(unit_problem)
    if notes is not None:
        if unknown:
            notes.append(
                f"以下列不是系统记录的内容，未导入：{'、'.join(unknown)}。"
                "如其中有要导入的数据，请把列名改为模板中的列名（见模板的“填写说明”）。"
            )
        if unit_note:
            notes.append(unit_note)
    return matched


def _units(table) -> list:
    """The units the file states outside its header (单位：亿元), as its layout found them."""
    layout = getattr(table, "layout", None)
    return layout.units if layout else []


def stated_units(table) -> list:
    """The units the file states outside its header (单位：亿元), as its layout found them."""
    layout = getattr(table, "layout", None)
    return layout.units if layout else []


def recorded_indexes(resource, table) -> list[int]:
    """The positions of the file's columns that name a column of *resource*."""
    by_key = columns_by_key(resource)
    return [
        index
        for index, header in enumerate(table.headers)
        if not v.is_blank(header) and find_column(header, by_key) is not None
    ]
