"""Writing records out as CSV (UTF-8 with BOM, so Chinese Excel reads it) and XLSX.

A text cell that begins with = + - @, a tab or a carriage return would run as a formula when
opened in a spreadsheet (CWE-1236); the library's own escaping only handles "=". Such cells get
a leading apostrophe here, and the import takes it off again, so an export re-imports unchanged.
Numbers and dates are written as numbers and dates, so a real negative number stays a number.
"""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from projects.imports.values import FORMULA_STARTS, number_text
from projects.imports.widgets import Code, Lookup

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def neutralise(value):
    """The cell as a spreadsheet may show it but never run it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    # The BOM is what makes Chinese Excel read the file as UTF-8 rather than GBK.
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        return number_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def xlsx_bytes(headers, rows, *, title="数据", text_columns=(), extra_sheets=()) -> bytes:
    """A workbook with real number and date cells; *text_columns* are formatted as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(str(header)) * 2 + 2)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(
            [_xlsx_cell(sheet, value, index in text_columns) for index, value in enumerate(row)]
        )
    for extra_title, extra_rows in extra_sheets:
        extra = book.create_sheet(title=extra_title)
        for extra_row in extra_rows:
            extra.append([_xlsx_text(value) for value in extra_row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, as_text=False):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, int | float | Decimal):
        return value
    cell = WriteOnlyCell(sheet, value=_xlsx_text(value))
    if as_text:
        cell.number_format = "@"  # keeps Excel from turning typed codes into numbers
    return cell


def _xlsx_text(value):
    if value is None:
        return None
    # Control characters pasted from other programs are not allowed in XLSX files.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def dataset_bytes(dataset, file_format: str, *, title="数据", text_columns=()) -> bytes:
    """A tablib dataset from a resource's ``export()`` as the bytes of a CSV or XLSX file."""
    headers = list(dataset.headers or [])
    if file_format == "xlsx":
        return xlsx_bytes(headers, dataset, title=title, text_columns=text_columns)
    return csv_bytes(headers, dataset)


def export_records(resource, file_format: str, queryset=None) -> bytes:
    """Every record of *queryset* (all by default) in the resource's import layout."""
    dataset = resource.export(queryset=queryset)
    return dataset_bytes(
        dataset,
        file_format,
        title=str(resource._meta.model._meta.verbose_name_plural)[:31],
        text_columns=text_column_indexes(resource, dataset.headers),
    )


def text_column_indexes(resource, headers) -> set[int]:
    text_headers = {
        column.header for column in resource.columns() if isinstance(column.widget, Code | Lookup)
    }
    return {index for index, header in enumerate(headers or []) if header in text_headers}
