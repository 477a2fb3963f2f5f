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
from projects.imports.xlsx_layout import (
    LITERALS,
    Layout,
    check_archive,
    check_cell,
    check_extent_numbers,
    read_part,
)

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
CONFIG = "{urn:oasis:names:tc:opendocument:xmlns:config:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
DAMAGED = "无法读取这个表格文件，它可能已损坏。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。"
HIDDEN = {"collapse", "filter"}


class XlsBook:
    def __init__(self, data: bytes, max_rows: int):
        import xlrd

        try:
            # Ragged rows: a row is as long as its last cell, not padded to the widest one.
            self.book = xlrd.open_workbook(
                file_contents=data, formatting_info=True, ragged_rows=True
            )
        except Exception as error:  # xlrd raises many kinds for files it cannot follow
            raise FileProblem(DAMAGED) from error
        for sheet in self.book.sheets():
            check_extent_numbers(sheet.name, *_xls_extent(sheet), max_rows)

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


def _xls_extent(sheet) -> tuple[int, int]:
    """The last row and column holding a value (a formatted blank cell holds none)."""
    import xlrd

    empty = {xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK}
    last_row = last_column = 0
    for row in range(sheet.nrows):
        types = sheet.row_types(row)
        filled = [index for index, kind in enumerate(types) if kind not in empty]
        if filled:
            last_row, last_column = row + 1, max(last_column, filled[-1] + 1)
    return last_row, last_column


class OdsBook:
    def __init__(self, book: zipfile.ZipFile, max_rows: int):
        self.zip = book
        check_archive(book)
        for name, last_row, last_column in _ods_extents(_read(book, "content.xml")):
            check_extent_numbers(name, last_row, last_column, max_rows)

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


def _ods_extents(content: bytes):
    """(table name, last row, last column holding something) of every table, streamed: a
    repeated row or cell counts as many times as it is repeated, as calamine will read it."""
    name, row, last_row, last_column = None, 0, 0, 0
    try:
        for event, element in iterparse(io.BytesIO(content), events=("start", "end")):
            tag = element.tag
            if tag == f"{TABLE}table" and event == "start":
                name, row, last_row, last_column = element.get(f"{TABLE}name"), 0, 0, 0
            elif tag == f"{TABLE}table" and event == "end":
                yield name, last_row, last_column
                element.clear()
            elif tag == f"{TABLE}table-row" and event == "end":
                count, column, widest = _repeat(element, "number-rows-repeated"), 0, 0
                for cell in element:
                    span = _repeat(cell, "number-columns-repeated")
                    if cell.get(f"{OFFICE}value-type") is not None or len(cell):
                        widest = column + span
                    column += span
                row += count
                if widest:
                    last_row, last_column = row, max(last_column, widest)
                element.clear()
    except ParseError as error:
        raise FileProblem(DAMAGED) from error


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
