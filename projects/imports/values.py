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
COMPACT_DATE = re.compile(r"(20\d{2})(\d{2})(\d{2})")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


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
    """A stable code (项目编号, 指标编号, 标识); never one that Excel has turned into a float."""
    if value is None:
        return ""
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
    """A percentage written as 85, 85% or 85％: all mean eighty-five per cent."""
    if isinstance(value, str):
        raw = normalise(value)
        if raw.endswith("%"):
            raw = raw[:-1]
            if raw in EMPTY_MARKS:
                raise BadValue(f"“{value}”不是有效的百分数。")
        value = raw
    return decimal(value)


def has_percent_sign(value) -> bool:
    """Whether a cell was written as a percentage (92%, ９２％, or a percent-formatted Excel
    cell, which ``files`` reads as "92%")."""
    return isinstance(value, str) and normalise(value).endswith("%")


def date(value) -> datetime.date | None:
    """A date as 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301 or an Excel date."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if _is_number(value):
        # A date cell whose format was lost: Excel counts days from 1899-12-30.
        if 1 <= value < 2958466 and value == int(value):
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise BadValue(f"“{value}”不是日期，请按 2026-03-01 的格式填写。")
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if normalise(raw) in EMPTY_MARKS:
        return None
    raw = TIME_TAIL.sub("", raw).strip()
    match = DATE.fullmatch(raw) or COMPACT_DATE.fullmatch(raw)
    if not match:
        raise BadValue(
            f"“{value}”不是可识别的日期，请按 2026-03-01、2026/3/1 或 2026年3月1日 的格式填写。"
        )
    year, month, day = (int(part) for part in match.groups()[:3])
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise BadValue(f"日期“{value}”不存在，请核对年、月、日。") from error


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
