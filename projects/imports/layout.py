"""Finding the table in a sheet's rows, laid out the way offices send it.

Above the header there may be a title, 填报单位/填报日期 lines and a unit line (单位：亿元); the
header may take two rows (投资（万元） merged over 总投资 / 2026年计划); below the body there
may be a 合计 row, blank rows and footer lines (备注：…, 填表人：…). The header is the row (or
pair of rows) that names the most known columns; everything that is not a data row is set
aside and counted, so that the preview can say what was skipped. A unit stated outside the
header is kept (``UnitStatement``): the engine applies it to the money columns or refuses.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from projects.imports.headers import StackedHeader, header_candidates
from projects.imports.problems import HEADER_SEARCH_ROWS, FileProblem

NO_DATA = "文件中只有表头，没有数据行。"
# 合计, 总计, 小计, 全旗合计, 合计（13个）: a row of totals, not a record.
TOTAL = re.compile(r"[^\d]{0,8}?(合计|总计|小计)(\(.*\))?")
# A footer line: what the cell starts with, then a colon.
FOOTER = re.compile(
    r"(备注|附注|注|说明|填表说明|填表人|填报人|制表人|制表|审核人|审核|负责人|单位负责人|"
    r"分管领导|联系人|联系电话|电话|填报日期|填表日期|制表日期|报送日期|日期)[:：]"
)
# 单位：万元、万千瓦, 金额单位：元, （单位：亿元）, 注：金额单位为亿元. 填报单位：旗发改委
# names an office, not a unit: the word before 单位 must be one of these, or none.
UNIT_STATEMENT = re.compile(
    r"(?:^|(?<=[\s(:,;。]))(?:金额|计量|货币|数据|价值)?单位\s*(?:[:]|为|是)\s*"
    r"([^\s():,;。、/]+(?:\s*[、/,]\s*[^\s():,;。、/]+)*)"
)
# A unit alone in brackets (the title 2026年项目表（亿元）) or alone in a cell above the header.
BARE_MONEY_UNIT = re.compile(r"(?:^|(?<=\())\s*((?:人民币)?[千百万亿]*元)\s*(?=\)|$)")
UNIT_SEPARATORS = re.compile(r"\s*[、/,]\s*")
# A row under the header with nothing but units (万元, （%）, 万千瓦): each applies to its column.
UNIT_ONLY = re.compile(
    r"\(?(?:单位:?)?((?:人民币)?[千百万亿]*元|%|[万千]?(?:千瓦|kW|KW)|兆瓦|MW|[万]?人次|[万]?人|个|户|家|项|"
    r"座|台|套|亩|公顷|[万]?吨|平方米|[万]?m2|公里|km|米|年|月|日|天)\)?"
)
# Money named in passing above the header (总投资50亿元以上): not a unit line, but the figures
# below may be in it. Plain 元 only after a number: 单元, 元旦 and 多元 are no money.
MONEY_MENTION = re.compile(r"(千万元|百万元|亿元|千元|(?<=\d)元)")


@dataclass
class UnitStatement:
    row: int
    text: str  # as written: 单位：万元、万千瓦
    units: list[str]
    #: money named in passing (2026年重点项目表（50亿元以上）), not stated as the unit
    loose: bool = False

    def where(self) -> str:
        return f"第 {self.row} 行"


@dataclass
class TableLayout:
    headers: list
    header_row: int  # the first header row, as Excel numbers it
    rows: list  # (row number, cells) of the data rows
    header_rows: int = 1
    above: list[int] = field(default_factory=list)  # filled rows above the header
    totals: list[int] = field(default_factory=list)
    blanks: list[int] = field(default_factory=list)  # blank rows between data rows
    footer: list[int] = field(default_factory=list)
    units: list[UnitStatement] = field(default_factory=list)
    #: the text of each filled row above the header (a title may give the report date)
    titles: list[str] = field(default_factory=list)
    unit_row: int | None = None  # a row of units under the header, put into the headers
    unit_headers: list[str] = field(default_factory=list)  # the headers it completed

    def notes(self) -> list[str]:
        """What the preview says about the rows that were not read as data."""
        notes = []
        if self.above:
            notes.append(f"表头前的标题和说明（{row_span(self.above)}）未作为数据导入。")
        if self.header_rows == 2:
            last = self.header_row + 1
            notes.append(
                f"表头占两行（第 {self.header_row}–{last} 行），每列按上下两格合起来识别。"
            )
        if self.unit_row is not None:
            named = "、".join(f"“{header}”" for header in self.unit_headers)
            notes.append(f"第 {self.unit_row} 行是单位行，按其单位读取：{named}。")
        if self.totals:
            notes.append(f"跳过合计行 {len(self.totals)} 行（{row_span(self.totals)}）。")
        if self.blanks:
            notes.append(f"跳过空行 {len(self.blanks)} 行（{row_span(self.blanks)}）。")
        if self.footer:
            notes.append(
                f"跳过表尾的备注、填表人等说明 {len(self.footer)} 行（{row_span(self.footer)}）。"
            )
        return notes


def find_table(rows: list, known_headers: set[str], *, limit: int) -> TableLayout:
    """The header, data rows and skipped rows of a sheet's *rows* ((number, cells) pairs)."""
    first = [(index, number, cells) for index, (number, cells) in enumerate(rows)]
    first = [entry for entry in first[:HEADER_SEARCH_ROWS] if _filled(entry[2])]
    best = None  # (score, -row, index, header rows, headers)
    for index, number, cells in first:
        single = _score(cells, known_headers)
        candidates = [(single, -number, index, 1, list(cells))]
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is not None and _filled(following[1]):
            stacked = _stacked(cells, following[1])
            score = _score(stacked, known_headers)
            # Only a pair naming more columns than either row alone is a two-row header:
            # a header over its first data row never is.
            if score > max(single, _score(following[1], known_headers)):
                candidates.append((score, -number, index, 2, stacked))
        for candidate in candidates:
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None or best[0] == 0:
        raise FileProblem(
            "找不到表头。第一行应为列名（例如“项目编号”“项目名称”），请使用下载的模板填写。"
        )
    _, _, index, header_rows, headers = best
    header_number = rows[index][0]
    found = TableLayout(headers=headers, header_row=header_number, rows=[], header_rows=header_rows)
    for number, cells in rows[:index]:
        if _filled(cells):
            found.above.append(number)
            found.titles.append(" ".join(_text(cell) for cell in cells if _text(cell)))
            found.units.extend(_unit_statements(number, cells, bare=True))
    for number, cells in rows[index : index + header_rows]:
        # A header cell that is nothing but a unit line (单位：万元) states the file's unit.
        for cell in cells:
            if UNIT_STATEMENT.match(unicodedata.normalize("NFKC", _text(cell))):
                found.units.extend(_unit_statements(number, [cell]))
    body = rows[index + header_rows :]
    if body and _unit_row(body[0][1]):
        found.unit_row = body[0][0]
        found.headers = headers = _with_units(headers, body[0][1])
        found.unit_headers = [
            str(header)
            for header, unit in zip(headers, body[0][1], strict=False)
            if not _blank(unit)
        ]
        body = body[1:]
    _read_body(found, body)
    # Cells right of the last header stay in view: the engine names such a column, unheaded.
    width = max((_width(cells) for _, cells in found.rows), default=0)
    found.headers = list(headers[: max(_width(headers), width)])
    found.headers += [None] * (width - len(found.headers))
    if len(found.rows) > limit or len(rows) > limit + HEADER_SEARCH_ROWS:
        raise FileProblem(f"文件行数过多：最多 {limit} 行数据，请分成几个文件导入。")
    if not found.rows:
        raise FileProblem(NO_DATA)
    return found


def _read_body(found: TableLayout, rows: list) -> None:
    blanks, in_footer = [], False
    for number, cells in rows:
        # _blank and _text, spelt out: this runs for every cell of the file.
        filled = [
            c
            for c in cells
            if c is not None and c != "" and not (isinstance(c, str) and c.isspace())
        ]
        if not filled:
            blanks.append(number)
            continue
        texts = [c.strip() if isinstance(c, str) else "" for c in filled]
        # Every total row says 计 (合计, 总计, 小计): most rows need no closer look.
        maybe_total = "计" in "".join(texts)
        if maybe_total and any(TOTAL.fullmatch(_key(text)) for text in texts if text):
            found.totals.append(number)
        elif all(text and FOOTER.match(_key(text)) for text in texts) or (
            # Lines under 备注： (1、…, 2、…) are one cell each.
            in_footer and len(filled) == 1 and isinstance(filled[0], str)
        ):
            found.footer.append(number)
            found.units.extend(_unit_statements(number, filled))
            in_footer = True
            continue
        else:
            found.rows.append((number, cells))
        found.blanks.extend(blanks)
        blanks, in_footer = [], False
    # Blank rows after the last line are the sheet's empty end, not skipped lines.


def _unit_row(cells) -> bool:
    filled = [cell for cell in cells if not _blank(cell)]
    return bool(filled) and all(
        isinstance(cell, str) and UNIT_ONLY.fullmatch(_key(cell)) for cell in filled
    )


def _with_units(headers: list, units: list) -> list:
    """Each header with the unit written under it, as if written in it: 总投资（万元）."""
    joined = list(headers)
    for position, unit in enumerate(units):
        if _blank(unit) or position >= len(joined) or _blank(joined[position]):
            continue
        header, written = joined[position], UNIT_ONLY.fullmatch(_key(unit)).group(1)
        if isinstance(header, StackedHeader):
            joined[position] = StackedHeader(header.upper, f"{header.lower}（{written}）")
        else:
            joined[position] = f"{str(header).strip()}（{written}）"
    return joined


def _stacked(upper: list, lower: list) -> list:
    """One header per column from two header rows. A label over several columns is merged in
    the sheet: its text is in the first cell only, so it is carried right over the blank upper
    cells whose lower cell is filled. A label alone over a blank lower cell (项目名称 merged
    down over both rows) heads its own column only."""
    headers, group = [], None
    for position in range(max(len(upper), len(lower))):
        top = upper[position] if position < len(upper) else None
        bottom = lower[position] if position < len(lower) else None
        if _same(top, bottom):
            # One cell merged down over both rows, read into each: it heads its column alone.
            headers.append(bottom)
            group = None
            continue
        if not _blank(top):
            group = top if not _blank(bottom) else None
        elif not _blank(bottom) and group is not None:
            top = group
        else:
            group = None
        if _blank(top):
            headers.append(None if _blank(bottom) else bottom)
        elif _blank(bottom):
            headers.append(top)
        else:
            headers.append(StackedHeader(top, bottom))
    return headers


def _width(cells) -> int:
    """How many cells up to the last filled one."""
    return next((len(cells) - i for i, cell in enumerate(reversed(cells)) if not _blank(cell)), 0)


def _same(top, bottom) -> bool:
    return isinstance(top, str) and isinstance(bottom, str) and _key(top) == _key(bottom)


def _score(cells, known_headers) -> int:
    return sum(
        1
        for cell in cells
        if isinstance(cell, str) and any(key in known_headers for key in header_candidates(cell))
    )


def _unit_statements(number, cells, *, bare=False) -> list[UnitStatement]:
    found = []
    for cell in cells:
        text = _text(cell)
        plain = unicodedata.normalize("NFKC", text)
        # Messages quote the line as the office wrote it (单位：亿元, not 单位:亿元).
        shown = text if len(text) == len(plain) else plain
        stated = [
            UnitStatement(
                number, shown[slice(*match.span())].strip(), UNIT_SEPARATORS.split(match.group(1))
            )
            for match in UNIT_STATEMENT.finditer(plain)
        ]
        if bare and not stated:
            stated = [
                UnitStatement(number, match.group(1), [match.group(1)])
                for match in BARE_MONEY_UNIT.finditer(plain)
            ]
        if bare and not stated:
            stated = [
                UnitStatement(number, text, [match.group(1)], loose=True)
                for match in MONEY_MENTION.finditer(plain)
            ][:1]
        found.extend(stated)
    return found


def row_span(numbers: list[int]) -> str:
    """第 3 行 / 第 1–2 行 / 第 5、9 行: as few words as the numbers allow."""
    if len(numbers) == 1:
        return f"第 {numbers[0]} 行"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"第 {numbers[0]}–{numbers[-1]} 行"
    shown = "、".join(str(number) for number in numbers[:10])
    return f"第 {shown}{' 等' if len(numbers) > 10 else ''} 行"


def _text(cell) -> str:
    if isinstance(cell, str):
        return cell.strip()
    return ""


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _filled(cells) -> bool:
    return any(not _blank(cell) for cell in cells)
