"""The .xls files that reporting systems write as text: an HTML table, or Excel's XML
Spreadsheet 2003. Excel and WPS open both as workbooks, so offices send them as such.

HTML is read with the standard library's parser; rowspan and colspan are merged cells. The XML is
parsed only after a DTD has been refused (no spreadsheet writer uses one; entities are how XML
bombs and external-file tricks work).
"""

import datetime
import re
from html.parser import HTMLParser
from xml.etree.ElementTree import ParseError, fromstring

from projects.imports.problems import FileProblem, column_letter, max_rows
from projects.imports.workbooks import GUIDE_SHEET, RawSheet, ReadSheet, assemble, choose
from projects.imports.workbooks import header_score as score_rows
from projects.imports.xlsx_layout import MAX_COLUMNS, check_extent_numbers

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
X = "{urn:schemas-microsoft-com:office:excel}"
XML_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"
CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
SPACE = re.compile(r"\s+")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
LITERALS = re.compile(r'"[^"]*"|\\.')
BREAK = "\x00"
TABLE_TAG = re.compile(rb"<table\b", re.IGNORECASE)
DECLARED = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([\w.-]+)(["'])""")


def read_office_text(data: bytes, known_headers) -> ReadSheet | None:
    """The chosen sheet of an HTML or XML 2003 file; ``None`` for anything else (CSV)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") and XML_2003 in data[:4096]:
        sheets, active = _xml_sheets(data)
    elif head.startswith(b"<") and TABLE_TAG.search(data):
        sheets, active = _html_sheets(_decode(data)), None
    else:
        return None
    candidates = [sheet for sheet in sheets if sheet.name != GUIDE_SHEET]
    visible = [sheet.name for sheet in candidates if not sheet.hidden]
    if not visible:
        raise FileProblem("文件里没有可读取的表格。")
    by_name = {sheet.name: sheet for sheet in candidates}
    name = choose(visible, active, lambda name: score_rows(by_name[name].rows, known_headers))
    others = [sheet.name for sheet in sheets if sheet.name not in (name, GUIDE_SHEET)]
    return assemble(by_name[name], others)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = CHARSET.search(data[:4096])
    candidates = ["utf-8", "gb18030"]
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.insert(0, "gb18030" if name in {"gb2312", "gbk", "gb18030"} else name)
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FileProblem("无法识别文件的文字编码。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")


class _Tables(HTMLParser):
    """Top-level tables as grids; a table nested in a cell is read as that cell's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sheets: list[RawSheet] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.row_hidden = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.sheets.append(RawSheet(name=f"表格{len(self.sheets) + 1}"))
                self.taken: set[tuple[int, int]] = set()
            return
        if self.depth != 1:
            if tag == "br" and self.cell is not None:
                self.cell.append(BREAK)
            return
        if tag == "tr":
            self._end_cell()
            sheet = self.sheets[-1]
            check_extent_numbers(sheet.name, len(sheet.rows) + 1, 0, max_rows())
            sheet.rows.append([])
            if HIDDEN_STYLE.search(attributes.get("style") or ""):
                sheet.hidden_rows.add(len(sheet.rows))
        elif tag in ("td", "th"):
            self._end_cell()
            if not self.sheets[-1].rows:
                self.sheets[-1].rows.append([])
            self.cell = []
            self.spans = (_span(attributes.get("rowspan")), _span(attributes.get("colspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append(BREAK)

    def handle_endtag(self, tag):
        if tag == "table":
            if self.depth == 1:
                self._end_cell()
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th", "tr"):
            self._end_cell()

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def _end_cell(self):
        if self.cell is None:
            return
        text = SPACE.sub(" ", "".join(self.cell)).replace(BREAK, "\n").strip(" ")
        self.cell = None
        sheet = self.sheets[-1]
        row = len(sheet.rows) - 1
        column = 0
        while (row, column) in self.taken:
            column += 1
        rows_down, across = self.spans
        name = sheet.name
        # A title merged across the whole width holds one text: only its first cell is a cell.
        across = min(across, MAX_COLUMNS)
        check_extent_numbers(name, row + 1, column + 1, max_rows())
        if len(self.taken) > MAX_TAKEN:
            raise FileProblem(
                f"表格“{name}”的合并单元格过多，请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
            )
        for down in range(rows_down):
            for right in range(across):
                self.taken.add((row + down, column + right))
        cells = sheet.rows[row]
        cells.extend([None] * (column + 1 - len(cells)))
        cells[column] = text or None
        if rows_down > 1 or across > 1:
            sheet.merges.append(((row, column), (row + rows_down - 1, column + across - 1)))


# Cells of the grid covered so far, spans included: far beyond any office table's.
MAX_TAKEN = 2_000_000


def _span(value) -> int:
    try:
        return min(max(int(value), 1), 1000)
    except (TypeError, ValueError):
        return 1


def _html_sheets(text: str) -> list[RawSheet]:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    if parser.sheets:
        parser._end_cell()
    return parser.sheets


def _xml_sheets(data: bytes) -> tuple[list[RawSheet], str | None]:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FileProblem(
            "这个文件含有不允许的 XML 声明，请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
        )
    data = _as_utf8(data)
    try:
        root = fromstring(data)
    except ParseError as error:
        raise FileProblem(
            "无法读取这个 XML 表格文件，它可能已损坏。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
        ) from error
    percent = set()
    for style in root.iter(f"{SS}Style"):
        number_format = style.find(f"{SS}NumberFormat")
        shown = "" if number_format is None else number_format.get(f"{SS}Format", "")
        if shown.lower() == "percent" or "%" in LITERALS.sub("", shown):
            percent.add(style.get(f"{SS}ID"))
    sheets = [_xml_sheet(sheet, percent) for sheet in root.iter(f"{SS}Worksheet")]
    active_tab = root.find(f"{X}ExcelWorkbook/{X}ActiveSheet")
    active = None
    if active_tab is not None and (active_tab.text or "").strip().isdigit():
        index = int(active_tab.text)
        active = sheets[index].name if index < len(sheets) else None
    return sheets, active


def _xml_sheet(element, percent: set) -> RawSheet:
    sheet = RawSheet(name=element.get(f"{SS}Name", ""))
    options = element.find(f"{X}WorksheetOptions/{X}Visible")
    sheet.hidden = options is not None and "Hidden" in (options.text or "")
    table = element.find(f"{SS}Table")
    if table is None:
        return sheet
    column = 0
    for col in table.findall(f"{SS}Column"):
        column = _index(col, column + 1)
        span = _index(col, 0, "Span")
        check_extent_numbers(sheet.name, 0, column + span, max_rows())
        if col.get(f"{SS}Hidden") == "1":
            sheet.hidden_columns.update(range(column, column + span + 1))
        column += span
    number = 0
    for row in table.findall(f"{SS}Row"):
        number = _index(row, number + 1)
        check_extent_numbers(sheet.name, number, 0, max_rows())
        while len(sheet.rows) < number:
            sheet.rows.append([])
        if row.get(f"{SS}Hidden") == "1":
            sheet.hidden_rows.add(number)
        cells, column = sheet.rows[number - 1], 0
        for cell in row.findall(f"{SS}Cell"):
            column = _index(cell, column + 1)
            check_extent_numbers(sheet.name, 0, column, max_rows())
            cells.extend([None] * (column - len(cells)))
            cells[column - 1] = _xml_value(cell, number, column)
            if cell.get(f"{SS}StyleID") in percent:
                sheet.percent_cells.add((number, column))
            across, down = _index(cell, 0, "MergeAcross"), _index(cell, 0, "MergeDown")
            if across or down:
                sheet.merges.append(
                    ((number - 1, column - 1), (number - 1 + down, column - 1 + across))
                )
            column += across
    return sheet


def _index(element, default: int, name: str = "Index") -> int:
    try:
        return max(int(element.get(f"{SS}{name}")), 0)
    except (TypeError, ValueError):
        return default


def _as_utf8(data: bytes) -> bytes:
    """The XML parser knows UTF-8 and UTF-16 only; Chinese systems also declare GB2312 or GBK."""
    declared = DECLARED.match(data)
    if declared is None:
        return data
    name = declared.group(2).decode("ascii").lower()
    if name.replace("-", "") in {"utf8", "utf16"}:
        return data
    encoding = "gb18030" if name in {"gb2312", "gbk", "gb18030"} else name
    try:
        text = data[declared.end() :].decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise FileProblem(
            "无法识别文件的文字编码。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
        ) from error
    return declared.group(1) + b"UTF-8" + declared.group(3) + text.encode()


def _xml_value(cell, number: int, column: int):
    data = cell.find(f"{SS}Data")
    where = f"第 {number} 行第 {column_letter(column)} 列"
    if data is None:
        if cell.get(f"{SS}Formula"):
            raise FileProblem(
                f"{where}是公式，但文件中没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入。"
            )
        return None
    kind = data.get(f"{SS}Type", "String")
    text = "".join(data.itertext())
    if kind == "Error":
        raise FileProblem(f"{where}是错误值（{text}），请在 Excel/WPS 中改正后再导入。")
    try:
        if kind == "Number":
            return float(text)
        if kind == "DateTime":
            return datetime.datetime.fromisoformat(text.strip()[:19])
        if kind == "Boolean":
            return text.strip() == "1"
    except ValueError:
        pass
    return text if text.strip() else None
