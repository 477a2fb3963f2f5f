"""Reading an uploaded file into rows, whatever Excel, WPS or a script saved it as.

The format is told by the bytes, not the file name: a zip is XLSX or ODS, an OLE file is legacy
XLS (both read by ``workbooks``), an HTML table or Excel's XML 2003 saved as .xls is read by
``office_text``, and anything else must decode as CSV text. CSV encodings are detected without
asking: a BOM first, then strict UTF-8, then GB18030 (a superset of GBK, what Chinese Excel and
WPS save). Strictness is what keeps GBK out of the UTF-8 path: Chinese text in GBK is not valid
UTF-8 (none of the column names is, for instance), whereas decoding leniently turns it into
mojibake without an error (PITFALLS.md). Rows keep the number Excel shows.
"""

import csv
import io
import logging
from dataclasses import dataclass, field

from projects.imports import layout
from projects.imports.office_text import read_office_text
from projects.imports.problems import (
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_ROWS,
    FileProblem,
    max_bytes,
    max_rows,
)
from projects.imports.workbooks import read_workbook

__all__ = ["MAX_BYTES", "MAX_ROWS", "FileProblem", "Table", "max_bytes", "max_rows", "read_table"]

logger = logging.getLogger(__name__)

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Table:
    file_name: str
    headers: list = field(default_factory=list)
    header_row: int = 1
    # (row number as Excel shows it, cells)
    rows: list[tuple[int, list]] = field(default_factory=list)
    encoding: str = ""
    # The sheet read from a workbook, and the ones that were not (named in the preview).
    sheet: str = ""
    other_sheets: list[str] = field(default_factory=list)
    # Hidden rows and columns with something in them, left out as Excel hides them.
    hidden_rows: int = 0
    hidden_columns: int = 0


def read_table(data: bytes, file_name: str, known_headers: set[str]) -> Table:
    """Rows of an uploaded file; raises ``FileProblem`` for anything that cannot be read."""
    if len(data) > max_bytes():
        raise FileProblem(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），最大 {max_bytes() // 1024 // 1024} MB。"
            "请分成几个文件导入。"
        )
    if not data.strip():
        raise FileProblem("文件是空的。")
    sheet, encoding = _read_sheet(data, file_name, known_headers)
    if sheet is None and file_name.lower().endswith((".xlsx", ".xlsm", ".ods")):
        # Named as a workbook but not one inside (a PDF or a picture renamed): reading it as
        # CSV text would only end in a puzzling "no header".
        raise FileProblem(
            f"“{file_name}”的文件名是电子表格，但内容不是 Excel/WPS 表格（可能是改了扩展名的"
            "其他文件）。请在 Excel 或 WPS 中打开原表，另存为 .xlsx 或 CSV 后再导入。"
        )
    if sheet is None:
        rows, encoding = _csv_rows(data)
    else:
        rows = sheet.rows
    found = layout.find_table(rows, known_headers, limit=max_rows())
    table = Table(file_name, found.headers, found.header_row, found.rows, encoding=encoding)
    # The rows and unit lines the layout set aside, for the engine and the preview.
    table.layout = found
    if sheet is not None:
        table.sheet, table.other_sheets = sheet.name, sheet.other_sheets
        table.hidden_rows, table.hidden_columns = sheet.hidden_rows, sheet.hidden_columns
    return table


def reading_notes(table: Table) -> list[str]:
    """What the preview and the command's output say about how a workbook was read."""
    notes = []
    if table.sheet:
        others = f"（另有：{'、'.join(table.other_sheets)}）" if table.other_sheets else ""
        notes.append(f"读取工作表：{table.sheet}{others}")
    hidden = [
        f"{count} {unit}"
        for count, unit in ((table.hidden_rows, "行"), (table.hidden_columns, "列"))
        if count
    ]
    if hidden:
        notes.append(f"隐藏的 {'、'.join(hidden)}未导入（在 Excel 中取消隐藏可查看）。")
    return notes


def _read_sheet(data: bytes, file_name: str, known_headers):
    """The sheet of a workbook (or of an HTML or XML table); ``None`` for CSV text."""
    try:
        if data.startswith(XLSX_MAGIC):
            return read_workbook(data, known_headers, "zip"), "xlsx"
        if data.startswith(OLE_MAGIC):
            return read_workbook(data, known_headers, "ole"), "xls"
        return read_office_text(data, known_headers), "xls"
    except FileProblem:
        raise
    except Exception as error:
        # A damage no reader anticipated: the clerk gets a message, the log gets the details.
        logger.exception("Cannot read the spreadsheet %s", file_name)
        raise FileProblem(
            "无法读取这个表格文件，它可能已损坏。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。"
        ) from error


def _csv_rows(data: bytes) -> tuple[list, str]:
    if b"\x00" in data and not data.startswith(UTF16_BOMS):
        raise FileProblem(
            "无法识别的文件格式：只能导入 CSV（.csv）、Excel（.xlsx、.xls）或 .ods 表格文件。"
        )
    if data.startswith(UTF8_BOM):
        candidates = ["utf-8-sig"]
    elif data.startswith(UTF16_BOMS):
        candidates = ["utf-16"]  # Excel's "Unicode text": tab-separated UTF-16
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _split_csv(text), encoding
    raise FileProblem(
        "无法识别文件的文字编码。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。"
    )


def _split_csv(text: str) -> list:
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", "\t", ";"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        # A record is one row in Excel even when a quoted cell holds line breaks.
        for number, row in enumerate(reader, start=1):
            rows.append((number, row))
            if number > max_rows() + HEADER_SEARCH_ROWS:
                break
    except csv.Error as error:
        raise FileProblem(f"CSV 文件格式有误（第 {len(rows) + 1} 行）：{error}。") from error
    return rows
