"""Files that would take a worker's memory or minutes of CPU are refused before they are read.

calamine holds a sheet as a full grid, so one stray cell far down or far to the right of a small
file would need gigabytes; a small zip may unpack to far more than any office's file.
"""

import io

import pytest
import xlwt

from projects.models import Project

from .test_import_helpers import run
from .test_import_workbooks import (
    HEADERS,
    ODS_CONTENT,
    XML_2003,
    _ods_bytes,
    _ods_cells,
    book_bytes,
    edit_part,
    project_book,
)

pytestmark = pytest.mark.django_db

WIDE = "工作表“项目”有内容在第 200 列以右（可能是误填的单元格），最多读取 200 列。"
DEEP = "工作表“项目”的第 1048576 行还有内容，而一个文件最多 20000 行数据。"


def refused(data: bytes, name: str) -> str:
    outcome = run("projects", data, name, dry_run=False)
    assert not Project.objects.exists()
    return outcome.file_problem


@pytest.mark.parametrize(("cell", "message"), [("XFD2", WIDE), ("A1048576", DEEP), ("IV2", WIDE)])
def test_a_cell_far_away_in_an_xlsx_is_refused_before_reading(sector, cell, message):
    book = project_book()
    book.active[cell] = 1

    assert refused(book_bytes(book), "f.xlsx").startswith(message)


def test_a_far_cell_written_with_unusual_spacing_is_found_too(sector):
    book = project_book()
    book.active["XFD2"] = 1
    data = edit_part(
        book_bytes(book),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'r="XFD2"', b'r = "XFD2"'),
    )

    assert refused(data, "f.xlsx").startswith(WIDE)


def test_cells_up_to_column_200_and_a_footer_far_below_are_still_read(sector):
    book = project_book()
    book.active["GR2"] = "备用"  # column 200
    book.active["A20005"] = "填表人：张三"

    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
    assert Project.objects.get().code == "A-1"


def test_a_zip_that_unpacks_beyond_the_limit_is_refused(sector, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 5_000  # this small file unpacks to about 15 KB

    message = refused(book_bytes(project_book()), "f.xlsx")

    assert message == "这个 Excel 文件解压后过大，请分成几个文件导入。"


def test_a_legacy_xls_with_a_cell_far_away_is_refused(sector):
    book = xlwt.Workbook()
    sheet = book.add_sheet("项目")
    for column, value in enumerate(HEADERS):
        sheet.write(0, column, value)
    for column, value in enumerate(["A-1", "风电", "tertiary", 100, 35]):
        sheet.write(1, column, value)
    sheet.write(65535, 255, 1)
    buffer = io.BytesIO()
    book.save(buffer)

    assert refused(buffer.getvalue(), "f.xls").startswith(WIDE)


def test_a_legacy_xls_with_formatted_blank_cells_to_the_right_is_read(sector):
    book = xlwt.Workbook()
    sheet = book.add_sheet("项目")
    for column, value in enumerate(HEADERS):
        sheet.write(0, column, value)
    for column, value in enumerate(["A-1", "风电", "tertiary", 100, 35]):
        sheet.write(1, column, value)
    boxed = xlwt.easyxf("borders: left thin")
    for column in range(5, 256):
        sheet.write(1, column, None, boxed)  # a blank cell with a border: no value
    buffer = io.BytesIO()
    book.save(buffer)

    outcome = run("projects", buffer.getvalue(), "f.xls", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem


def test_an_ods_row_repeated_a_million_times_is_refused(sector):
    repeated = '<table:table-row table:number-rows-repeated="1048000">{}</table:table-row>'.format(
        _ods_cells(["x"])
    )
    content = ODS_CONTENT.format(
        headers=_ods_cells(HEADERS),
        first=_ods_cells(["A-1", "风电", "tertiary", 100, 35]),
        hidden="",
    ).replace('<table:table-row table:visibility="collapse"></table:table-row>', repeated)

    message = refused(_ods_bytes(content), "f.ods")

    assert message.startswith("工作表“项目”的第 1048002 行还有内容，而一个文件最多 20000 行数据。")


def test_an_ods_cell_repeated_across_the_sheet_is_refused(sector):
    wide = (
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    content = ODS_CONTENT.format(
        headers=_ods_cells(HEADERS), first=_ods_cells(["A-1", "风电", "tertiary"]) + wide, hidden=""
    )

    assert refused(_ods_bytes(content), "f.ods").startswith(WIDE)


def test_empty_repeated_rows_and_cells_of_an_ods_are_no_content(sector):
    content = ODS_CONTENT.format(
        headers=_ods_cells(HEADERS),
        first=_ods_cells(["A-1", "风电", "tertiary", 100, 35])
        + '<table:table-cell table:number-columns-repeated="16000"/>',
        hidden="",
    )

    outcome = run("projects", _ods_bytes(content), "f.ods", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem


# Tables that reporting systems save as .xls


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda xml: xml.replace('<Row ss:Hidden="1">', '<Row ss:Index="50000000">'),
            "工作表“项目”的第 50000000 行还有内容",
        ),
        (
            lambda xml: xml.replace('<Cell ss:Index="4">', '<Cell ss:Index="1000000000">'),
            "工作表“项目”有内容在第 200 列以右",
        ),
        (
            lambda xml: xml.replace(
                '<Column ss:Index="6" ss:Hidden="1"/>', '<Column ss:Span="99999999"/>'
            ),
            "工作表“项目”有内容在第 200 列以右",
        ),
    ],
    ids=["row index", "cell index", "column span"],
)
def test_an_xml_table_reaching_far_away_is_refused_before_it_is_built(sector, edit, message):
    xml = edit(XML_2003.format(progress='<Data ss:Type="Number">10</Data>'))

    assert refused(xml.encode(), "f.xls").startswith(message)


def test_an_html_table_with_huge_spans_is_refused(sector):
    # Blocks of ten cells each covering 1,000 rows x 20 columns, the rows under them empty.
    block = "<tr>" + '<td rowspan="1000" colspan="20">x</td>' * 10 + "</tr>" + "<tr></tr>" * 999
    html = "<table><tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr>"
    html += block * 11 + "</table>"

    assert refused(html.encode(), "f.xls").startswith("表格“表格1”的合并单元格过多")


def test_an_html_cell_pushed_beyond_column_200_by_spans_is_refused(sector):
    cells = '<td rowspan="2" colspan="1000">x</td>' * 2
    html = "<table><tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr>"
    html += f"<tr>{cells}</tr></table>"

    assert refused(html.encode(), "f.xls").startswith("工作表“表格1”有内容在第 200 列以右")


def test_an_html_title_merged_across_a_wide_table_is_read(sector):
    html = '<table><tr><td colspan="1000">库伦旗重点项目表</td></tr>'
    html += "<tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr>"
    html += "<tr><td>A-1</td><td>风电</td><td>tertiary</td><td>100</td><td>35</td></tr></table>"

    outcome = run("projects", html.encode(), "f.xls", dry_run=False)

    assert outcome.applied, outcome.error_lines() or outcome.file_problem
