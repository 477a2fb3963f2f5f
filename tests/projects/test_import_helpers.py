"""Files for the import tests, written the way real tools write them.

CSV bytes are encoded here exactly as Excel and WPS save them (UTF-8 with or without a BOM,
GB18030 or GBK); XLSX files are written with openpyxl, with real date, number and percentage
cells. Nothing binary is committed: every file is made when a test runs.
"""

import csv
import io

from openpyxl import Workbook, load_workbook

from projects.imports import service
from projects.imports.options import ImportOptions

# Progress reports whose file has no 已发布 column need the choice the admin form asks for.
UNPUBLISHED = ImportOptions(publish=False)

PROJECT_HEADERS = ["项目编号", "项目名称", "所属领域", "建设阶段", "总投资(万元)", "计划开工日期"]


def csv_bytes(rows, encoding="utf-8-sig", delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, formats=None, title="项目") -> bytes:
    """An XLSX workbook; *formats* maps (row, column), 1-based, to an Excel number format."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes, sheet=0):
    book = load_workbook(io.BytesIO(data))
    return book.worksheets[sheet]


def project_rows(count, start=1, **overrides):
    """Rows of new projects under the ``tertiary`` sector of the shared fixtures."""
    rows = []
    for number in range(start, start + count):
        row = {
            "项目编号": f"T-{number:04d}",
            "项目名称": f"测试项目{number}",
            "所属领域": "tertiary",
            "建设阶段": "续建",
            "总投资(万元)": f"{1000 + number:,}.5",
            "计划开工日期": "2026/3/1",
        }
        row.update(overrides)
        rows.append([row[header] for header in PROJECT_HEADERS])
    return [PROJECT_HEADERS, *rows]


def run(kind, data, file_name="data.csv", **kwargs):
    return service.import_file(kind=kind, data=data, file_name=file_name, **kwargs)
