"""The columns of a file of disclosure items (信息公开事项, 国办发〔2017〕94号).

A row names its item by the system's 编号 (the id shown in the admin and in /data/disclosure):
with one, it updates that item; without one, it adds a new item. A row without 编号 exactly
like an item already stored (same project, category, matter, 文号 and formed date) is refused
rather than taken for it or added twice. Documents (附件) are not imported: they are uploaded
item by item in the admin.
"""

import itertools

from django.db.models import Q

from projects import disclosure
from projects.disclosure import DisclosureCategory, ItemState, WithheldReason
from projects.imports import values
from projects.imports import widgets as w
from projects.imports.columns import EXAMPLE_MARK, Column, RecordResource, field_names
from projects.imports.headers import header_key
from projects.imports.plausibility import FACTOR, LargeChange
from projects.models import DisclosureItem, Project

CHUNK = 500


class ItemId(w.Cell):
    """The system's id of an item: empty for a new one."""

    hint = "整数；新增的事项留空。"

    def clean(self, value, row=None, **kwargs):
        if values.is_blank(value):
            return ""
        number = values.decimal(value)
        if number is None or number != number.to_integral_value() or number <= 0:
            raise values.BadValue(f"“{value}”不是事项编号：编号是正整数，新增的事项请留空。")
        return int(number)

    def cleared(self):
        raise values.BadValue("编号不能清空。")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value

    def same(self, current, new) -> bool:
        return current == new


class Link(w.Text):
    """A link typed without a scheme is taken as https, as the admin's form takes it."""

    hint = "网址；不写 https:// 的按 https:// 读取。"

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if text and "://" not in text:
            return f"https://{text}"
        return text


CATEGORY_SYNONYMS = {
    **{str(number): number for number in DisclosureCategory.values},
    **{label.rstrip("信息"): number for number, label in DisclosureCategory.choices},
}
MATTERS = [(m.code, m.label) for m in disclosure.MATTERS]


class DisclosureResource(RecordResource):
    id = Column(
        "id",
        "编号",
        ItemId(),
        aliases=("id", "事项编号", "item id"),
        note=(
            "系统中事项的编号（后台和开放数据 disclosure 中的“事项编号”）。填写编号的行修改该事项；"
            "新增的事项留空。没有编号而与已有事项完全相同的行会被拒绝，以免重复。"
        ),
    )
    project = Column(
        "project",
        "项目编号",
        # The unit too: a reporter may import only their own units' items (``for_review``).
        w.Lookup(
            Project,
            ("code",),
            "项目",
            clean_key=values.upper_code,
            fields=("name", "responsible_unit", "total_investment"),
        ),
        aliases=("project", "project code"),
        note="已有项目的编号，如 KL2026-001。事项不能改到另一个项目。",
        example="KL2026-001",
    )
    category = Column(
        "category",
        "公开类别",
        w.Choice(DisclosureCategory.choices, CATEGORY_SYNONYMS),
        aliases=("category",),
        note="八类之一，可写名称（批准结果信息）或序号（2）。",
        example="批准结果信息",
    )
    state = Column(
        "state",
        "公开情况",
        w.Choice(ItemState.choices),
        aliases=("state",),
        note="公开、不适用或不予公开；新增的事项不填按“公开”。",
        example="公开",
    )
    matter = Column(
        "matter",
        "公开事项",
        w.Choice(MATTERS, required=False),
        aliases=("matter",),
        note="二级事项的名称（如 项目备案、招标公告）或代码（filing）；“不适用”的行留空。",
        example="项目备案",
    )
    number = Column("number", "文号/编号", aliases=("number",), example="库发改备〔2026〕7号")
    date = Column("date", "事项日期", w.Date(), aliases=("date",), example="2026-03-02")
    authority = Column(
        "authority", "单位/机关", aliases=("authority",), example="库伦旗发展和改革委员会"
    )
    result = Column("result", "结果", aliases=("result",))
    link = Column("link", "链接", Link(), aliases=("link",), note="原文或交易平台公告的网址。")
    content = Column("content", "内容", aliases=("content",), example=f"{EXAMPLE_MARK}")
    amount = Column("amount", "金额（万元）", w.Number(), aliases=("amount",))
    withheld_reason = Column(
        "withheld_reason",
        "不予公开的理由",
        w.Choice(WithheldReason.choices, required=False),
        aliases=("withheld reason",),
    )
    reason = Column("reason", "说明或依据", aliases=("reason",))
    formed_on = Column(
        "formed_on", "信息形成或变更日期", w.Date(), aliases=("formed on",), example="2026-03-02"
    )
    is_published = Column(
        "is_published",
        "已发布",
        w.YesNo(),
        aliases=("published",),
        note="发布后随项目在网站上公开，公开日期记为导入当天。",
        example="否",
    )

    key = ("id",)
    noun = "信息公开事项"

    class Meta:
        model = DisclosureItem
        fields = field_names(
            "id project category state matter number date authority result link content amount "
            "withheld_reason reason formed_on is_published"
        )
        export_order = fields

    def prepare_table(self, table, options, notes):
        # A file without 编号 only adds items: every row is read as a new one.
        keys = self.column("id").header_keys()
        if not any(header_key(str(h or "")) in keys for h in table.headers):
            table.headers = [*table.headers, "编号"]

    def before_check(self, table, columns):
        self._new_ids = itertools.count(-1, -1)
        self._projects = self.column("project").widget
        self._names = _Names()

    def new_key(self, row_values):
        # A placeholder no stored item has: each row without 编号 is a new item of its own.
        return {"id": next(self._new_ids)}

    def new_instance(self, row_values):
        given = row_values.get("id")
        item = super().new_instance({k: v for k, v in row_values.items() if k != "id"})
        item._given_id = given if isinstance(given, int) and given > 0 else None
        return item

    def describe(self, obj) -> str:
        # The project from the lookup's table: reading obj.project would query once per row.
        known = getattr(self._projects, "by_pk", None) or {}
        project = known.get(obj.project_id) or (obj.project if obj.project_id else None)
        code = project.code if project is not None else ""
        name = self._names.of(obj) if obj.category else ""
        return f"{code} {obj.pk or '新事项'} {name}".strip()

    def unusual_amounts(self, planned, header_of, label) -> list:
        """An amount (a contract's, a final account's) 1,000 times off its project's total
        investment is most likely 亿元 or 元 written in the 万元 column."""
        amount = planned.obj.amount
        if not amount or ("amount" not in planned.changed and not planned.is_new):
            return []
        project = self._projects.by_pk.get(planned.obj.project_id)
        total = getattr(project, "total_investment", None)
        if not total or amount <= 0 or max(amount, total) < FACTOR * min(amount, total):
            return []
        column = header_of.get("amount", "金额（万元）")
        return [LargeChange(planned.row, label, column, total, amount, basis="项目总投资")]

    def review_change(self, planned, changes, *, published):
        obj = planned.obj
        # clean()'s rule that "not applicable" stands alone in its category asks the database
        # twice per record; ``check_plan`` applies it to the whole file in one query per 500
        # projects instead.
        obj._clean_not_applicable_alone = _checked_across_rows
        if planned.is_new and getattr(obj, "_given_id", None):
            return [("id", f"没有编号为 {obj._given_id} 的信息公开事项；新增的事项请留空编号。")]
        if not planned.is_new and "project" in planned.changed:
            code = Project.objects.filter(pk=planned.before["project_id"]).values_list(
                "code", flat=True
            )
            return [
                (
                    "project",
                    f"编号 {obj.pk} 的事项属于项目 {code.first()}，不能改到另一个项目："
                    "请核对编号；确属另一个项目的，请删去编号作为新事项导入。",
                )
            ]
        changed = set(planned.changed) - {"id"}
        if planned.before is not None and planned.before.get("formed_on") != obj.formed_on:
            changed.add("formed_on")
        if obj.stamp_published(changed):
            planned.changed.add("published_on")
        if obj.set_due():
            planned.changed.update(("due_on", "due_estimated"))
        return []

    def check_plan(self, plan):
        """A new row the same as a stored item is most likely that item without its 编号; a
        category not applicable to a project has no other item."""
        new = [p for p in plan if p.is_new]
        projects = sorted({p.obj.project_id for p in plan})
        stored, states = {}, {}
        rewritten = {p.obj.pk for p in plan if not p.is_new}
        for start in range(0, len(projects), CHUNK):
            rows = DisclosureItem.objects.filter(
                Q(project_id__in=projects[start : start + CHUNK])
            ).values_list("pk", "project_id", "category", "matter", "number", "formed_on", "state")
            for pk, project, category, matter, number, formed, state in rows:
                stored.setdefault((project, category, matter, number, formed), pk)
                if pk not in rewritten:
                    states.setdefault((project, category), []).append((None, state))
        for planned in plan:
            obj = planned.obj
            states.setdefault((obj.project_id, obj.category), []).append((planned, obj.state))
        problems = self._not_applicable_alone(states)
        for planned in new:
            obj = planned.obj
            same = stored.get((obj.project_id, obj.category, obj.matter, obj.number, obj.formed_on))
            if same is not None:
                problems.append(
                    (
                        planned.row,
                        "id",
                        f"与已有的事项（编号 {same}）相同。要修改那一条，请在“编号”列填写 {same}；"
                        "确是另一条的，请核对文号和信息形成日期。",
                    )
                )
        return problems

    def _not_applicable_alone(self, states):
        problems = []
        for (_project, category), found in states.items():
            if len(found) < 2 or all(s != ItemState.NOT_APPLICABLE for _, s in found):
                continue
            label = DisclosureCategory(category).label
            for planned, _state in found:
                if planned is None:
                    continue
                message = (
                    f"本项目的{label}同时有“不适用”和其他事项：“不适用”针对整个类别，"
                    "请删去其中之一。"
                )
                problems.append((planned.row, "state", message))
        return problems


def _checked_across_rows():
    """Stands in for the model's per-record query (see ``check_plan``)."""


class _Names:
    """What ``str(item)`` says, from the labels translated once per import.

    ``str(item)`` asks Django's ``get_matter_display()``, which rebuilds a dictionary of the 41
    matters' labels, translating each one, at every call: 1.5 ms a row, 15 s for 10,000.
    """

    def __init__(self):
        self.labels = {}

    def label(self, field, value):
        key = (field, value)
        if key not in self.labels:
            item = DisclosureItem(**{field: value})
            self.labels[key] = getattr(item, f"get_{field}_display")()
        return self.labels[key]

    def of(self, obj) -> str:
        if obj.state != ItemState.DISCLOSED:
            return f"{self.label('category', obj.category)}：{self.label('state', obj.state)}"
        return f"{self.label('matter', obj.matter)} {obj.number}".strip()
