"""Reading a workbook (XLSX, legacy .xls, .ods) as the office sees it on screen.

python-calamine reads the values, many times faster than openpyxl. What it does not give is
read from the file itself (``xlsx_layout``): the active sheet, hidden rows and columns,
percentage formats and formulas saved without a result. The sheet used is the one the office
means: the active sheet if its header matches, else the visible sheet whose header matches best;
the others are named so the clerk can see which one was read.
"""

import io
import zipfile
from dataclasses import dataclass, field

from projects.imports import xls_ods_layout, xlsx_layout
from projects.imports.headers import header_key
from projects.imports.problems import HEADER_SEARCH_ROWS, FileProblem, max_rows
from projects.imports.values import number_text

GUIDE_SHEET = "填写说明"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# An Office file with a password is an OLE container holding the encrypted package.
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
PASSWORD = (
    "这个文件设置了打开密码，无法读取。"
    "请在 Excel 或 WPS 中取消密码（或另存一份无密码的文件）后再导入。"
)
DAMAGED = "无法读取这个表格文件，它可能已损坏。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。"


@dataclass
class RawSheet:
    """One sheet's cells from row 1, column 1, with what the screen hides or shows differently."""

    name: str
    rows: list[list] = field(default_factory=list)
    hidden: bool = False
    # ((first row, first column), (last row, last column)), 0-based, as calamine gives them
    merges: list = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)  # row numbers as Excel shows them
    hidden_columns: set[int] = field(default_factory=set)  # 1-based column numbers
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


@dataclass
class ReadSheet:
    name: str
    rows: list[tuple[int, list]]
    other_sheets: list[str]
    hidden_rows: int = 0
    hidden_columns: int = 0


def header_score(rows: list[list], known_headers) -> int:
    """How many known column names the best of the first rows holds."""
    best = 0
    for cells in rows[:HEADER_SEARCH_ROWS]:
        score = sum(1 for cell in cells if cell and header_key(cell) in known_headers)
        best = max(best, score)
    return best


def choose(candidates: list[str], active: str | None, score) -> str:
    """The sheet the office means; *score* reads a sheet's header rows only when asked."""
    scores = {name: score(name) for name in candidates}
    if active in scores and scores[active] > 0:
        return active
    best = max(candidates, key=lambda name: scores[name])  # ties: the first tab
    if scores[best] > 0 or len(candidates) == 1:
        return best
    raise FileProblem(
        f"在工作表“{'”“'.join(candidates)}”中都找不到表头（例如“项目编号”“项目名称”），"
        "请使用下载的模板填写。"
    )


def read_workbook(data: bytes, known_headers, kind: str) -> ReadSheet:
    """*kind* is "zip" (XLSX or ODS) or "ole" (legacy .xls, or a password-protected file)."""
    if kind == "ole" and ENCRYPTED_MARK in data:
        raise FileProblem(PASSWORD)
    layouts = None
    if kind == "zip":
        archive = _zip(data)
        names = set(archive.namelist())
        if "mimetype" in names and xlsx_layout.read_part(archive, "mimetype").strip() == ODS_MIME:
            layouts = xls_ods_layout.OdsBook(archive, max_rows())
        elif any(name.endswith("workbook.xml") for name in names):
            layouts = xlsx_layout.XlsxBook(archive, max_rows())
        else:
            raise FileProblem(
                "无法识别的文件格式：只能导入 CSV（.csv）、Excel（.xlsx、.xls）或 .ods 表格文件。"
            )
    else:
        layouts = xls_ods_layout.XlsBook(data, max_rows())
    # Only now, with the sheets' size known to be sane: calamine holds each one whole.
    book = _calamine(data)
    try:
        metadata = [sheet for sheet in book.sheets_metadata if _is_worksheet(sheet)]
        visible = [s.name for s in metadata if _visible(s) and s.name != GUIDE_SHEET]
        if not visible:
            raise FileProblem("文件里没有可读取的数据工作表（只有说明页或隐藏的工作表）。")
        loaded = {}

        def score(name):
            loaded[name] = _calamine_sheet(book, name)
            return header_score(loaded[name].rows, known_headers)

        name = choose(visible, layouts.active(), score)
        raw = loaded[name]
    finally:
        book.close()
    layout = layouts.layout(name)
    raw.hidden_rows = layout.hidden_rows
    width = max((len(cells) for cells in raw.rows), default=0)
    raw.hidden_columns = {n for n in range(1, width + 1) if layout.column_hidden(n)}
    raw.percent_cells = layout.percent_cells
    others = [sheet.name for sheet in metadata if sheet.name not in (name, GUIDE_SHEET)]
    return assemble(raw, others)


def _zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise FileProblem(xlsx_layout.DAMAGED) from error


def _calamine(data: bytes):
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as error:
        raise FileProblem(PASSWORD) from error
    except Exception as error:  # calamine raises several kinds for damaged files
        raise FileProblem(DAMAGED) from error


def _is_worksheet(metadata) -> bool:
    return "WorkSheet" in str(metadata.typ)


def _visible(metadata) -> bool:
    return str(metadata.visible).endswith("Visible")


def _calamine_sheet(book, name: str) -> RawSheet:
    try:
        sheet = book.get_sheet_by_name(name)
        cells = sheet.to_python(skip_empty_area=False)
        start = sheet.start
        merges = sheet.merged_cell_ranges or []
    except Exception as error:  # a damaged sheet inside a readable workbook
        raise FileProblem(
            f"无法读取工作表“{name}”，它可能已损坏。请在 Excel 或 WPS 中另存后再导入。"
        ) from error
    first_row, first_column = start or (0, 0)
    rows = [[] for _ in range(first_row)]
    # Empty cells stay "" as in a CSV file: every reader of the rows takes "" as blank.
    if first_column:
        padding = [None] * first_column
        rows.extend([*padding, *row] for row in cells)
    else:
        rows.extend(cells)
    return RawSheet(name=name, rows=rows, merges=list(merges))


def assemble(raw: RawSheet, others: list[str]) -> ReadSheet:
    """Rows numbered as Excel shows them, merged cells filled, hidden rows and columns left out."""
    rows = raw.rows
    for (top, left), (bottom, _right) in raw.merges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        # Each row under a merge reads as its first row does; a row with nothing else in it
        # (a blank line below the table) is not made into a record.
        for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
            cells = rows[index]
            if not any(_shown(cell) for cell in cells):
                continue
            if len(cells) <= left:
                cells.extend([None] * (left + 1 - len(cells)))
            cells[left] = value
    for row, column in raw.percent_cells:
        if row <= len(rows) and column <= len(rows[row - 1]):
            value = rows[row - 1][column - 1]
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows[row - 1][column - 1] = number_text(value * 100) + "%"
    hidden_columns = {
        column
        for column in raw.hidden_columns
        if any(len(cells) >= column and _shown(cells[column - 1]) for cells in rows)
    }
    keep = [
        index for index in range(max(map(len, rows), default=0)) if index + 1 not in hidden_columns
    ]
    result, hidden_rows = [], 0
    limit = max_rows() + HEADER_SEARCH_ROWS
    for number, cells in enumerate(rows, start=1):
        if number in raw.hidden_rows:
            hidden_rows += any(_shown(cell) for cell in cells)
            continue
        if hidden_columns:
            cells = [cells[index] if index < len(cells) else None for index in keep]
        result.append((number, cells))
        if len(result) > limit:
            break
    return ReadSheet(
        name=raw.name,
        rows=result,
        other_sheets=others,
        hidden_rows=hidden_rows,
        hidden_columns=len(hidden_columns),
    )


def _shown(cell) -> bool:
    return cell is not None and str(cell).strip() != ""
