"""The columns of the files that set up the plan: sectors, targets and their measurements."""

from projects.imports import changes, values
from projects.imports import widgets as w
from projects.imports.columns import EXAMPLE_MARK, Column, RecordResource, field_names
from projects.models import (
    Aggregate,
    Cadence,
    Category,
    Comparison,
    Level,
    Measurement,
    Sector,
    Stage,
    Target,
    TargetKind,
)


class SectorResource(RecordResource):
    slug = Column("slug", "标识", w.Code(), aliases=("code",), example="digital-economy")
    name = Column("name", "名称", aliases=("sector", "领域名称"), example=f"{EXAMPLE_MARK}数字经济")
    name_en = Column("name_en", "英文名称", aliases=("english name",), example="Digital economy")
    parent = Column(
        "parent",
        "上级领域",
        w.Lookup(Sector, ("slug", "name"), "领域"),
        aliases=("parent",),
        note="填写上级领域的标识；留空表示这是一个大领域。上级领域可以在同一文件中新建。",
        example="industry",
    )
    order = Column("order", "排序", w.Whole(), aliases=("sort",), example="9")

    key = ("slug",)
    noun = "领域"

    class Meta:
        model = Sector
        fields = ("slug", "name", "name_en", "parent", "order")
        export_order = fields

    def before_check(self, table, columns):
        # An area and its sectors may arrive in one file: a stand-in for each new slug lets a
        # row name its parent before the parent exists; the stand-in becomes that new record.
        self.stand_ins = {}
        parent_lookup = self.column("parent").widget
        if parent_lookup.by_key is None:
            parent_lookup.load()
        index = next(i for i, column, _ in columns if column.attribute == "slug")
        for _, cells in table.rows:
            try:
                slug = values.code(cells[index] if index < len(cells) else None)
            except values.BadValue:
                continue
            if slug and slug.lower() not in parent_lookup.by_key:
                self.stand_ins[slug] = Sector(slug=slug)
                parent_lookup.by_key[slug.lower()] = self.stand_ins[slug]

    def new_instance(self, row_values):
        sector = self.stand_ins.get(row_values.get("slug")) or Sector()
        for attr, value in row_values.items():
            setattr(sector, attr, value)
        return sector

    def check_plan(self, plan):
        problems = []
        for planned in plan:
            parent = _cached_parent(planned.obj)
            if parent is planned.obj:
                problems.append((planned.row, "parent", "领域不能以自己为上级。"))
            elif parent is not None and parent.pk is None and _cached_parent(parent) is not None:
                problems.append((planned.row, "parent", "领域最多两级：上级领域本身不能再有上级。"))
        return problems

    def creation_batches(self, created):
        # Parents first, so that their new ids are there when their sectors are inserted.
        def waits(sector):
            parent = _cached_parent(sector)
            return parent is not None and parent.pk is None

        batches = [[s for s in created if not waits(s)], [s for s in created if waits(s)]]
        return [batch for batch in batches if batch]


class TargetResource(RecordResource):
    code = Column("code", "指标编号", w.Code(upper=True), aliases=("target code",), example="T23")
    sector = Column(
        "sector", "所属领域", w.Lookup(Sector, ("slug", "name"), "领域"), example="tertiary"
    )
    order = Column("order", "排序", w.Whole(), aliases=("sort",), example="23")
    title = Column("title", "简称", example=f"{EXAMPLE_MARK}乡村旅游接待人次")
    title_en = Column("title_en", "英文简称", example="Rural tourism visits")
    wording = Column("wording", "原文表述", example="乡村旅游接待人次突破30万")
    wording_en = Column("wording_en", "英文表述")
    source = Column("source", "出处")
    kind = Column("kind", "指标类型", w.Choice(TargetKind.choices), example="累计数量")
    comparison = Column(
        "comparison", "比较方式", w.Choice(Comparison.choices), example="超过（突破）"
    )
    figure = Column("figure", "目标值", w.Number(), example="30")
    unit = Column("unit", "单位", example="万人次")
    unit_en = Column("unit_en", "英文单位", example="10k visits")
    baseline = Column("baseline", "2025年基数", w.Number())
    baseline_unit = Column("baseline_unit", "基数单位")
    start = Column("start", "起始日期", w.Date(), example="2026-01-01")
    deadline = Column("deadline", "截止日期", w.Date(), example="2026-12-31")
    cadence = Column("cadence", "统计频次", w.Choice(Cadence.choices), example="每月")
    report_lag_days = Column("report_lag_days", "发布时限（天）", w.Whole(), example="25")
    responsible_unit = Column(
        "responsible_unit",
        "数据报送单位",
        w.ResponsibleUnit(),
        aliases=("reporting unit",),
        note="负责报送本指标数据的已有责任单位的名称或其他写法，例如 旗文旅体育局；可留空。",
    )
    pace_profile = Column("pace_profile", "分月进度曲线", w.Numbers())
    rule_category = Column(
        "rule_category", "计数：产业类别", w.Lookup(Category, ("slug", "name"), "产业类别")
    )
    rule_level = Column("rule_level", "计数：项目级别", w.Choice(Level.choices, required=False))
    rule_stages = Column("rule_stages", "计数：建设阶段", w.Stages(Stage.choices))
    rule_aggregate = Column(
        "rule_aggregate", "计数方式", w.Choice(Aggregate.choices), example="项目个数"
    )
    records_complete = Column("records_complete", "项目记录已录入完整", w.YesNo(), example="否")
    is_published = Column("is_published", "已发布", w.YesNo(), aliases=("published",), example="否")
    change_reason, revision_document = changes.reason_columns()

    key = ("code",)
    noun = "指标"

    class Meta:
        model = Target
        fields = field_names(
            "code sector order title title_en wording wording_en source kind comparison "
            "figure unit unit_en baseline baseline_unit start deadline cadence "
            "report_lag_days responsible_unit "
            "pace_profile rule_category rule_level rule_stages rule_aggregate "
            "records_complete is_published change_reason revision_document"
        )
        export_order = fields

    def review_change(self, planned, changes_, *, published):
        return changes.review_target(planned, published=published)


class MeasurementResource(RecordResource):
    target = Column(
        "target",
        "指标编号",
        w.Lookup(
            Target,
            ("code",),
            "指标",
            clean_key=values.upper_code,
            fields=("unit", "responsible_unit"),
        ),
        aliases=("target", "target code"),
        note="已有指标的编号，如 T16。",
        example="T16",
    )
    date = Column("date", "统计截止日期", w.Date(), aliases=("as of",), example="2026-03-31")
    value = Column("value", "数值", w.Measure(), example="28.6")
    source = Column("source", "数据来源", example=f"{EXAMPLE_MARK}旗文旅局")
    note = Column("note", "说明", aliases=("note",))
    is_final = Column("is_final", "最终结果", w.YesNo(), aliases=("final",), example="否")
    is_published = Column("is_published", "已发布", w.YesNo(), aliases=("published",), example="否")

    key = ("target", "date")
    noun = "进展数据"

    class Meta:
        model = Measurement
        fields = ("target", "date", "value", "source", "note", "is_final", "is_published")
        export_order = fields

    def describe(self, obj) -> str:
        return f"{obj.target.code} {obj.date:%Y-%m-%d}"

    def dehydrate_value(self, obj):
        # 0.5 of a target in % is exported as "0.5%", which imports again as 0.5.
        value = self.column("value").widget.render(obj.value)
        if values.normalise(obj.target.unit) == "%" and value != "" and 0 < value <= 1:
            return f"{values.number_text(value)}%"
        return value

    def row_problems(self, row_values, raw):
        target = row_values.get("target")
        if target is None or "value" not in row_values:
            return []
        message = percent_problem(target, raw["value"], row_values["value"])
        return [("value", message)] if message else []


def percent_problem(target, written, number) -> str:
    """Why a figure written as *written* (read as *number*) does not fit *target*, or "".

    92% means 92 only for a target measured in %; for T16 (万人次) it is a mistake. A bare
    0.9 for a target in % may be 90% or 0.9%. The admin's forms use the same rule.
    """
    in_percent = values.normalise(target.unit) == "%"
    if not values.has_percent_sign(written):
        try:
            if in_percent:
                values.ambiguous_share(number)
        except values.BadValue as error:
            return error.message
        return ""
    if in_percent:
        return ""
    unit = f"的单位是“{target.unit}”" if target.unit else "没有单位"
    return (
        f"指标 {target.code} {unit}，不是百分比，填写百分数没有意义。"
        "请按该指标的单位只填写数字，不要带 %。"
    )


def _cached_parent(sector):
    """The parent set on *sector*, without a query: it may be a stand-in not yet saved."""
    return Sector.parent.field.get_cached_value(sector, None)
