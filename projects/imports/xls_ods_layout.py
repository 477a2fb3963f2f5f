"""What a legacy .xls or an .ods sheet shows that calamine's values do not: the active sheet,
hidden rows and columns, percentage cells and error values.

For .xls, xlrd reads the BIFF records calamine leaves out (row and column flags, number formats,
the active tab); for .ods, the table's XML says it (table:visibility, office:value-type, a
formula without a value type or with LibreOffice's error type), and settings.xml names the
active table.
"""

import io
import zipfile
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from projects.imports.problems import HEADER_SEARCH_ROWS, FileProblem, column_letter, max_rows
from projects.imports.xlsx_layout import LITERALS, Layout, check_cell, read_part

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
CONFIG = "{urn:oasis:names:tc:opendocument:xmlns:config:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
DAMAGED = "无法读取这个表格文件，它可能已损坏。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。"
HIDDEN = {"collapse", "filter"}


class XlsBook:
    def __init__(self, data: bytes):
        import xlrd

        try:
            self.book = xlrd.open_workbook(file_contents=data, formatting_info=True)
        except Exception as error:  # xlrd raises many kinds for files it cannot follow
            raise FileProblem(DAMAGED) from error

    def active(self) -> str | None:
        sheets = self.book.sheets()
        # The active tab is flagged as such; older writers only mark it as the selected tab.
        active = [sheet.name for sheet in sheets if sheet.sheet_visible]
        selected = [sheet.name for sheet in sheets if sheet.sheet_selected]
        if active or len(selected) == 1:
            return (active or selected)[0]
        return None

    def layout(self, name: str) -> Layout:
        import xlrd

        book, sheet = self.book, self.book.sheet_by_name(name)
        layout = Layout(
            hidden_rows={row + 1 for row, info in sheet.rowinfo_map.items() if info.hidden},
            hidden_column_spans=[
                (column + 1, column + 1)
                for column, info in sheet.colinfo_map.items()
                if info.hidden
            ],
        )
        percent = set()
        for index, xf in enumerate(book.xf_list):
            shown = book.format_map.get(xf.format_key)
            if shown is not None and "%" in LITERALS.sub("", shown.format_str or ""):
                percent.add(index)
        for row in range(min(sheet.nrows, max_rows() + HEADER_SEARCH_ROWS + 1)):
            if row + 1 in layout.hidden_rows:
                continue
            for column, kind in enumerate(sheet.row_types(row)):
                if kind == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(row, column) in percent:
                    layout.percent_cells.add((row + 1, column + 1))
                elif kind == xlrd.XL_CELL_ERROR and not layout.column_hidden(column + 1):
                    shown = xlrd.error_text_from_code.get(sheet.cell_value(row, column), "#错误")
                    raise FileProblem(
                        f"第 {row + 1} 行第 {column_letter(column + 1)} 列是错误值（{shown}），"
                        "请在 Excel/WPS 中改正后再导入。"
                    )
        return layout


class OdsBook:
    def __init__(self, book: zipfile.ZipFile):
        self.zip = book

    def active(self) -> str | None:
        if "settings.xml" not in self.zip.namelist():
            return None
        try:
            root = fromstring(_read(self.zip, "settings.xml"))
        except ParseError:
            return None  # only the active sheet is lost; the values are read from content.xml
        for item in root.iter(f"{CONFIG}config-item"):
            if item.get(f"{CONFIG}name") == "ActiveTable":
                return (item.text or "").strip() or None
        return None

    def layout(self, name: str) -> Layout:
        layout = Layout()
        limit = max_rows() + HEADER_SEARCH_ROWS + 1
        inside, row, column = False, 0, 0
        try:
            for event, element in iterparse(
                io.BytesIO(_read(self.zip, "content.xml")), events=("start", "end")
            ):
                tag = element.tag
                if tag == f"{TABLE}table":
                    if event == "start":
                        inside = element.get(f"{TABLE}name") == name
                    elif inside:
                        break
                    continue
                if not inside or event != "end":
                    continue
                if tag == f"{TABLE}table-column":
                    count = _repeat(element, "number-columns-repeated")
                    if element.get(f"{TABLE}visibility") in HIDDEN:
                        layout.hidden_column_spans.append((column + 1, column + count))
                    column += count
                elif tag == f"{TABLE}table-row":
                    count = _repeat(element, "number-rows-repeated")
                    if element.get(f"{TABLE}visibility") in HIDDEN:
                        layout.hidden_rows.update(range(row + 1, min(row + count, limit) + 1))
                    else:
                        for number in range(row + 1, min(row + count, limit) + 1):
                            _cells(element, number, layout)
                    row += count
                    element.clear()
        except ParseError as error:
            raise FileProblem(DAMAGED) from error
        return layout


def _cells(row_element, number: int, layout: Layout) -> None:
    """Percentage cells of a row; formulas saved without a result and error values refuse."""
    column = 0
    for cell in row_element:
        count = _repeat(cell, "number-columns-repeated")
        kind = cell.get(f"{OFFICE}value-type")
        if kind == "percentage":
            for offset in range(1, min(count, 1024) + 1):
                layout.percent_cells.add((number, column + offset))
        if cell.get(f"{TABLE}formula") is not None:
            if cell.get(f"{CALCEXT}value-type") == "error":
                shown = "".join(cell.itertext()).strip()
                check_cell(layout, number, column + 1, "e", shown, False)
            elif kind is None:
                check_cell(layout, number, column + 1, "n", "", True)
        column += count


def _repeat(element, name: str) -> int:
    try:
        return max(int(element.get(f"{TABLE}{name}", "1")), 1)
    except ValueError:
        return 1


def _read(book: zipfile.ZipFile, name: str) -> bytes:
    data = read_part(book, name)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FileProblem("这个表格文件含有不允许的 XML 声明，请在 Excel 或 WPS 中另存后再导入。")
    return data
