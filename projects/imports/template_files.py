"""Blank files to fill in, one per kind: the headers, one example row and what each column means.

The XLSX template carries the explanations on a second sheet ("填写说明"), which the import
skips; CSV has no second sheet, so the admin's import page shows the same explanations.
"""

from projects.imports import values
from projects.imports.exporting import csv_bytes, text_column_indexes, xlsx_bytes
from projects.imports.widgets import Date, Number

GENERAL_NOTES = [
    "第一行是列名，请不要修改；从第二行起每行一条记录。",
    "第二行是示例，带有“（示例）”字样，导入前请删除；含“（示例）”的行会被拒绝，整个文件不会导入。",
    "列名括号里的单位（如“总投资(万元)”）是系统记录的单位：请按这个单位填写，"
    "列名写成其他单位（如“总投资（亿元）”）的文件会被拒绝。",
    "只填需要的列也可以：编号列必须有；文件里没有的列，已有记录的这些内容保持不变。",
    "空白单元格不会清除已有内容：留空的单元格（数字、日期列填“—”“无”也一样）保持原值，"
    "整列留空也是如此；新记录留空的按默认值。要清除已有内容，请在该单元格填“（清空）”，"
    "预览中显示为改为“（空）”。必填的列（如项目名称、所属领域）和“是/否”列不能清空。",
    "项目编号：新项目可以不填（或填“待定”“新项目”等），系统按 KL2026-001 的格式接着现有最大"
    "编号分配，预览中可以看到；没有编号的行只能新建，不能更新已有项目。进展报告、进展数据"
    "必须填写已有项目或指标的编号。",
    "项目编号、指标编号的字母一律按大写保存，kl2026-001 与 KL2026-001 是同一个编号。",
    "同一编号再次导入会更新原记录，不会重复创建；与现有数据相同的行不会产生任何修改。",
    "任何一行有错，整个文件都不会导入；系统会列出每一处错误的行号、列名、填写的值和原因。",
    "CSV 文件可用 UTF-8 或 GBK/GB18030 编码保存；Excel、WPS 文件可以是 .xlsx、.xls 或 .ods。"
    "有几个工作表的，读取打开文件时显示的那一个（表头不对时读取表头最相符的那一个，“填写说明”"
    "除外），预览中写明读取了哪一个；隐藏的行和列不导入。",
]


# What a progress report file may leave out, and how it is then read.
REPORT_NOTES = [
    "进展报告：整个文件同一报告日期的，可以不要“报告日期”列：在标题中写明“截至10月31日”"
    "“截至2026年10月31日”或“2026年10月”（不写年份按2026年），或在导入页面填写报告日期"
    "（命令行用 --date）；有“报告日期”列的按该列。两处都没有的文件不会导入。预览中写明用了"
    "哪个日期、取自哪里。",
    "进展报告：“项目名称”列可以保留，系统用它核对编号，名称与该编号的项目不一致的行报错。",
    "进展报告：“1-10月完成投资”“1—10月累计完成投资”“累计完成投资”“本年完成投资”都按"
    "“2026年累计完成投资(万元)”读取；列名中的月份须与报告日期的月份一致。",
    "进展报告：没有“已发布”列的文件，须在导入页面选择“发布”或“暂不发布”（命令行用 "
    "--publish 或 --no-publish）；预览和导入结果都会写明导入后这些报告是否已发布。",
]
DISCLOSURE_NOTES = [
    "信息公开事项：附件（批复文件、公告的 PDF 或图片）不能通过文件导入，请在后台逐条上传。",
    "信息公开事项：有“编号”列且填写了编号的行修改该事项；没有编号的行新增事项。没有编号而与"
    "已有事项（同一项目、类别、事项、文号和信息形成日期）相同的行会被拒绝，请填写编号。",
    "信息公开事项：每个事项须填写的要素按公开事项而定（如项目备案须填文号、日期和单位），"
    "不记录的要素须留空；“不适用”“不予公开”的行不填写公开内容，只写说明或依据。",
    "信息公开事项：“金额（万元）”按万元填写；列名写成其他单位（亿元、元）的文件不会导入。",
]
# Notes only some kinds need, after the general ones.
KIND_NOTES = {"进展报告": REPORT_NOTES, "信息公开事项": DISCLOSURE_NOTES}


def notes(resource) -> list[str]:
    """The template's notes for *resource*: the general ones, then those of its kind."""
    return GENERAL_NOTES + KIND_NOTES.get(resource.noun, [])


def guide(resource) -> list[dict]:
    """One entry per column: header, required or not, meaning, how to write it, example."""
    return [
        {
            "header": column.header,
            "required": "必填" if resource.is_required(column) else "选填",
            "meaning": resource.meaning(column),
            "hint": column.widget.hint + _clearing(resource, column),
            "example": column.example,
            "aliases": "、".join(a for a in column.aliases if a.isascii()),
        }
        for column in resource.columns()
    ]


def _clearing(resource, column) -> str:
    """What an empty cell and （清空） do in this column, for its explanation."""
    if column.attribute in resource.key or not column.recorded:
        return ""
    try:
        column.widget.cleared()
    except values.BadValue:
        return "留空则保持原值。"
    field = resource.model_field(column)
    if not field.many_to_many and not field.blank:
        return "留空则保持原值；必填，不能清空。"
    return "留空则保持原值；要清除已有内容请填“（清空）”。"


def template_csv(resource) -> bytes:
    columns = resource.columns()
    return csv_bytes([c.header for c in columns], [[c.example for c in columns]])


def template_xlsx(resource) -> bytes:
    columns = resource.columns()
    headers = [c.header for c in columns]
    # The example row as real cells: numbers as numbers and dates as dates.
    example = [_typed(column) for column in columns]
    notes_ = [["填写说明"], *([note] for note in notes(resource)), []]
    notes_.append(["列名", "是否必填", "含义", "填写方法", "示例", "英文列名（也可使用）"])
    for entry in guide(resource):
        notes_.append(
            [
                entry["header"],
                entry["required"],
                entry["meaning"],
                entry["hint"],
                entry["example"],
                entry["aliases"],
            ]
        )
    return xlsx_bytes(
        headers,
        [example],
        title=str(resource._meta.model._meta.verbose_name_plural)[:31],
        text_columns=text_column_indexes(resource, headers),
        extra_sheets=[("填写说明", notes_)],
    )


def _typed(column):
    if not column.example or not isinstance(column.widget, Number | Date):
        return column.example
    try:
        return column.widget.render(column.widget.clean(column.example))
    except values.BadValue:
        return column.example
