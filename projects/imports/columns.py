"""What every import/export resource shares: columns with Chinese headers, the natural key.

A ``Column`` is a django-import-export field that also knows its English aliases and how to
explain itself in the downloadable templates. ``RecordResource.import_data`` runs the batched,
all-or-nothing import in ``projects.imports.engine`` instead of the library's row-by-row loop
(see PITFALLS.md).
"""

import re
import unicodedata
from decimal import Decimal

from import_export import fields, resources

from projects.imports import widgets as w

#: Put in a text cell of every template's example row; the import refuses rows carrying it.
EXAMPLE_MARK = "（示例）"

BRACKETS = re.compile(r"\(([^)]*)\)")
# Other ways of writing a column's unit that mean the same (compared after ``unit_key``).
UNIT_SPELLINGS = {
    "万元": {"万元", "万元人民币", "人民币万元"},
    "%": {"%", "百分比", "百分数"},
}


def header_key(header) -> str:
    """How headers are compared: 总投资（万元）, 总投资(万元) and 总投资 are one column.

    The unit in brackets is left out here and checked on its own (``Column.wrong_unit``).
    """
    key = unicodedata.normalize("NFKC", str(header or "")).lower()
    key = BRACKETS.sub("", key)
    return re.sub(r"[\s_*:\-]+", "", key)  # spaces, underscores, required-field stars


def header_units(header) -> list[str]:
    """What a header says in brackets, half- or full-width: 总投资（亿元） -> ["亿元"]."""
    return [part.strip() for part in BRACKETS.findall(unicodedata.normalize("NFKC", str(header)))]


class StackedHeader(str):
    """A column headed on two rows, 投资（万元） over 总投资: reads as one text, 投资（万元）总投资,
    which is how messages name it; ``header_candidates`` knows the two parts."""

    def __new__(cls, upper, lower):
        text = super().__new__(cls, f"{str(upper).strip()}{str(lower).strip()}")
        text.upper, text.lower = str(upper).strip(), str(lower).strip()
        return text


# Upper cells that only group the columns under them (投资 over 总投资, 2026年计划): the lower
# cell may then name the column alone. A year or period above is a qualifier and never dropped.
GROUP_WORDS = {"投资", "金额", "资金", "投资额", "投资情况", "项目投资", "投资完成情况"}


def header_candidates(header) -> list[str]:
    """The keys a header may match, best first: 投资（万元）over 2026年计划 is tried as
    投资2026年计划, then 2026年计划投资, then (the upper cell being a group) 2026年计划."""
    keys = [header_key(header)]
    if isinstance(header, StackedHeader):
        upper = header_key(header.upper)
        keys.append(header_key(header.lower + header.upper))
        if not upper or upper in GROUP_WORDS or upper in header_key(header.lower):
            keys.append(header_key(header.lower))
    return keys


def find_column(header, by_key):
    """The column a file's header names (``by_key``: header key -> column), or None."""
    return next((by_key[key] for key in header_candidates(header) if key in by_key), None)


def unit_key(unit) -> str:
    """How units are compared: 万 元, 万元 and 单位：万元 are one unit."""
    key = "".join(unicodedata.normalize("NFKC", unit).split()).lower()
    return re.sub(r"^单位:?", "", key)


# What one unit of money written in a file is in 万元, the unit the money columns are kept in.
TO_WAN_YUAN = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
}
# The money fields keep two decimals: 0.01 万元 is 100 元.
MONEY_PLACES = Decimal("0.01")


def money_unit(unit) -> str:
    """A unit as written (人民币万元, 万 元), keyed for ``TO_WAN_YUAN``; money units end in 元."""
    return unit_key(unit).replace("人民币", "")


def is_money(column) -> bool:
    return unit_key(column.unit) in UNIT_SPELLINGS["万元"] if column.unit else False


def says_wan_yuan(header) -> bool:
    return any(unit_key(unit) in UNIT_SPELLINGS["万元"] for unit in header_units(header))


def to_wan_yuan(value, factor):
    if factor == 1 or not isinstance(value, Decimal):
        return value
    converted = value * factor
    if converted.as_tuple().exponent < -2:
        converted = converted.quantize(MONEY_PLACES)
    return converted


def money_scales(matched, statements) -> tuple[dict, str, str]:
    """How a unit stated outside the header applies to the money columns of a file.

    *matched* is the engine's (index, column, header) list, *statements* what the layout found
    (``layout.UnitStatement``). Returns (attribute -> factor to 万元, note for the preview,
    why the file is refused); a stated unit is never assumed to be 万元.
    """
    money = [(column, header) for _, column, header in matched if is_money(column)]
    unheaded = [header for column, header in money if not header_units(header)]
    loose = [s for s in statements if s.loose]
    statements = [s for s in statements if not s.loose]
    if not statements and loose and unheaded:
        return (
            {},
            "",
            (
                f"{loose[0].where()}写着“{loose[0].text}”，提到“{loose[0].units[0]}”，"
                f"但没有写明{_named(unheaded)}按什么单位填写。为免数值差错，整个文件未导入。"
                "请在表头上方写明金额单位（如“单位：万元”），或在列名中注明，如“总投资(万元)”。"
            ),
        )
    if not statements or not money:
        return {}, "", ""
    stated, other = {}, []
    for statement in statements:
        for unit in statement.units:
            if money_unit(unit).endswith("元"):
                stated.setdefault(money_unit(unit), statement)
            else:
                other.append(statement)
    if len(stated) > 1:
        names = "、".join(f"“{unit}”（{s.where()}）" for unit, s in stated.items())
        return (
            {},
            "",
            (
                f"文件中写了不止一个金额单位：{names}，看不出金额按哪一个填写。"
                "为免数值差错，整个文件未导入。请只保留一个金额单位后重新导入。"
            ),
        )
    if not stated:
        if not unheaded:
            return {}, "", ""
        return (
            {},
            "",
            (
                f"{other[0].where()}写着“{other[0].text}”，不是金额单位，看不出"
                f"{_named(unheaded)}按什么单位填写。为免数值差错，整个文件未导入。"
                "请写明金额单位（如“单位：万元”），或在列名中注明，如“总投资(万元)”。"
            ),
        )
    [(unit, statement)] = stated.items()
    if unit not in TO_WAN_YUAN:
        return (
            {},
            "",
            (
                f"{statement.where()}写着“{statement.text}”，“{unit}”无法换算为万元。"
                "为免数值差错，整个文件未导入。请把金额换算为万元、单位改为“单位：万元”后重新导入。"
            ),
        )
    headed = [header for column, header in money if says_wan_yuan(header)]
    if unit != "万元" and headed:
        return (
            {},
            "",
            (
                f"{statement.where()}写着“{statement.text}”，而{_named(headed)}的列名注明“万元”，"
                "两者矛盾。为免数值差错，整个文件未导入。请核对金额的实际单位，"
                "把单位行和列名改为一致后重新导入。"
            ),
        )
    if unit == "万元":
        return {}, "", ""
    factor = TO_WAN_YUAN[unit]
    rounding = "，保留两位小数" if factor < 1 else ""
    note = f"金额按“{unit}”读取，已换算为万元（{_named(unheaded)}{rounding}）。"
    return {column.attribute: factor for column, _ in money}, note, ""


def _named(headers) -> str:
    return "、".join(f"“{header}”" for header in headers) + "列"


def field_names(text: str) -> tuple[str, ...]:
    """Field names written as one string: long resource declarations stay readable."""
    return tuple(text.split())


class Column(fields.Field):
    """A column of an import file: its Chinese header, English aliases and explanation."""

    def __init__(
        self, attribute, header, widget=None, *, aliases=(), note="", example="", recorded=True
    ):
        super().__init__(attribute=attribute, column_name=header, widget=widget or w.Text())
        self.header = header
        #: False for a column that is no field of the record but says something about the
        #: change (修改原因): read with the row, never compared or written to the record.
        self.recorded = recorded
        self.aliases = tuple(dict.fromkeys((attribute, *aliases)))
        self.note = note
        self.example = example
        # The unit a number column is recorded in, as its header says: 总投资(万元) -> 万元.
        units = header_units(header) if isinstance(self.widget, w.Number) else []
        self.unit = units[0] if units else ""

    def header_keys(self):
        return {header_key(name) for name in (self.header, *self.aliases)}

    def wrong_unit(self, header) -> str:
        """The unit a file's header gives this column if it is not the recorded one, else "".

        A header 总投资（亿元） over numbers in 亿元 would otherwise be read as 万元: 10,000 times
        too small. Brackets over columns without a fixed unit (纬度, 建设规模) are not units.
        """
        if not self.unit:
            return ""
        same = UNIT_SPELLINGS.get(self.unit, {unit_key(self.unit)})
        for written in header_units(header):
            if unit_key(written) and unit_key(written) not in same:
                return written
        return ""


class RecordResource(resources.ModelResource):
    """What every kind shares; subclasses list their columns and their natural key."""

    #: attributes that identify a record across files (the natural key)
    key: tuple[str, ...] = ()
    #: short Chinese name of one record, for messages
    noun = "记录"

    def columns(self) -> list[Column]:
        return [field for field in self.get_export_fields() if isinstance(field, Column)]

    def column(self, attribute) -> Column:
        return next(column for column in self.columns() if column.attribute == attribute)

    def model_field(self, column):
        return self._meta.model._meta.get_field(column.attribute)

    def notes(self) -> list[str]:
        """The attributes of the columns that are not fields of the record."""
        return [column.attribute for column in self.columns() if not column.recorded]

    def is_required(self, column) -> bool:
        """Whether a new record needs this column filled (the key always does)."""
        if column.attribute in self.key:
            return True
        if not column.recorded:
            return False
        field = self.model_field(column)
        if field.many_to_many or field.has_default():
            return False
        return not field.blank

    def meaning(self, column) -> str:
        if not column.recorded:
            return f"{column.header}：{column.note}"
        field = self.model_field(column)
        parts = [str(field.verbose_name)]
        if column.note or field.help_text:
            parts.append(column.note or str(field.help_text))
        return "：".join(parts)

    def describe(self, obj) -> str:
        """How a record is named in the preview and in error lists."""
        return str(obj)

    def filter_export(self, queryset, **kwargs):
        lookups = [c for c in self.columns() if isinstance(c.widget, w.Lookup)]
        related = [c.attribute for c in lookups if not isinstance(c.widget, w.ManyLookup)]
        many = [c.attribute for c in lookups if isinstance(c.widget, w.ManyLookup)]
        if related:  # select_related() without names would follow every foreign key
            queryset = queryset.select_related(*related)
        return queryset.prefetch_related(*many)

    def get_queryset(self):
        return self._meta.model._default_manager.order_by(*self.key)

    #: money fields whose change by a factor of 1,000 or more must be confirmed
    large_change_fields: tuple[str, ...] = ()

    # Hooks for the engine; the defaults suit records whose related records already exist.

    def prepare_table(self, table, options, notes):
        """Complete *table* with what the clerk gave besides the file (``options``) before
        its header is matched; raise ``FileProblem`` when something needed is missing."""

    def statements(self, records) -> list[str]:
        """What the preview and the result say about the file's records once imported."""
        return []

    def before_check(self, table, columns):
        """Prepare lookups before the rows are read."""

    def new_instance(self, row_values):
        """An unsaved record with the row's values (many-to-many ones excepted)."""
        return self._meta.model(**row_values)

    def row_problems(self, row_values, raw) -> list[tuple[str, str]]:
        """Problems between the cells of one row: (attribute, reason). Run on every row that
        was read, whether or not it changes its record."""
        return []

    def check_plan(self, plan) -> list[tuple[int, str, str]]:
        """Problems that only show across rows: (row number, attribute, reason)."""
        return []

    def review_change(self, planned, changes, *, published) -> list[tuple[str, str]]:
        """Problems of a row that creates or changes its record, seen with what it changes:
        (attribute, reason). ``planned.before`` holds the stored values (None for a new
        record), ``planned.notes`` the row's cells of columns that are not fields; a resource
        may add to the change here (and to *changes*, shown in the preview)."""
        return []

    def creation_batches(self, created) -> list[list]:
        """New records in the order they must be created."""
        return [created] if created else []

    def after_write(self, *, created, updated, user, reason):
        """Follow-up work once records are written, inside the same transaction."""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All-or-nothing, batched import of a tablib dataset; returns an ``Outcome``.

        Kept compatible with django-import-export's signature so that code calling the library
        the usual way still gets the safe behaviour: nothing is written if any row is invalid.
        """
        from projects.imports.engine import run_import
        from projects.imports.files import Table

        table = Table.from_dataset(dataset, file_name=kwargs.get("file_name") or "")
        return run_import(
            self, table, user=kwargs.get("user"), file_name=table.file_name, dry_run=dry_run
        )
