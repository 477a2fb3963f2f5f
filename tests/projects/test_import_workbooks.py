"""Workbooks as offices send them: several sheets, hidden rows and columns, merged cells,
formulas, percentage formats, legacy .xls, HTML and XML 2003 saved as .xls, and damaged files.

Every file is built here: openpyxl for XLSX (its zip is edited where Excel writes what openpyxl
cannot, such as a formula's saved result), xlwt for a real BIFF .xls, bytes for the text ones.
"""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
import xlwt
from openpyxl import Workbook

from projects.imports import files, service
from projects.imports.resources import ProjectResource
from projects.models import Project

from .test_import_helpers import run

pytestmark = pytest.mark.django_db

HEADERS = ["项目编号", "项目名称", "所属领域", "总投资(万元)", "形象进度(%)"]


def book_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def project_book(rows=None, title="项目") -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in [HEADERS, *(rows or [["A-1", "风电", "tertiary", 100, 35]])]:
        sheet.append(row)
    return book


def edit_part(data: bytes, part: str, edit) -> bytes:
    """The same zip with one member rewritten, as another writer would have saved it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, edit(content) if name == part else content)
    return out.getvalue()


def read(data: bytes):
    return files.read_table(data, "f.xlsx", service.known_headers(ProjectResource()))


def stored():
    return list(Project.objects.order_by("code").values_list("code", "name", "total_investment"))


# Sheets


def test_the_active_sheet_with_a_header_is_read_and_the_others_named(sector):
    book = project_book([["A-1", "风电", "tertiary", 100, 35]], title="汇总")
    second = book.create_sheet("十月")
    for row in [HEADERS, ["B-1", "光伏", "tertiary", 200, 10]]:
        second.append(row)
    book.active = 1

    table = read(book_bytes(book))
    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert (table.sheet, table.other_sheets) == ("十月", ["汇总"])
    assert outcome.applied, outcome.error_lines()
    assert stored() == [("B-1", "光伏", Decimal(200))]


def test_an_active_sheet_without_a_header_gives_way_to_the_best_matching_visible_sheet(sector):
    book = Workbook()
    book.active.title = "封面"
    book.active.append(["库伦旗2026年重点项目表"])
    hidden = book.create_sheet("旧表")
    for row in [HEADERS, ["OLD-1", "旧", "tertiary", 1, 1]]:
        hidden.append(row)
    hidden.sheet_state = "hidden"
    guide = book.create_sheet("填写说明")
    guide.append(HEADERS)
    data_sheet = book.create_sheet("明细")
    for row in [HEADERS, ["A-1", "风电", "tertiary", 100, 35]]:
        data_sheet.append(row)
    book.active = 0

    table = read(book_bytes(book))
    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert (table.sheet, table.other_sheets) == ("明细", ["封面", "旧表"])
    assert outcome.applied, outcome.error_lines()
    assert stored() == [("A-1", "风电", Decimal(100))]


def test_no_sheet_with_a_header_is_refused_naming_the_sheets(db):
    book = Workbook()
    book.active.title = "封面"
    book.active.append(["说明"])
    book.create_sheet("草稿").append(["随便写写"])

    outcome = run("projects", book_bytes(book), "f.xlsx")

    assert outcome.file_problem.startswith("在工作表“封面”“草稿”中都找不到表头")


# Hidden rows and columns


def test_hidden_rows_and_columns_are_not_imported_and_are_counted(sector):
    book = project_book(
        [
            ["A-1", "风电", "tertiary", 100, 35],
            ["SECRET", "隐藏", "nowhere", "不是数字", 1],
            ["A-3", "光伏", "nowhere", 300, 5],
        ]
    )
    sheet = book.active
    sheet.cell(row=1, column=6, value="内部备注")
    sheet.cell(row=2, column=6, value="不给看")
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["F"].hidden = True
    data = book_bytes(book)

    table = read(data)
    outcome = run("projects", data, "f.xlsx")

    assert (table.hidden_rows, table.hidden_columns) == (1, 1)
    assert table.headers == HEADERS
    # Row numbers stay those Excel shows: the visible bad row is row 4.
    assert [(p.row, p.column) for p in outcome.problems] == [(4, "所属领域")]
    assert not Project.objects.exists()


# Merged cells


def test_a_merged_cell_applies_to_every_row_it_covers(sector):
    book = project_book(
        [
            ["A-1", "风电", "tertiary", 100, 35],
            ["A-2", "光伏", None, 200, 10],
            ["A-3", "储能", None, 300, 5],
        ]
    )
    book.active.merge_cells("C2:C4")
    book.active.append([])

    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert set(Project.objects.values_list("sector__slug", flat=True)) == {"tertiary"}
    assert Project.objects.count() == 3


# Formulas and error values


def test_a_formula_without_a_saved_result_refuses_the_whole_file(sector):
    book = project_book([["A-1", "风电", "tertiary", 100, 35], ["A-2", "光伏", "tertiary", 0, 10]])
    book.active["D3"] = "=D2*2"

    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert outcome.file_problem == (
        "第 3 行第 D 列是公式，但文件中没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入。"
    )
    assert not Project.objects.exists()


def _prefixed(xml: bytes) -> bytes:
    """The sheet as some tools write it: every element with a namespace prefix (x:c, x:f)."""
    xml = xml.replace(b'xmlns="', b'xmlns:x="', 1)
    return re.sub(rb"<(/?)(?=[A-Za-z])", rb"<\1x:", xml)


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda xml: xml.replace(b"<f>D2*2</f>", b'<f t="shared" ref="D3" si="0">D2*2</f>'),
        lambda xml: xml.replace(b"<f>D2*2</f>", b'<f t="shared" si="0"/>'),
        _prefixed,
    ],
    ids=["shared formula", "shared formula, self-closing", "namespace prefix"],
)
def test_a_formula_without_a_result_is_found_however_it_is_written(sector, rewrite):
    book = project_book([["A-1", "风电", "tertiary", 100, 35], ["A-2", "光伏", "tertiary", 0, 10]])
    book.active["D3"] = "=D2*2"
    data = edit_part(book_bytes(book), "xl/worksheets/sheet1.xml", rewrite)

    outcome = run("projects", data, "f.xlsx", dry_run=False)

    assert outcome.file_problem == (
        "第 3 行第 D 列是公式，但文件中没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入。"
    )
    assert not Project.objects.exists()


def test_a_formula_saved_with_its_result_is_read_as_the_result(sector):
    book = project_book([["A-1", "风电", "tertiary", 100, 35], ["A-2", "光伏", "tertiary", 0, 10]])
    book.active["D3"] = "=D2*2"
    data = edit_part(
        book_bytes(book),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>D2*2</f><v />", b"<f>D2*2</f><v>200</v>"),
    )

    outcome = run("projects", data, "f.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get(code="A-2").total_investment == Decimal(200)


def test_an_error_value_is_refused_not_read_as_empty(sector):
    book = project_book()
    book.active["D2"] = "=1/0"
    data = edit_part(
        book_bytes(book),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<c r="D2"><f>1/0</f><v />', b'<c r="D2" t="e"><v>#DIV/0!</v>'),
    )

    outcome = run("projects", data, "f.xlsx", dry_run=False)

    assert outcome.file_problem.startswith("第 2 行第 D 列是错误值（#DIV/0!）")
    assert not Project.objects.exists()


# Percentages


@pytest.mark.parametrize(
    ("number_format", "value", "progress"),
    [("0%", 0.35, Decimal(35)), ("0.00%", 0.355, Decimal("35.5")), ("0.0%;[Red]-0.0%", 1, 100)],
)
def test_a_percentage_formatted_cell_is_read_as_shown(sector, number_format, value, progress):
    book = project_book([["A-1", "风电", "tertiary", 100, value]])
    book.active["E2"].number_format = number_format

    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().progress == progress


def test_a_percent_sign_written_as_text_in_a_format_is_not_a_percentage(sector):
    book = project_book([["A-1", "风电", "tertiary", 100, 35]])
    book.active["E2"].number_format = '0"%"'

    outcome = run("projects", book_bytes(book), "f.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().progress == Decimal(35)


def test_an_unusual_styles_part_still_reads(sector):
    book = project_book([["A-1", "风电", "tertiary", 100, 0.35]])
    book.active["E2"].number_format = "0%"
    data = edit_part(
        book_bytes(book),
        "xl/styles.xml",
        lambda xml: xml.replace(b'numFmtId="9"', b'numFmtId="9" applyNumberFormat="true"').replace(
            b"<cellStyles", b'<numFmt numFmtId="x"/><cellStyles'
        ),
    )

    outcome = run("projects", data, "f.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().progress == Decimal(35)


# Legacy .xls, HTML and XML 2003


def test_a_real_legacy_xls_is_read_with_its_dates_and_merged_cells(sector):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("项目")
    for column, header in enumerate([*HEADERS, "计划开工日期"]):
        sheet.write(0, column, header)
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for row, (code, name, money) in enumerate([("A-1", "风电", 100), ("A-2", "光伏", 2.5)], 1):
        sheet.write(row, 0, code)
        sheet.write(row, 1, name)
        sheet.write(row, 3, money)
        sheet.write(row, 4, 35)
        sheet.write(row, 5, datetime.date(2026, 4, row), dates)
    sheet.write_merge(1, 2, 2, 2, "tertiary")
    buffer = io.BytesIO()
    book.save(buffer)

    outcome = run("projects", buffer.getvalue(), "旧.xls", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [("A-1", "风电", Decimal(100)), ("A-2", "光伏", Decimal("2.5"))]
    assert Project.objects.get(code="A-2").planned_start == datetime.date(2026, 4, 2)
    assert set(Project.objects.values_list("sector__slug", flat=True)) == {"tertiary"}


def test_an_html_table_saved_as_xls_is_read_in_its_declared_encoding(sector):
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><table border=1>\n"
        "<tr><td colspan=5>库伦旗重点项目表</td></tr>\n"
        "<tr>" + "".join(f"<th>{h}</th>" for h in HEADERS) + "</tr>\n"
        "<tr><td>A-1</td><td>风电\n  一期</td><td rowspan=2>tertiary</td>"
        "<td>1,000.5</td><td>35%</td></tr>\n"
        "<tr><td>A-2</td><td>光伏&amp;储能</td><td>200</td><td>10</td></tr>\n"
        '<tr style="display:none"><td>A-3</td><td>隐藏</td><td>x</td><td>y</td><td>z</td></tr>'
        "</table></body></html>"
    )

    table = read(html.encode("gbk"))
    outcome = run("projects", html.encode("gbk"), "报表.xls", dry_run=False)

    assert table.hidden_rows == 1
    assert outcome.applied, outcome.error_lines()
    assert stored() == [("A-1", "风电 一期", Decimal("1000.5")), ("A-2", "光伏&储能", Decimal(200))]
    assert Project.objects.get(code="A-1").progress == Decimal(35)


XML_2003 = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel"><ActiveSheet>1</ActiveSheet>
 </ExcelWorkbook>
 <Styles><Style ss:ID="p"><NumberFormat ss:Format="Percent"/></Style></Styles>
 <Worksheet ss:Name="说明页"><Table><Row><Cell><Data ss:Type="String">说明</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="项目"><Table>
  <Column ss:Index="6" ss:Hidden="1"/>
  <Row><Cell><Data ss:Type="String">项目编号</Data></Cell>
   <Cell><Data ss:Type="String">项目名称</Data></Cell>
   <Cell><Data ss:Type="String">所属领域</Data></Cell>
   <Cell><Data ss:Type="String">总投资(万元)</Data></Cell>
   <Cell><Data ss:Type="String">形象进度(%)</Data></Cell>
   <Cell><Data ss:Type="String">内部</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">A-1</Data></Cell>
   <Cell><Data ss:Type="String">风电</Data></Cell>
   <Cell ss:MergeDown="1"><Data ss:Type="String">tertiary</Data></Cell>
   <Cell><Data ss:Type="Number">100</Data></Cell>
   <Cell ss:StyleID="p"><Data ss:Type="Number">0.35</Data></Cell>
   <Cell><Data ss:Type="String">秘</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">A-2</Data></Cell>
   <Cell><Data ss:Type="String">光伏</Data></Cell>
   <Cell ss:Index="4"><Data ss:Type="Number">2.5</Data></Cell>
   <Cell>{progress}</Cell></Row>
  <Row ss:Hidden="1"><Cell><Data ss:Type="String">A-3</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"""


def test_an_xml_2003_spreadsheet_saved_as_xls_is_read(sector):
    data = XML_2003.format(progress='<Data ss:Type="Number">10</Data>').encode()

    table = read(data)
    outcome = run("projects", data, "报表.xls", dry_run=False)

    assert (table.sheet, table.other_sheets) == ("项目", ["说明页"])
    assert (table.hidden_rows, table.hidden_columns) == (1, 1)
    assert outcome.applied, outcome.error_lines()
    assert stored() == [("A-1", "风电", Decimal(100)), ("A-2", "光伏", Decimal("2.5"))]
    assert list(Project.objects.order_by("code").values_list("progress", flat=True)) == [35, 10]
    assert set(Project.objects.values_list("sector__slug", flat=True)) == {"tertiary"}


def test_an_xml_2003_formula_without_a_result_is_refused(sector):
    data = XML_2003.replace("<Cell>{progress}</Cell>", '<Cell ss:Formula="=R[-1]C"/>').encode()

    outcome = run("projects", data, "报表.xls", dry_run=False)

    assert outcome.file_problem.startswith("第 3 行第 E 列是公式，但文件中没有保存计算结果")
    assert not Project.objects.exists()


# Nothing crashes


def _password_protected() -> bytes:
    # An encrypted OOXML file is an OLE container whose directory names an EncryptionInfo stream.
    directory = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\x00")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + directory + b"\x00" * 448


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04not really a zip", "已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "已损坏"),
        (_password_protected(), "设置了打开密码"),
    ],
)
def test_damaged_or_protected_files_are_refused_in_chinese(db, data, message):
    outcome = run("projects", data, "x.xls")

    assert message in outcome.file_problem


def test_a_zip_that_is_not_a_spreadsheet_is_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    outcome = run("projects", buffer.getvalue(), "x.xlsx")

    assert outcome.file_problem.startswith("无法识别的文件格式")


def test_an_empty_workbook_and_one_with_only_the_guide_are_refused(db):
    empty = Workbook()
    guide = Workbook()
    guide.active.title = "填写说明"
    guide.active.append(HEADERS)

    assert "只有表头" in run("projects", book_bytes(empty), "e.xlsx").file_problem or (
        "找不到表头" in run("projects", book_bytes(empty), "e.xlsx").file_problem
    )
    assert "没有可读取的数据工作表" in run("projects", book_bytes(guide), "g.xlsx").file_problem


@pytest.mark.parametrize(
    "part",
    ["xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml"],
)
def test_a_broken_or_entity_laden_part_is_refused_not_a_traceback(db, part):
    data = book_bytes(project_book())
    broken = edit_part(data, part, lambda xml: xml[: len(xml) // 2])
    bomb = edit_part(data, part, lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml)

    for damaged in (broken, bomb):
        outcome = run("projects", damaged, "x.xlsx")
        assert outcome.file_problem, outcome.rows
        assert not Project.objects.exists()


# The general parse, used when a sheet's XML has comments or CDATA, reads the same


def _with_a_comment(data: bytes) -> bytes:
    return edit_part(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<sheetData>", b"<sheetData><!-- written by a script -->"),
    )


@pytest.mark.parametrize("edit", [lambda data: data, _with_a_comment], ids=["fast", "general"])
def test_both_readings_find_hidden_rows_percentages_and_formulas(sector, edit):
    book = project_book(
        [["A-1", "风电", "tertiary", 100, 0.35], ["A-2", "隐藏", "tertiary", 0, 0.5]]
    )
    sheet = book.active
    sheet["E2"].number_format = "0.0%"
    sheet["D3"] = "=D2*2"  # in a hidden row: not imported, so not refused
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["F"].hidden = True
    sheet["F2"] = "=1+1"  # in a hidden column

    table = read(edit(book_bytes(book)))

    assert table.hidden_rows == 1
    assert [number for number, _ in table.rows] == [2]
    assert table.rows[0][1][4] == "35%"

    sheet["D2"] = "=D1"
    outcome = run("projects", edit(book_bytes(book)), "f.xlsx", dry_run=False)
    assert outcome.file_problem.startswith("第 2 行第 D 列是公式")
    assert not Project.objects.exists()


# Legacy .xls and .ods layouts


def test_an_xls_active_sheet_hidden_rows_columns_and_percentages_are_read_as_shown(sector):
    book = xlwt.Workbook(encoding="utf-8")
    cover = book.add_sheet("汇总")
    for column, value in enumerate(HEADERS):
        cover.write(0, column, value)
    cover.write(1, 0, "COVER-1")
    sheet = book.add_sheet("十月")
    for column, header in enumerate([*HEADERS, "内部"]):
        sheet.write(0, column, header)
    rows = [("A-1", "风电", 0.35), ("SECRET", "隐藏", "x"), ("A-3", "光伏", 0.1)]
    percent = xlwt.easyxf(num_format_str="0%")
    for row, (code, name, progress) in enumerate(rows, 1):
        for column, value in enumerate([code, name, "tertiary", 100]):
            sheet.write(row, column, value)
        sheet.write(row, 4, progress, percent)
        sheet.write(row, 5, "不给看")
    sheet.row(2).hidden = True
    sheet.col(5).hidden = True
    book.active_sheet = 1
    sheet.set_sheet_visible(True)
    sheet.set_selected(True)
    cover.set_selected(False)
    buffer = io.BytesIO()
    book.save(buffer)

    table = files.read_table(buffer.getvalue(), "f.xls", service.known_headers(ProjectResource()))
    outcome = run("projects", buffer.getvalue(), "十月.xls", dry_run=False)

    assert (table.sheet, table.other_sheets) == ("十月", ["汇总"])
    assert (table.hidden_rows, table.hidden_columns) == (1, 1)
    assert outcome.applied, outcome.error_lines()
    assert list(Project.objects.order_by("code").values_list("code", "progress")) == [
        ("A-1", Decimal(35)),
        ("A-3", Decimal(10)),
    ]


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="说明"><table:table-row><table:table-cell office:value-type="string">
<text:p>说明</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="项目">
<table:table-column table:number-columns-repeated="5"/>
<table:table-column table:visibility="collapse"/>
<table:table-row>{headers}</table:table-row>
<table:table-row>{first}</table:table-row>
<table:table-row table:visibility="collapse">{hidden}</table:table-row>
<table:table-row table:number-rows-repeated="1000"><table:table-cell/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""
ODS_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings>
<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed
 config:name="Views"><config:config-item-map-entry>
<config:config-item config:name="ActiveTable" config:type="string">项目</config:config-item>
</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>
</office:settings></office:document-settings>"""


def _ods_cells(values) -> str:
    cells = []
    for value in values:
        if isinstance(value, float):
            cells.append(
                f'<table:table-cell office:value-type="percentage" office:value="{value}">'
                f"<text:p>{value:.0%}</text:p></table:table-cell>"
            )
        elif isinstance(value, int):
            cells.append(
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        else:
            cells.append(
                f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
                "</table:table-cell>"
            )
    return "".join(cells)


def _ods_bytes(content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("settings.xml", ODS_SETTINGS)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return buffer.getvalue()


def test_an_ods_is_read_with_its_active_table_hidden_rows_and_percentages(sector):
    content = ODS_CONTENT.format(
        headers=_ods_cells([*HEADERS, "内部"]),
        first=_ods_cells(["A-1", "风电", "tertiary", 100, 0.35, "不给看"]),
        hidden=_ods_cells(["SECRET", "隐藏", "nowhere", 1, 0.5, "x"]),
    )
    data = _ods_bytes(content)

    table = read(data)
    outcome = run("projects", data, "项目.ods", dry_run=False)

    assert (table.sheet, table.other_sheets) == ("项目", ["说明"])
    assert (table.hidden_rows, table.hidden_columns) == (1, 1)
    assert outcome.applied, outcome.error_lines()
    assert list(Project.objects.values_list("code", "progress")) == [("A-1", Decimal(35))]


CALCEXT = 'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
NO_RESULT = '<table:table-cell table:formula="of:=[.D2]*2"/>'
ERROR_VALUE = (
    '<table:table-cell table:formula="of:=1/0" office:value-type="string" '
    'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (NO_RESULT, "第 2 行第 D 列是公式，但文件中没有保存计算结果，"),
        (ERROR_VALUE, "第 2 行第 D 列是错误值（#DIV/0!），"),
    ],
)
def test_an_ods_formula_without_a_result_or_with_an_error_is_refused(sector, cell, message):
    first = _ods_cells(["A-1", "风电", "tertiary"]) + cell + _ods_cells([0.35, ""])
    content = ODS_CONTENT.replace("office:version=", f"{CALCEXT} office:version=").format(
        headers=_ods_cells([*HEADERS, "内部"]), first=first, hidden=_ods_cells(["x"])
    )

    outcome = run("projects", _ods_bytes(content), "项目.ods", dry_run=False)

    assert outcome.file_problem.startswith(message), outcome.file_problem
    assert not Project.objects.exists()


def test_an_xml_2003_file_declared_in_gbk_is_read(sector):
    text = XML_2003.format(progress='<Data ss:Type="Number">10</Data>')
    data = text.replace('encoding="UTF-8"', 'encoding="GB2312"').encode("gbk")

    outcome = run("projects", data, "报表.xls", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [("A-1", "风电", Decimal(100)), ("A-2", "光伏", Decimal("2.5"))]


def test_an_html_table_after_a_long_style_block_is_still_a_table(sector):
    style = "<style>" + ".x{mso-number-format:'\\@';}\n" * 4000 + "</style>"
    html = (
        f"<html><head><meta charset=utf-8>{style}</head><body><table>"
        "<tr>" + "".join(f"<td>{h}</td>" for h in HEADERS) + "</tr>"
        "<tr><td>A-1</td><td>风电</td><td>tertiary</td><td>100</td><td>35</td></tr>"
        "</table></body></html>"
    )

    outcome = run("projects", html.encode(), "报表.xls", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert stored() == [("A-1", "风电", Decimal(100))]


def test_an_unforeseen_reading_error_is_a_message_not_a_traceback(db, monkeypatch, caplog):
    def breaks(*args, **kwargs):
        raise IndexError("a damage nobody foresaw")

    monkeypatch.setattr(files, "read_workbook", breaks)

    outcome = run("projects", book_bytes(project_book()), "x.xlsx")

    assert outcome.file_problem.startswith("无法读取这个表格文件，它可能已损坏")
    assert "a damage nobody foresaw" in caplog.text


def test_the_notes_name_the_sheet_read_the_others_and_what_was_hidden(sector):
    book = project_book([["A-1", "风电", "tertiary", 100, 35], ["A-2", "光伏", "tertiary", 1, 5]])
    book.active.row_dimensions[3].hidden = True
    book.create_sheet("草稿").append(["随便写写"])

    notes = files.reading_notes(read(book_bytes(book)))

    assert notes == [
        "读取工作表：项目（另有：草稿）",
        "隐藏的 1 行未导入（在 Excel 中取消隐藏可查看）。",
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook_says_so(db):
    outcome = run("projects", b"%PDF-1.4 a scanned report", "项目表.xlsx")

    assert outcome.file_problem.startswith("“项目表.xlsx”的文件名是电子表格，但内容不是")


def test_the_templates_notes_say_which_sheet_is_read():
    from projects.imports.template_files import GENERAL_NOTES

    notes = "".join(GENERAL_NOTES)
    assert "只读取第一个工作表" not in notes
    assert "读取打开文件时显示的那一个" in notes and ".xls 或 .ods" in notes
