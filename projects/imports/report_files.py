"""Monthly progress files as county offices keep them.

Such a file gives its report date once, in the title (库伦旗重点项目建设进展情况表（截至10月31日）)
or not at all; names its cumulative investment by the months it covers (1-10月完成投资); and
has no 已发布 column. Before its header is matched the table is completed here: the date for the
file (from the title, or given on the admin form or with ``--date``) fills the rows without
one, and the publish choice the new reports without a 已发布 cell. Neither is ever assumed: a file
without a date, or without a publish choice, is refused with where to give it. The month of
the cumulative column must agree with the report date's.
"""

import calendar
import datetime
import re
import unicodedata

from projects.imports import values as v
from projects.imports.headers import columns_by_key, find_column
from projects.imports.problems import FileProblem

#: The plan year: a title without a year (截至10月31日) speaks of it, and 1-10月 means 2026.
PLAN_YEAR = 2026
PUBLISHED = "导入后这些进展报告："

# 截至10月31日, 截至2026年10月31日, 截止到2026-10-31 (after NFKC, without spaces).
AS_OF = re.compile(r"截[至止]到?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
AS_OF_DIGITS = re.compile(r"截[至止]到?(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
# 2026年10月 (a month's report), but not 2026年11月5日 (a filing date) nor 2026年1-10月.
MONTH = re.compile(r"(?<![\d\-—–~至到])(\d{4})年(\d{1,2})月(?!\d{1,2}日|份?[-—–~至到])")
# 2026年1-10月, 1—10月份 (a cumulative report): as of the last day of its last month.
PERIOD = re.compile(r"(?:(\d{4})年)?1月?[-—–~至到](\d{1,2})月(?!\d{1,2}日)")
# A line giving the day the form was filled in says nothing about what it reports on.
FILING = re.compile(r"^(填报|填表|制表|报送|打印)?日期[:]")
# 1-10月完成投资, 1—10月累计完成投资, 2026年1~10月完成投资, 投资（万元）over 1-10月完成.
MONTH_RANGE = re.compile(r"1月?[-—–~至到](\d{1,2})月份?(?:累计)?完成")

NO_DATE = (
    "文件中没有“报告日期”列，标题中也没有写明截止日期（如“截至10月31日”）。"
    "请在导入页面的“报告日期”中填写本文件的报告日期（命令行用 --date 2026-10-31），"
    "或在标题中写明“截至X月X日”，或增加“报告日期”列后重新导入。"
)
NO_PUBLISH = (
    "文件中没有“已发布”列，请选择导入后这些进展报告是否发布：在导入页面选择“发布”或"
    "“暂不发布”（命令行用 --publish 或 --no-publish）后重新导入。"
)


def title_date(titles: list[str]) -> tuple[datetime.date, str, bool] | None:
    """(date, the title line, whether the year was written) from the lines above the header."""
    found = []
    for title in titles:
        plain = "".join(unicodedata.normalize("NFKC", title).split())
        if FILING.match(plain):
            continue
        for match in [*AS_OF.finditer(plain), *AS_OF_DIGITS.finditer(plain)]:
            year, month, day = match.groups()
            found.append((year, int(month), int(day), title))
        for match in MONTH.finditer(plain):
            year, month = int(match.group(1)), int(match.group(2))
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            found.append((str(year), month, last, title))
        for match in PERIOD.finditer(plain):
            year, month = match.group(1), int(match.group(2))
            last = calendar.monthrange(int(year or PLAN_YEAR), month)[1] if 1 <= month <= 12 else 0
            found.append((year, month, last, title))
    dates = {}
    for year, month, day, title in found:
        try:
            day_ = datetime.date(int(year) if year else PLAN_YEAR, month, day)
        except ValueError as error:
            raise FileProblem(
                f"标题“{title}”中的日期不存在（{month}月{day}日）。请改正标题中的日期，"
                "或删去后在导入页面填写报告日期。"
            ) from error
        dates.setdefault(day_, (title, bool(year)))
    if len(dates) > 1:
        shown = "、".join(day.isoformat() for day in sorted(dates))
        raise FileProblem(
            f"标题中写了不止一个报告日期（{shown}），看不出按哪一个导入。请在标题中只保留一个，"
            "或增加“报告日期”列。"
        )
    if not dates:
        return None
    [(day, (title, has_year))] = dates.items()
    return day, title, has_year


def range_month(header) -> int | None:
    """10 for a header 1-10月完成投资: the last month of the cumulative figure it holds."""
    match = MONTH_RANGE.search("".join(unicodedata.normalize("NFKC", str(header)).split()))
    return int(match.group(1)) if match else None


def month_problem(header, month, day: datetime.date, where: str) -> str:
    """Why a cumulative column and a report date disagree, or ""."""
    if day.year == PLAN_YEAR and day.month == month:
        return ""
    return (
        f"“{str(header).strip()}”是 {PLAN_YEAR} 年 1–{month} 月的累计完成投资，而报告日期是 "
        f"{day.isoformat()}（{where}），月份不一致。请核对报告日期，或把该列改为截至报告日期"
        "所在月份的累计数。"
    )


def prepare(resource, table, options, notes) -> None:
    """Fill in the report date and the publish choice the file leaves out; raise
    ``FileProblem`` for a file that gives neither, or whose dates disagree."""
    by_key = columns_by_key(resource)
    index_of, header_of = {}, {}
    for index, header in enumerate(table.headers):
        column = None if v.is_blank(header) else find_column(header, by_key)
        if column is not None and column.attribute not in index_of:
            index_of[column.attribute] = index
            header_of[column.attribute] = header
    layout = getattr(table, "layout", None)
    titled = title_date(layout.titles if layout else [])
    given = options.report_date
    if titled and given and titled[0] != given:
        raise FileProblem(
            f"标题“{titled[1]}”写的报告日期是 {titled[0].isoformat()}，"
            f"而{options.report_date_source}是 {given.isoformat()}，两者不一致。"
            "请核对后只保留正确的一个（清空填写的日期，或改正标题）再导入。"
        )
    file_date, source = None, ""
    if titled:
        file_date = titled[0]
        year = "" if titled[2] else f"，年份按计划年度 {PLAN_YEAR} 年"
        source = f"取自标题“{titled[1]}”{year}"
    elif given:
        file_date, source = given, f"取自{options.report_date_source}"
    date_column = resource.column("date")
    resource.range_month = None
    completed = header_of.get("completed_2026")
    month = range_month(completed) if completed is not None else None
    if "date" not in index_of:
        if file_date is None:
            raise FileProblem(NO_DATE)
        if month is not None:
            problem = month_problem(completed, month, file_date, source)
            if problem:
                raise FileProblem(problem)
        _add_column(table, date_column.header, file_date)
        notes.append(f"报告日期：{file_date.isoformat()}（{source}），用于文件中的每一行。")
    else:
        resource.range_month = (month, completed) if month is not None else None
        shown = str(header_of["date"]).strip()
        filled = 0
        if file_date is not None:
            filled = _fill(table, index_of["date"], date_column.widget.empty, file_date)
        if filled:
            notes.append(
                f"报告日期：按文件中的“{shown}”列；该列留空的 {filled} 行按 "
                f"{file_date.isoformat()}（{source}）。"
            )
        else:
            unused = f"（{source}的 {file_date.isoformat()} 未使用）" if file_date else ""
            notes.append(f"报告日期：按文件中的“{shown}”列{unused}。")
    if month is not None:
        notes.append(
            f"“{str(completed).strip()}”按 {PLAN_YEAR} 年 1–{month} 月累计完成投资"
            "（即“2026年累计完成投资”）读取。"
        )
    # The choice is for the reports the file adds: a stored report keeps whether it is public
    # unless the file's own 已发布 cell says otherwise (blank never erases).
    resource.publish_new = options.publish
    if options.publish is None and "is_published" not in index_of:
        raise FileProblem(NO_PUBLISH)


def row_problems(resource, row_values, raw) -> list[tuple[str, str]]:
    problems = []
    project, name = row_values.get("project"), row_values.get("project_name")
    if project is not None and name and v.normalise(name) != v.normalise(project.name):
        problems.append(
            (
                "project_name",
                f"项目名称“{name}”与编号 {project.code} 的项目名称“{project.name}”不一致。"
                "请核对是编号填错了还是名称写错了，改正后重新导入。",
            )
        )
    day = row_values.get("date")
    if resource.range_month and isinstance(day, datetime.date):
        month, header = resource.range_month
        problem = month_problem(header, month, day, "本行“报告日期”")
        if problem:
            problems.append(("completed_2026", problem))
    return problems


def publish_statement(reports) -> str:
    """Whether the reports of the file are public once imported, for the preview and result."""
    shown = sum(1 for report in reports if report.is_published)
    hidden = len(reports) - shown
    if not reports:
        return ""
    if not hidden:
        return f"{PUBLISHED}已发布"
    if not shown:
        return f"{PUBLISHED}未发布（需在后台发布）"
    return f"{PUBLISHED}{shown} 条已发布，{hidden} 条未发布（需在后台发布）"


def _add_column(table, header, value) -> None:
    width = len(table.headers)
    table.headers = [*table.headers, header]
    table.rows = [
        (number, [*cells, *([None] * (width - len(cells))), value]) for number, cells in table.rows
    ]


def _fill(table, index, is_empty, value) -> int:
    """Put *value* in the empty cells of column *index*; how many there were."""
    filled, rows = 0, []
    for number, cells in table.rows:
        cells = list(cells)
        cells.extend([None] * (index + 1 - len(cells)))
        if is_empty(cells[index]):
            cells[index] = value
            filled += 1
        rows.append((number, cells))
    table.rows = rows
    return filled


def cumulative_aliases() -> list[str]:
    """The headers offices give the 2026 cumulative completed investment: 累计完成投资,
    本年完成投资 and 1-10月完成投资 with any month and dash (``range_month`` checks the month)."""
    aliases = ["累计完成投资", "本年完成投资", "本年累计完成投资", "2026年完成投资"]
    for month in range(1, 13):
        for dash in ("-", "—", "–", "~", "至", "到"):
            for middle in ("", "累计"):
                for year in ("", f"{PLAN_YEAR}年"):
                    aliases.append(f"{year}1{dash}{month}月{middle}完成投资")
    return aliases
