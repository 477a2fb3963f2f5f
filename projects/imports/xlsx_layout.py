"""What an XLSX sheet shows that its values alone do not: which sheet is active, hidden rows and
columns, percentage formats, and formulas saved without their result.

calamine reads the values fast but gives none of this, so the sheet XML is read once more, as a
stream (10,000 rows x 12 columns in a fraction of a second). The files come from outside: a DTD
is refused before parsing, as no spreadsheet writer uses one and entities are how XML bombs work.
"""

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from django.conf import settings

from projects.imports.problems import FileProblem, column_letter

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT_NS = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Excel's built-in percentage formats: 0% and 0.00%.
PERCENT_FORMATS = {9, 10}
# In a format code, "…" and \x are shown as written: 0.0"%" is not a percentage format.
LITERALS = re.compile(r'"[^"]*"|\\.')
# A formula whose result is text may be saved with an empty result; that is a value ("").
TEXT_RESULTS = {"str", "s", "inlineStr"}
TRUE = {"1", "true"}
# Unzipped size of one part, and of all parts together: a 20,000-row sheet of 40 columns is
# about 60 MB of XML. Beyond these a small upload could take the worker's memory or minutes.
MAX_PART_BYTES = 96 * 1024 * 1024
MAX_UNZIPPED_BYTES = 160 * 1024 * 1024
# The widest table read. calamine holds a sheet as a full grid, rows x columns, so one stray
# cell far to the right or far down would make it gigabytes; offices' tables have < 60 columns.
MAX_COLUMNS = 200
# Spotting a cell in column 209 (HA) or beyond without reading every reference: three letters,
# or two beginning with H-Z.
WIDE_CELL = re.compile(rb"""\sr\s*=\s*["']\$?(?:[A-Z]{3}|[H-Z][A-Z])\$?\d""")
# The same, for the way every writer spells it (r="A1"): a literal start is found at memory speed.
WIDE_CELL_USUAL = re.compile(rb"""r=["'](?:[A-Z]{3}|[H-Z][A-Z])\d""")
UNUSUAL_SPACING = re.compile(rb"r[ \t\r\n]+=|r=[ \t\r\n]")
LAST_ROW = re.compile(rb"""<(?:[\w.-]+:)?row\b[^>]*?\br\s*=\s*["'](\d+)["']""")
ROWS_AROUND = 1000
TOO_BIG = "这个 Excel 文件解压后过大，请分成几个文件导入。"

DAMAGED = (
    "无法读取这个 Excel 文件，它可能已损坏或不是 .xlsx 格式。"
    "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。"
)


@dataclass
class SheetEntry:
    name: str
    path: str
    hidden: bool


@dataclass
class Layout:
    hidden_rows: set[int] = field(default_factory=set)
    # (first, last) column numbers, 1-based, as <col min max hidden="1"> gives them
    hidden_column_spans: list[tuple[int, int]] = field(default_factory=list)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)

    def column_hidden(self, number: int) -> bool:
        return any(first <= number <= last for first, last in self.hidden_column_spans)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_part(book: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = book.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise FileProblem(TOO_BIG)
        return book.read(name)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise FileProblem(DAMAGED) from error
    except (NotImplementedError, RuntimeError, ValueError) as error:
        # An unknown compression method, an encrypted member, a damaged header.
        raise FileProblem(DAMAGED) from error


def _part(book: zipfile.ZipFile, name: str) -> bytes:
    data = read_part(book, name)
    _refuse_dtd(data)
    return data


def _refuse_dtd(head: bytes) -> None:
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileProblem(
            "这个 Excel 文件含有不允许的 XML 声明，请在 Excel 或 WPS 中另存后再导入。"
        )


def _parse(data: bytes):
    try:
        return fromstring(data)
    except ParseError as error:
        raise FileProblem(DAMAGED) from error


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relations(book: zipfile.ZipFile, part: str) -> dict[str, str]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in book.namelist():
        return {}
    root = _parse(_part(book, rels))
    return {
        rel.get("Id", ""): _target(part, rel.get("Target", ""))
        for rel in root.iter(f"{PACKAGE_REL_NS}Relationship")
    }


def workbook_part(book: zipfile.ZipFile) -> str:
    for target in _relations(book, "").values():
        if target.endswith(".xml") and "workbook" in posixpath.basename(target).lower():
            return target
    return "xl/workbook.xml"


def sheets(book: zipfile.ZipFile) -> tuple[list[SheetEntry], int]:
    """The worksheets in tab order with their XML parts, and the index of the active tab."""
    part = workbook_part(book)
    root = _parse(_part(book, part))
    relations = _relations(book, part)
    entries = []
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        entries.append(
            SheetEntry(
                name=element.get("name", ""),
                path=relations.get(rel_id, ""),
                hidden=element.get("state", "visible") != "visible",
            )
        )
    active = 0
    for element in root.iter():
        if _local(element.tag) == "workbookView":
            active = _int(element.get("activeTab"), 0)
            break
    return entries, active


def check_archive(book: zipfile.ZipFile) -> None:
    """Refuse a zip that unpacks to far more than any office file, before anything is read."""
    limit = getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", MAX_UNZIPPED_BYTES)
    if sum(info.file_size for info in book.infolist()) > limit:
        raise FileProblem(TOO_BIG)


def check_extent(data: bytes, name: str, max_rows: int) -> None:
    """Refuse a sheet with a cell beyond *max_rows* or MAX_COLUMNS before calamine reads it."""
    unusual = UNUSUAL_SPACING.search(data) is not None
    if (WIDE_CELL if unusual else WIDE_CELL_USUAL).search(data):
        check_extent_numbers(name, 0, MAX_COLUMNS + 1, max_rows)
    # Rows are written in order: the last row element is the lowest one, near the end.
    end = data.rfind(b"sheetData")
    end = end if end > 0 else len(data)
    for window in (1024 * 1024, len(data)):
        found = list(LAST_ROW.finditer(data, max(end - window, 0), end))
        if found:
            check_extent_numbers(name, int(found[-1].group(1)), 0, max_rows)
            break


def check_extent_numbers(name: str, last_row: int, last_column: int, max_rows: int) -> None:
    """Refuse a sheet reaching beyond MAX_COLUMNS, or *max_rows* with room for titles and notes."""
    if last_column > MAX_COLUMNS:
        raise FileProblem(
            f"工作表“{name}”有内容在第 {MAX_COLUMNS} 列以右（可能是误填的单元格），"
            f"最多读取 {MAX_COLUMNS} 列。请删除多余的列后重新导入。"
        )
    if last_row > max_rows + ROWS_AROUND:
        raise FileProblem(
            f"工作表“{name}”的第 {last_row} 行还有内容，而一个文件最多 {max_rows} 行数据。"
            "请删除表格下方多余的内容，或分成几个文件导入。"
        )


class XlsxBook:
    """The active sheet and a sheet's layout, the same questions asked of .xls and .ods."""

    def __init__(self, book: zipfile.ZipFile, max_rows: int):
        self.zip = book
        check_archive(book)
        self.entries, self.active_index = sheets(book)
        # Kept for the layout scan: unzipping a 20,000-row sheet twice costs a tenth of a second.
        self.parts = {}
        for entry in self.entries:
            if entry.path and entry.path in book.namelist():
                self.parts[entry.path] = _part(book, entry.path)
                check_extent(self.parts[entry.path], entry.name, max_rows)

    def active(self) -> str | None:
        if 0 <= self.active_index < len(self.entries):
            return self.entries[self.active_index].name
        return None

    def layout(self, name: str) -> Layout:
        entry = next((entry for entry in self.entries if entry.name == name), None)
        if entry is None or not entry.path:
            raise FileProblem(DAMAGED)
        data = self.parts.get(entry.path) or _part(self.zip, entry.path)
        return scan_sheet(data, percent_styles(self.zip))


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def percent_styles(book: zipfile.ZipFile) -> set[int]:
    """Indexes into cellXfs (a cell's ``s``) whose number format shows a percentage."""
    name = next((n for n in book.namelist() if n.lower().endswith("styles.xml")), None)
    if name is None:
        return set()
    root = _parse(_part(book, name))
    codes = {}
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            codes[_int(element.get("numFmtId"), -1)] = element.get("formatCode") or ""
    percent = set()
    for element in root.iter():
        if _local(element.tag) != "cellXfs":
            continue
        for index, xf in enumerate(element):
            format_id = _int(xf.get("numFmtId"), 0)
            code = LITERALS.sub("", codes.get(format_id, ""))
            if format_id in PERCENT_FORMATS or "%" in code:
                percent.add(index)
        break
    return percent


def _cell_column(reference: str | None, position: int) -> int:
    if not reference:
        return position
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number or position


def scan_sheet(data: bytes, percent: set[int]) -> Layout:
    """Hidden rows and columns and percentage cells of a sheet (its XML, *data*); refuses
    formulas saved without their result and error values, which calamine reads as empty."""
    layout = _byte_scan(data, percent)
    if layout is None:
        # Comments, CDATA or cells without a reference: the slower, general parse.
        layout = _tree_scan(data, percent)
    return layout


def check_cell(layout: Layout, row: int, column: int, kind, value, formula: bool) -> None:
    if row in layout.hidden_rows or layout.column_hidden(column):
        return
    where = f"第 {row} 行第 {column_letter(column)} 列"
    if kind in ("e", b"e"):
        shown = value.decode(errors="replace") if isinstance(value, bytes) else value
        raise FileProblem(f"{where}是错误值（{shown or '#错误'}），请在 Excel/WPS 中改正后再导入。")
    if formula and not value and kind not in TEXT_RESULTS and kind not in TEXT_RESULT_BYTES:
        raise FileProblem(
            f"{where}是公式，但文件中没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入。"
        )


# The byte scan: every "<" in well-formed XML outside comments and CDATA starts a tag, so the
# tags that matter can be found directly, without building an element for every cell.
PREFIX = rb"<(?:[\w.-]+:)?"
ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*["']([^"']*)["']""")
CELL_START = re.compile(PREFIX + rb"c\s([^>]*?)/?>")
CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")
COLUMN = re.compile(PREFIX + rb"col\s([^>]*)>")
HIDDEN_ROW = re.compile(PREFIX + rb"""row\s([^>]*?\bhidden\s*=\s*["'](?:1|true)["'][^>]*)>""")
ERROR_CELL = re.compile(PREFIX + rb"""c\s([^>]*?\bt\s*=\s*["']e["'][^>]*?)/?>""")
FORMULA = re.compile(PREFIX + rb"f\b")
# "f" before a space, ">" or "/" is rare in a sheet's XML and found at memory speed, unlike the
# "<" that starts every tag: each such place is then checked for a formula element.
FORMULA_HINT = re.compile(rb"f[\s>/]")
VALUE = re.compile(PREFIX + rb"v>([^<]*)<")
REFERENCE = re.compile(rb"\$?([A-Z]{1,3})\$?(\d+)")
TEXT_RESULT_BYTES = {kind.encode() for kind in TEXT_RESULTS}
TRUE_BYTES = {b"1", b"true"}


def _where(attributes: bytes) -> tuple[int, int] | None:
    reference = dict(ATTRIBUTE.findall(attributes)).get(b"r", b"")
    match = REFERENCE.fullmatch(reference)
    if match is None:
        return None
    return int(match.group(2)), _cell_column(match.group(1).decode(), 0)


def _cell_around(data: bytes, position: int) -> bytes | None:
    """The attributes of the <c> start tag that holds *position* or is the tag just before it."""
    match = CELL_START.match(data, data.rfind(b"<", 0, position + 1))
    return match.group(1) if match else None


def _formulas(data: bytes, body: int):
    """The formula elements (<f>, <x:f t="shared"/>) after position *body*."""
    for hint in FORMULA_HINT.finditer(data, body):
        start = data.rfind(b"<", body, hint.start())
        match = FORMULA.match(data, start) if start >= 0 else None
        if match is not None and match.end() == hint.start() + 1:
            yield match


def _byte_scan(data: bytes, percent: set[int]) -> Layout | None:
    if b"<!--" in data or b"<![CDATA[" in data:
        return None
    layout = Layout()
    body = max(data.find(b"sheetData"), 0)
    for match in COLUMN.finditer(data, 0, body):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        if attributes.get(b"hidden") in TRUE_BYTES:
            first = _int(attributes.get(b"min"), 0)
            layout.hidden_column_spans.append((first, _int(attributes.get(b"max"), first)))
    if b"hidden" in data:
        for match in HIDDEN_ROW.finditer(data, body):
            number = dict(ATTRIBUTE.findall(match.group(1))).get(b"r", b"")
            if not number.isdigit():
                return None
            layout.hidden_rows.add(int(number))
    if percent:
        ids = b"|".join(str(index).encode() for index in sorted(percent))
        styled = re.compile(rb"""\ss\s*=\s*["'](?:""" + ids + rb""")["']""")
        for match in styled.finditer(data, body):
            attributes = _cell_around(data, match.start())
            if attributes is None:
                continue  # a row's style, not a cell's
            where = _where(attributes)
            if where is None:
                return None
            layout.percent_cells.add(where)
    if b'"e"' in data or b"'e'" in data:
        for match in ERROR_CELL.finditer(data, body):
            where = _where(match.group(1))
            if where is None:
                return None
            value = VALUE.match(data, match.end())
            check_cell(layout, *where, b"e", value.group(1) if value else b"", False)
    for match in _formulas(data, body):
        attributes = _cell_around(data, match.start() - 1)
        end = CELL_END.search(data, match.end())
        where = _where(attributes) if attributes is not None else None
        if where is None or end is None:
            return None
        value = VALUE.search(data, match.end(), end.end())
        kind = dict(ATTRIBUTE.findall(attributes)).get(b"t")
        check_cell(layout, *where, kind, value.group(1) if value else b"", True)
    return layout


def _tree_scan(data: bytes, percent: set[int]) -> Layout:
    layout = Layout()
    head = data[:4096]
    namespace = STRICT_NS if STRICT_NS[1:-1].encode() in head else MAIN_NS
    if namespace[1:-1].encode() not in head:
        namespace = ""
    row_tag, col_tag = f"{namespace}row", f"{namespace}col"
    cell_tags = (f"{namespace}c", f"{namespace}f", f"{namespace}v")
    row_number = 0
    try:
        for _, element in iterparse(io.BytesIO(data)):
            tag = element.tag
            if tag == row_tag:
                row_number = _int(element.get("r"), row_number + 1)
                if element.get("hidden") in TRUE:
                    layout.hidden_rows.add(row_number)
                else:
                    _scan_row(element, row_number, layout, percent, cell_tags)
                element.clear()
            elif tag == col_tag and element.get("hidden") in TRUE:
                first = _int(element.get("min"), 0)
                layout.hidden_column_spans.append((first, _int(element.get("max"), first)))
    except ParseError as error:
        raise FileProblem(DAMAGED) from error
    return layout


def _scan_row(row, number, layout, percent, cell_tags) -> None:
    cell_tag, formula_tag, value_tag = cell_tags
    for position, cell in enumerate(row, start=1):
        if cell.tag != cell_tag:
            continue
        column = _cell_column(cell.get("r"), position)
        style = cell.get("s")
        if style is not None and percent and _int(style, -1) in percent:
            layout.percent_cells.add((number, column))
        kind = cell.get("t")
        formula = cell.find(formula_tag) is not None
        if kind == "e" or formula:
            value = cell.find(value_tag)
            check_cell(
                layout, number, column, kind, value.text if value is not None else "", formula
            )
