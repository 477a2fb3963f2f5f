"""django-import-export widgets that read office-style cells (see ``values``) and write exports.

``clean`` turns a cell into a model value or raises ``BadValue``; ``render`` gives the export
value in its native type (numbers stay numbers, dates stay dates), so an XLSX export has real
number and date cells and every export reads back unchanged. ``fmt`` is the text shown in the
admin preview. Lookups load their table once per import (``load``) instead of once per row.
"""

from decimal import Decimal
from functools import cached_property

from django.utils import translation
from import_export import widgets

from projects import places
from projects.imports import coordinates, values
from projects.models.responsible import unit_name_key


class Cell(widgets.Widget):
    #: How to write the value, for the column explanations in templates and the admin.
    hint = ""
    #: Whether equal cells always read as the same immutable value (so may be read once).
    pure = True
    #: Whether the value is a list of related records (a many-to-many field).
    many = False
    #: Whether an empty cell leaves an existing record's value as it is (``clean`` gives None).
    blank_keeps = False

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        return values.text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value

    def fmt(self, value) -> str:
        rendered = self.render(value)
        return "（空）" if rendered in ("", None) else str(rendered)

    def same(self, current, new) -> bool:
        return (current or "") == (new or "")

    def load(self):
        """Read whatever the widget needs from the database, once per import."""

    def empty(self, cell) -> bool:
        """Whether *cell* says nothing: it then leaves a stored value as it is."""
        return values.is_blank(cell)

    def cleared(self):
        """The value a cell marked （清空） gives: the field's empty value."""
        return ""


class Text(Cell):
    hint = "文字，原样保存。"

    def same(self, current, new) -> bool:
        # Line breaks typed in a browser are stored as CRLF; spreadsheets give LF.
        return _plain_text(current) == _plain_text(new)


def _plain_text(value) -> str:
    return (value or "").replace("\r\n", "\n").strip()


class Code(Cell):
    hint = "文字编号；在 Excel 中请把该列设为“文本”格式，以免被改成科学计数法。"

    def __init__(self, *, upper=False, new_when_blank=False):
        super().__init__()
        # Project and target codes are upper case (KL2026-001, T01); slugs stay as written.
        self.upper = upper
        if upper:
            self.hint += "字母一律按大写保存，kl2026-001 与 KL2026-001 是同一个编号。"
        # A project row without a code (empty, 待定, 新项目) is a new project; the import
        # gives it the next code. Elsewhere a placeholder is refused, never taken as a code.
        self.new_when_blank = new_when_blank
        if new_when_blank:
            self.hint += (
                "新项目可不填编号（或填“待定”“新项目”等），系统按 KL2026-001 的格式接着现有"
                "最大编号分配；没有编号的行只能新建项目，不能更新已有项目。"
            )

    def clean(self, value, row=None, **kwargs):
        if self.new_when_blank and values.is_placeholder_code(value):
            return ""
        return values.upper_code(value) if self.upper else values.code(value)

    def empty(self, cell) -> bool:
        return values.is_placeholder_code(cell) if self.new_when_blank else super().empty(cell)

    def cleared(self):
        raise values.BadValue("编号不能清空。")


class Number(Cell):
    hint = "数字，可带千位分隔符（1,234.5）；不填或填“—”表示不修改（新记录为空）。"

    def clean(self, value, row=None, **kwargs):
        return values.decimal(value)

    def empty(self, cell) -> bool:
        return values.is_empty_mark(cell)

    def cleared(self):
        return None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # 20.0000 from a DecimalField reads better as 20, and Decimal.normalize() would give 2E+1.
        return Decimal(values.number_text(value))

    def same(self, current, new) -> bool:
        if current is None or new is None:
            return current is None and new is None
        return Decimal(current) == Decimal(new)


class Whole(Number):
    hint = "整数。"

    def clean(self, value, row=None, **kwargs):
        number = values.decimal(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise values.BadValue(f"“{value}”应为整数。")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else int(value)


class Coordinate(Number):
    """A latitude or longitude written as 42.73, 42°44′12″N, 42度44分12秒 or 42°44.2′."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind
        self.hint = (
            f"{coordinates.NAMES[kind]}，可写小数度或度分秒，例如 {coordinates.EXAMPLES[kind]}；"
            f"{coordinates.HOW}不填或填“—”表示不修改。"
        )

    def clean(self, value, row=None, **kwargs):
        return coordinates.read(value, self.kind)


class Percent(Number):
    hint = (
        "百分数，0 到 100，可写 85 或 85%；0 到 1 之间的数（如 0.9、1）不带 % 无法判断是 90% "
        "还是 0.9%，会被拒绝，请写成 90 或 90%（设为百分比格式的单元格可以直接读取）。"
    )

    def clean(self, value, row=None, **kwargs):
        return values.percent(value)

    def render(self, value, obj=None, **kwargs):
        number = super().render(value)
        # 1 (per cent) exported as a bare 1 would be refused as ambiguous when imported again.
        return f"{values.number_text(number)}%" if number != "" and 0 < number <= 1 else number


class Measure(Number):
    """A target's value: a plain number, or a percentage for targets measured in %.

    Whether a % sign fits the row's target is checked by the resource, which knows the target.
    """

    hint = (
        "数字，可带千位分隔符；单位为“%”的指标可写 92、92% 或 92 %，都按 92 记录，"
        "不带 % 的 0.9、1 等无法判断是 90% 还是 0.9%，会被拒绝。"
    )

    def clean(self, value, row=None, **kwargs):
        return values.measure(value)


class Date(Cell):
    hint = (
        "日期，如 2026-03-01、2026/3/1、2026.3.1 或 2026年3月1日，须在 2000 年到 2100 年之间；"
        "只写年份（2026）或 202603、20260315 这样的数字会被拒绝。"
    )

    def clean(self, value, row=None, **kwargs):
        return values.date(value)

    def empty(self, cell) -> bool:
        return values.is_empty_mark(cell)

    def cleared(self):
        return None

    def fmt(self, value) -> str:
        return "（空）" if value is None else value.isoformat()

    def same(self, current, new) -> bool:
        return current == new


class KeptDate(Date):
    """A date an empty cell does not clear: a project's stage date, which the system sets
    itself when an import changes the stage without one (``projects.imports.changes``)."""

    hint = Date.hint + "留空则保持原日期。"
    blank_keeps = True


class YesNo(Cell):
    hint = "填“是”或“否”；新记录不填视为“否”，已有记录不填则保持原值不变。"
    # An empty cell must not unpublish a public record: it says nothing, so nothing changes.
    blank_keeps = True

    def clean(self, value, row=None, **kwargs):
        if values.is_blank(value):
            return None
        return values.boolean(value)

    def cleared(self):
        raise values.BadValue("“是/否”不能清空，请填写“是”或“否”；留空则保持原值。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"

    def same(self, current, new) -> bool:
        return bool(current) == bool(new)


class Choice(Cell):
    def __init__(self, choices, synonyms=None, *, required=True):
        super().__init__()
        self.choices = list(choices)
        self.synonyms = synonyms or {}
        self.required = required

    @cached_property
    def labels(self) -> dict[str, str]:
        # Labels are lazy translations: resolve them once (not once per cell), and in
        # Chinese whatever language the request happens to be in.
        with translation.override("zh-hans"):
            return {stored: str(label) for stored, label in self.choices}

    @cached_property
    def names(self) -> dict[str, str]:
        return values.choice_names(self.labels.items(), self.synonyms)

    @cached_property
    def allowed(self) -> str:
        return "、".join(self.labels.values())

    @property
    def hint(self) -> str:
        return f"可填：{self.allowed}" + ("。" if self.required else "；可留空。")

    def clean(self, value, row=None, **kwargs):
        return values.choice(value, self.names, self.allowed)

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class Place(Cell):
    """A township of the banner, from ``projects.places``: 库伦镇人民政府 is stored as 库伦镇."""

    hint = (
        f"从以下名称中选填：{'、'.join(places.TOWNSHIPS)}；“库伦镇人民政府”“库伦镇政府”“库伦”"
        "等写法按同一地点读取；不清楚的可留空。"
    )

    def clean(self, value, row=None, **kwargs):
        try:
            return places.township(values.text(value))
        except places.UnknownTownship as error:
            raise values.BadValue(error.message) from error


class ResponsibleUnit(Cell):
    """A responsible unit written by its name or one of its other names (旗文旅局)."""

    hint = (
        "已有责任单位的名称或其他写法（在后台“责任单位”中维护），不计空格，也不计开头的"
        "“库伦旗”“旗”和结尾的“人民政府”“政府”；可留空。"
    )

    def __init__(self):
        super().__init__()
        self.by_key = None
        self.by_pk = {}  # the stored units, for comparing a record's current value

    def load(self):
        from projects.models import Unit

        # Sorted here, not by the database, so that the list in messages is the same on every
        # database whatever its collation.
        units = sorted(
            Unit.objects.only("pk", "name", "name_en", "aliases", "order"),
            key=lambda unit: (unit.order, unit.name),
        )
        self.known = "、".join(unit.name for unit in units)
        self.by_pk = {unit.pk: unit for unit in units}
        self.by_key = {}
        for unit in units:
            for key in unit.name_keys():
                self.by_key.setdefault(key, unit)

    def clean(self, value, row=None, **kwargs):
        if values.is_blank(value):
            return None
        if self.by_key is None:
            self.load()
        written = values.text(value)
        found = self.by_key.get(unit_name_key(written))
        if found is None:
            known = f"已有的单位：{self.known}" if self.known else "目前还没有任何责任单位"
            raise values.BadValue(
                f"“{written}”不是已有的责任单位。{known}。新的单位或其他写法请先在后台"
                "“责任单位”中添加。"
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name

    def cleared(self):
        return None

    def same(self, current, new) -> bool:
        return getattr(current, "pk", None) == getattr(new, "pk", None)


class Lookup(Cell):
    """A foreign key written as the related record's code, slug or (where unique) name."""

    def __init__(
        self, model, keys=("slug", "name"), noun="记录", *, clean_key=values.code, fields=()
    ):
        super().__init__()
        self.model = model
        self.keys = keys
        self.noun = noun
        self.clean_key = clean_key
        # Other fields the resource reads from the related records, loaded with them.
        self.fields = fields
        self.by_key = None
        self.by_pk = {}
        self.hint = f"填写已有{noun}的" + "或".join(_KEY_NAMES[k] for k in keys) + "。"

    def load(self):
        manager = self.model._default_manager.select_related(None)
        objs = list(manager.only("pk", *self.keys, *self.fields))
        self.by_pk = {obj.pk: obj for obj in objs}
        self.by_key = {}
        for key in self.keys:
            matches = {}
            for obj in objs:
                matches.setdefault(_folded(getattr(obj, key)), []).append(obj)
            for folded, found in matches.items():
                # A code or slug wins over a name; a name two records share means neither.
                if folded not in self.by_key:
                    self.by_key[folded] = found[0] if len(found) == 1 else None

    def clean(self, value, row=None, **kwargs):
        if values.is_blank(value):
            return None
        if self.by_key is None:
            self.load()
        if values.is_placeholder_code(value):
            ways = "或".join(_KEY_NAMES[k] for k in self.keys)
            raise values.BadValue(
                f"“{str(value).strip()}”不是{self.noun}的{ways}：这里必须填写已有{self.noun}的{ways}。"
            )
        written = self.clean_key(value)
        folded = _folded(written)
        if folded in self.by_key:
            obj = self.by_key[folded]
            if obj is None:
                raise values.BadValue(f"有不止一个{self.noun}叫“{written}”，请改填它的标识。")
            return obj
        ways = "或".join(_KEY_NAMES[k] for k in self.keys)
        raise values.BadValue(
            f"找不到{self.noun}“{written}”。请填写已有{self.noun}的{ways}；"
            f"新的{self.noun}须先在后台或用对应的导入文件建立。"
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.keys[0])

    def cleared(self):
        return None

    def same(self, current, new) -> bool:
        return getattr(current, "pk", None) == getattr(new, "pk", None)


class ManyLookup(Lookup):
    """A many-to-many field written as codes in one cell: T01、T02."""

    pure = False
    many = True

    def __init__(self, model, keys=("code",), noun="记录", *, clean_key=values.code):
        super().__init__(model, keys, noun, clean_key=clean_key)
        self.hint = f"已有{noun}的编号，多个用顿号或逗号分开，如 T01、T02。"

    def clean(self, value, row=None, **kwargs):
        found, seen = [], set()
        for part in values.items(value):
            obj = super().clean(part)
            if obj.pk not in seen:
                seen.add(obj.pk)
                found.append(obj)
        return sorted(found, key=lambda obj: getattr(obj, self.keys[0]))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        related = value.all() if hasattr(value, "all") else value
        return "、".join(sorted(getattr(item, self.keys[0]) for item in related))

    def fmt(self, value) -> str:
        return self.render(value) or "（空）"

    def same(self, current, new) -> bool:
        return {obj.pk for obj in current or []} == {obj.pk for obj in new or []}

    def cleared(self):
        return []


class Stages(Cell):
    """A list of construction stages written by their Chinese names: 新开工、续建."""

    pure = False

    def __init__(self, choices):
        super().__init__()
        self.choice = Choice(choices, required=False)
        self.order = [stored for stored, _ in choices]

    @property
    def hint(self) -> str:
        return f"建设阶段名称，多个用顿号分开（{self.choice.allowed}）；没有填写的表示全部阶段。"

    def clean(self, value, row=None, **kwargs):
        chosen = {self.choice.clean(part) for part in values.items(value)}
        return [stage for stage in self.order if stage in chosen]

    def render(self, value, obj=None, **kwargs):
        return "、".join(self.choice.render(stage) for stage in value or [])

    def cleared(self):
        return []

    def same(self, current, new) -> bool:
        return set(current or []) == set(new or [])


class Numbers(Cell):
    """A list of numbers in one cell, such as a monthly pace profile: 0.05、0.1、..."""

    pure = False

    hint = "12 个 0 到 1 之间的数，用顿号分开；没有曲线的按直线计算。"

    def cleared(self):
        return None

    def clean(self, value, row=None, **kwargs):
        parts = values.items(value)
        if not parts:
            return None
        return [float(values.decimal(part)) for part in parts]

    def render(self, value, obj=None, **kwargs):
        return "、".join(values.number_text(item) for item in value or [])

    def same(self, current, new) -> bool:
        return [float(v) for v in current or []] == [float(v) for v in new or []]


def _folded(key) -> str:
    return values.normalise(key).lower()


_KEY_NAMES = {"slug": "标识", "name": "名称", "code": "编号"}
