"""Reading cell values the way county offices write them in Excel, WPS and CSV files.

Every parser takes what a file gives (a string from CSV, or an int, float, datetime or string
from XLSX) and returns a Python value, or raises ``BadValue`` with a reason in Chinese that staff
can act on. Free text is kept as written (only trimmed); codes, numbers, dates and choices are
normalised first, so full-width digits and punctuation (１，２３４．５、２０２６年３月１日) read
the same as their ASCII forms.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Export prefixes cells that a spreadsheet would run as a formula with an apostrophe (CWE-1236);
# a re-import strips it again so an exported file comes back unchanged. XLSX files turn a
# carriage return into a line feed, hence the extra "\n" when taking the guard off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARDED_STARTS = (*FORMULA_STARTS, "\n")

# What staff write in a number or date cell to mean "nothing yet".
EMPTY_MARKS = {"", "-", "--", "—", "——", "/", "无", "暂无"}

# \u3000 is the ideographic (full-width) space; \xa0 comes from copying out of web pages.
SPACES = re.compile(r"[\s\u3000\xa0]+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
# Digits alone in a date cell: a year (2026), a month (202603) or a day (20260315) typed
# without separators. Excel would store 2026 as day 2026 after 1899-12-30, a date in 1905.
DIGITS_ONLY = re.compile(r"\d{4}|\d{6}|\d{8}")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Plan dates outside these years are typing slips (1926, 2206), never real plan dates.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
HOW_TO_WRITE_DATES = "请按 2026-03-01、2026/3/1 或 2026年3月1日 的格式填写，或把单元格设为日期格式"

# The explicit mark that clears a stored value; an empty cell never does (it keeps the value).
CLEAR_MARKS = {"(清空)"}
# What offices write in the code column of a project that has no code yet: never a code.
PLACEHOLDER_CODES = {
    *EMPTY_MARKS,
    "---",
    "–",
    "－",
    "待定",
    "待编",
    "待编号",
    "待分配",
    "待补充",
    "待定编号",
    "暂无编号",
    "无编号",
    "未编号",
    "新项目",
    "新增",
    "新增项目",
    "新建",
    "新",
    "tbd",
    "n/a",
    "na",
    "none",
    "null",
    "?",
    "？",
}


class BadValue(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise(value) -> str:
    """Half-width forms of full-width characters, without any spaces."""
    value = str(value)
    if not value.isascii():  # the common ASCII case needs no normalising (and it is hot)
        value = unicodedata.normalize("NFKC", value)
    # str.split() splits at every Unicode space, \u3000 and \xa0 included.
    return "".join(value.split())


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and SPACES.sub("", value) == "")


def is_empty_mark(value) -> bool:
    """An empty number or date cell, or one saying "nothing yet" (—, 无, /)."""
    return is_blank(value) or (isinstance(value, str) and normalise(value) in EMPTY_MARKS)


def is_clear_mark(value) -> bool:
    """Whether a cell says （清空）: clear the stored value (an empty cell keeps it)."""
    return isinstance(value, str) and "清空" in value and normalise(value) in CLEAR_MARKS


def is_placeholder_code(value) -> bool:
    """待定, —, 新项目, TBD and the like: a code cell that names no code yet."""
    if is_blank(value):
        return True
    return isinstance(value, str) and normalise(value).lower() in PLACEHOLDER_CODES


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def text(value) -> str:
    """Free text as written, trimmed, with the export's formula guard taken off again."""
    if value is None:
        return ""
    if _is_number(value):
        return number_text(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return date(value).isoformat()
    value = str(value).strip().strip("\u3000\xa0").replace("\r\n", "\n")
    if len(value) > 1 and value[0] == "'" and value[1] in GUARDED_STARTS:
        value = value[1:].strip()
    return value


def number_text(value) -> str:
    """A number from a spreadsheet as a person would type it: 12 rather than 12.0."""
    if isinstance(value, float):
        value = Decimal(format(value, ".15g"))
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def code(value) -> str:
    """A stable code (项目编号, 指标编号, 标识); never one that Excel has turned into a float,
    nor a placeholder such as 待定 or —, which would otherwise become a record's code."""
    if is_blank(value):
        return ""
    if is_placeholder_code(value):
        raise BadValue(
            f"“{str(value).strip()}”不是编号，请填写已有记录的编号"
            "（新建指标、领域时请先定好编号再填写）。"
        )
    if _is_number(value):
        # Excel keeps 15 significant digits: anything longer, or with a fraction, is mangled.
        if isinstance(value, float) and (value != int(value) or abs(value) >= 1e15):
            raise BadValue(
                "编号被 Excel 当成了数字，可能已经失真。请把该列设为“文本”格式后重新填写编号。"
            )
        return str(int(value))
    result = normalise(value)
    if len(result) > 1 and result[0] == "'" and result[1] in FORMULA_STARTS:
        result = result[1:]
    if SCIENTIFIC.fullmatch(result):
        raise BadValue(
            f"“{result}”是 Excel 的科学计数法，原编号已经丢失。"
            "请把该列设为“文本”格式后重新填写完整编号。"
        )
    return result


def upper_code(value) -> str:
    """A project or target code: upper case by convention (KL2026-001, T01), so kl2026-001
    written by hand names the same project instead of creating a second one."""
    return code(value).upper()


def decimal(value) -> Decimal | None:
    """A number such as 1234.5, 1,234.50, １，２３４．５ or a spreadsheet number."""
    if value is None:
        return None
    if _is_number(value):
        # 15 significant digits drop the binary noise of spreadsheet sums (0.1 + 0.2).
        return Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    raw = normalise(value)
    if raw in EMPTY_MARKS:
        return None
    cleaned = raw.replace(",", "")
    if not NUMBER.fullmatch(cleaned) or raw.startswith(",") or ",," in raw:
        raise BadValue(f"“{value}”不是有效的数字，请只填写数字，例如 1234.5 或 1,234.5。")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules this out
        raise BadValue(f"“{value}”不是有效的数字。") from error


def percent(value) -> Decimal | None:
    """A percentage written as 85, 85% or 85％: all mean eighty-five per cent.

    A plain 0.9 or 1 is refused (``ambiguous_share``): it may be a share (90%) as much as
    0.9%. A percent-formatted Excel cell reaches here as "90%" text and is not ambiguous.
    """
    number = measure(value)
    if not has_percent_sign(value):
        ambiguous_share(number)
    return number


def measure(value) -> Decimal | None:
    """A number that may carry a % sign (92% is 92); whether 0.9 is ambiguous depends on
    what is measured, so the caller decides (``ambiguous_share``)."""
    if isinstance(value, str):
        raw = normalise(value)
        if raw.endswith("%"):
            raw = raw[:-1]
            if raw in EMPTY_MARKS:
                raise BadValue(f"“{value}”不是有效的百分数。")
        value = raw
    return decimal(value)


def ambiguous_share(number: Decimal | None) -> None:
    """Refuse 0 < x <= 1 written without %: is 0.9 ninety per cent or 0.9 per cent?"""
    if number is None or not 0 < number <= 1:
        return
    shown = number_text(number)
    hundred = number_text(number * 100)
    raise BadValue(f"“{shown}”是 {hundred}% 还是 {shown}%？请写成 {hundred} 或 {hundred}%。")


def has_percent_sign(value) -> bool:
    """Whether a cell was written as a percentage (92%, ９２％, or a percent-formatted Excel
    cell, which ``files`` reads as "92%")."""
    return isinstance(value, str) and normalise(value).endswith("%")


def date(value) -> datetime.date | None:
    """A date as 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日 or an Excel date, in 2000..2100.

    Digits alone (2026, 202603, 20260315) are refused rather than guessed at: read as an Excel
    day number, 2026 would be a day in 1905.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _in_range(value.date(), value)
    if isinstance(value, datetime.date):
        return _in_range(value, value)
    if _is_number(value):
        if value == int(value) and DIGITS_ONLY.fullmatch(str(int(value))):
            _refuse_digits(str(int(value)))
        # A date cell whose format was lost: Excel counts days from 1899-12-30.
        if 1 <= value < 2958466 and value == int(value):
            day = EXCEL_EPOCH + datetime.timedelta(days=int(value))
            return _in_range(day, number_text(value))
        raise BadValue(f"“{number_text(value)}”不是日期，{HOW_TO_WRITE_DATES}。")
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if normalise(raw) in EMPTY_MARKS:
        return None
    raw = TIME_TAIL.sub("", raw).strip()
    if DIGITS_ONLY.fullmatch(normalise(raw)):
        _refuse_digits(normalise(raw))
    match = DATE.fullmatch(raw)
    if not match:
        raise BadValue(f"“{value}”不是可识别的日期，{HOW_TO_WRITE_DATES}。")
    year, month, day = (int(part) for part in match.groups())
    try:
        found = datetime.date(year, month, day)
    except ValueError as error:
        raise BadValue(f"日期“{value}”不存在，请核对年、月、日。") from error
    return _in_range(found, value)


def _refuse_digits(digits: str) -> None:
    if len(digits) == 4:
        what = "只有年份"
    elif len(digits) == 6:
        what = "只有年份和月份"
    else:
        what = "是一串数字，没有分隔符"
    raise BadValue(f"“{digits}”{what}，不是完整的日期。{HOW_TO_WRITE_DATES}。")


def _in_range(day: datetime.date, written) -> datetime.date:
    if FIRST_DAY <= day <= LAST_DAY:
        return day
    shown = written.isoformat()[:10] if hasattr(written, "isoformat") else written
    raise BadValue(
        f"日期“{shown}”不在 2000-01-01 到 2100-12-31 之间，可能填错了年份，请核对后重新填写。"
    )


TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "已发布", "发布", "已勾选"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "✗", "未发布", "不发布", "未勾选", ""}


def boolean(value) -> bool:
    """是/否 and the other ways a yes or no gets written; an empty cell means 否."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    word = normalise(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadValue(f"“{value}”应填写“是”或“否”。")


def choice_names(choices, synonyms=None) -> dict[str, str]:
    """Every way of writing each choice (label, stored value, synonym) -> the stored value."""
    names = {normalise(word).lower(): stored for word, stored in (synonyms or {}).items()}
    for stored, label in choices:
        names[normalise(stored).lower()] = stored
        names[normalise(label).lower()] = stored
    return names


def choice(value, names: dict[str, str], allowed: str) -> str:
    """The stored value of a choice written as its Chinese label or its English value.

    *names* comes from ``choice_names``; *allowed* lists the labels for the error message.
    """
    if is_blank(value):
        return ""
    word = normalise(value).lower()
    if word in names:
        return names[word]
    raise BadValue(f"“{value}”不是可选的值，可填：{allowed}。")


LIST_SEPARATORS = re.compile(r"[、,;，；\s]+")


def items(value) -> list[str]:
    """A list written in one cell: T01、T02 or T01, T02 or T01;T02."""
    if is_blank(value):
        return []
    parts = LIST_SEPARATORS.split(unicodedata.normalize("NFKC", str(value)))
    return [part for part in parts if part]
