"""The django-import-export resources: which columns each kind of file has, and what they mean.

One resource per kind (projects, reports, measurements, targets, sectors) serves the admin's
import and export buttons and the ``import_records`` / ``export_records`` commands alike.
Columns carry Chinese headers as staff name them, English aliases, and an explanation used by
the downloadable templates; the shared behaviour is in ``projects.imports.columns``.
"""

from django.utils import timezone

from projects.imports import changes, codes, report_files, values
from projects.imports import widgets as w
from projects.imports.columns import EXAMPLE_MARK, Column, RecordResource, field_names
from projects.imports.outcome import Change
from projects.models import (
    Aggregate,
    Cadence,
    Category,
    Comparison,
    Level,
    Measurement,
    ProgressReport,
    Project,
    Sector,
    Stage,
    Target,
    TargetKind,
)

LEVEL_SYNONYMS = {
    "市级重点项目": Level.CITY_KEY,
    "市重点": Level.CITY_KEY,
    "旗级重点项目": Level.BANNER_KEY,
    "旗重点": Level.BANNER_KEY,
    "一般项目": Level.GENERAL,
}
STAGE_SYNONYMS = {"投产": Stage.OPERATING, "运营": Stage.OPERATING, "停建": Stage.SUSPENDED}


class ProjectResource(RecordResource):
    code = Column(
        "code",
        "项目编号",
        w.Code(upper=True, new_when_blank=True),
        aliases=("project code", "编号"),
        note=(
            "稳定不变的编号，再次导入同一编号会更新原项目而不是新建。新项目可不填，"
            "由系统分配，预览中可以看到；不填编号的行只能新建，不能更新已有项目。"
        ),
        example="KL2026-101",
    )
    name = Column(
        "name", "项目名称", aliases=("project name",), example=f"{EXAMPLE_MARK}某某风电项目"
    )
    name_en = Column("name_en", "英文名称", aliases=("english name",))
    sector = Column(
        "sector",
        "所属领域",
        w.Lookup(Sector, ("slug", "name"), "领域"),
        note="已有领域的标识（如 secondary）或名称（如 第二产业）。",
        example="secondary",
    )
    category = Column(
        "category",
        "产业类别",
        w.Lookup(Category, ("slug", "name"), "产业类别"),
        note="已有产业类别的标识（如 new-energy）或名称（如 新能源）；可留空。",
        example="新能源",
    )
    level = Column(
        "level",
        "项目级别",
        w.Choice(Level.choices, LEVEL_SYNONYMS, required=False),
        example="旗级重点",
    )
    stage = Column("stage", "建设阶段", w.Choice(Stage.choices, STAGE_SYNONYMS), example="新开工")
    stage_date = Column(
        "stage_date",
        "进入本阶段日期",
        w.KeptDate(),
        note=(
            "项目进入当前建设阶段的日期。改变建设阶段而本列留空或未改日期的，"
            "按导入当天（北京时间）记录；原来的阶段及其日期保留在项目的阶段记录中。"
        ),
        example="2026-04-15",
    )
    owner = Column("owner", "建设单位", example="某某新能源有限公司")
    department = Column("department", "责任单位", example="旗发改委")
    leader = Column("leader", "包联领导")
    township = Column(
        "township", "所在苏木镇（场）", w.Place(), aliases=("township",), example="库伦镇"
    )
    latitude = Column("latitude", "纬度", w.Number())
    longitude = Column("longitude", "经度", w.Number())
    content = Column("content", "建设内容", example="建设风电机组及配套设施。")
    content_en = Column("content_en", "英文建设内容")
    total_investment = Column(
        "total_investment",
        "总投资(万元)",
        w.Number(),
        aliases=("total investment",),
        example="120,000",
    )
    planned_2026 = Column(
        "planned_2026",
        "2026年计划投资(万元)",
        w.Number(),
        aliases=("planned investment",),
        example="50000",
    )
    completed_2026 = Column(
        "completed_2026",
        "2026年已完成投资(万元)",
        w.Number(),
        aliases=("completed investment",),
        example="0",
    )
    investment_note = Column("investment_note", "投资说明")
    capacity = Column("capacity", "建设规模", w.Number(), example="20")
    capacity_unit = Column("capacity_unit", "规模单位", example="万千瓦")
    planned_start = Column("planned_start", "计划开工日期", w.Date(), example="2026/4/1")
    planned_end = Column("planned_end", "计划竣工日期", w.Date(), example="2026年12月31日")
    actual_start = Column("actual_start", "实际开工日期", w.Date())
    actual_end = Column("actual_end", "实际竣工日期", w.Date())
    progress = Column("progress", "形象进度(%)", w.Percent(), example="0")
    related_targets = Column(
        "related_targets",
        "相关指标",
        w.ManyLookup(Target, ("code",), "指标", clean_key=values.upper_code),
        aliases=("targets",),
        example="T03",
    )
    is_published = Column(
        "is_published",
        "已发布",
        w.YesNo(),
        aliases=("published",),
        note="勾选后公众可在网站上看到；新项目不填视为未发布，已有项目不填则保持不变。",
        example="否",
    )

    key = ("code",)
    noun = "项目"
    large_change_fields = ("total_investment", "planned_2026")

    class Meta:
        model = Project
        fields = field_names(
            "code name name_en sector category level stage stage_date owner department "
            "leader township latitude longitude content content_en total_investment "
            "planned_2026 completed_2026 investment_note capacity capacity_unit "
            "planned_start planned_end actual_start actual_end progress related_targets "
            "is_published"
        )
        export_order = fields
        import_id_fields = ("code",)

    def describe(self, obj) -> str:
        assigned = "（系统分配的新编号）" if getattr(obj, "_code_assigned", False) else ""
        return f"{obj.code}{assigned} {obj.name}"

    def before_check(self, table, columns):
        self.today = timezone.localdate()  # Beijing date: the day a dateless stage change is on
        self.stage_date_header = self.column("stage_date").header
        self.new_codes = None
        self.file_codes = lambda: codes.file_codes(table, columns)
        self.assigned = set()

    def new_key(self, row_values) -> dict:
        """The key of a new project whose row has no code (see ``codes``)."""
        if self.new_codes is None:
            self.new_codes = codes.NewCodes(Project, self.file_codes())
        code = self.new_codes.assign(row_values.get("name"))
        self.assigned.add(code)
        return {"code": code}

    def review_change(self, planned, changes_, *, published):
        if planned.is_new and planned.obj.code in self.assigned:
            planned.obj._code_assigned = True
            header = self.column("code").header
            # The new record's values are listed already; its code is the system's, say so.
            changes_[:] = [c for c in changes_ if c.column != header]
            changes_.insert(0, Change(header, "（空）", planned.obj.code))
        changes.review_project(planned, changes_, today=self.today, header=self.stage_date_header)
        return []

    def after_write(self, *, created, updated, user, reason):
        changes.update_stage_histories([*created, *updated])


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
        import_id_fields = ("slug",)

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
    responsible_unit = Column("responsible_unit", "数据报送单位", example="旗文旅体育局")
    responsible_unit_en = Column(
        "responsible_unit_en", "英文报送单位", example="Banner Culture and Tourism Bureau"
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
            "report_lag_days responsible_unit responsible_unit_en "
            "pace_profile rule_category rule_level rule_stages rule_aggregate "
            "records_complete is_published change_reason revision_document"
        )
        export_order = fields
        import_id_fields = ("code",)

    def review_change(self, planned, changes_, *, published):
        return changes.review_target(planned, published=published)


class MeasurementResource(RecordResource):
    target = Column(
        "target",
        "指标编号",
        w.Lookup(Target, ("code",), "指标", clean_key=values.upper_code, fields=("unit",)),
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
        import_id_fields = ("target", "date")

    def describe(self, obj) -> str:
        return f"{obj.target.code} {obj.date:%Y-%m-%d}"

    def dehydrate_value(self, obj):
        # 0.5 of a target in % is exported as "0.5%", which imports again as 0.5.
        value = self.column("value").widget.render(obj.value)
        if values.normalise(obj.target.unit) == "%" and value != "" and 0 < value <= 1:
            return f"{values.number_text(value)}%"
        return value

    def row_problems(self, row_values, raw):
        # 92% means 92 only for a target measured in %; for T16 (万人次) it is a mistake.
        target = row_values.get("target")
        if target is None or "value" not in row_values:
            return []
        in_percent = values.normalise(target.unit) == "%"
        if not values.has_percent_sign(raw["value"]):
            try:  # 0.9 for a target in % may be 90% or 0.9%
                if in_percent:
                    values.ambiguous_share(row_values["value"])
            except values.BadValue as error:
                return [("value", error.message)]
            return []
        if in_percent:
            return []
        unit = f"的单位是“{target.unit}”" if target.unit else "没有单位"
        return [
            (
                "value",
                f"指标 {target.code} {unit}，不是百分比，填写百分数没有意义。"
                "请按该指标的单位只填写数字，不要带 %。",
            )
        ]


class ReportResource(RecordResource):
    project = Column(
        "project",
        "项目编号",
        w.Lookup(Project, ("code",), "项目", clean_key=values.upper_code, fields=("name",)),
        aliases=("project", "project code"),
        note="已有项目的编号，如 KL2026-001。",
        example="KL2026-001",
    )
    project_name = Column(
        "project_name",
        "项目名称",
        aliases=("project name",),
        recorded=False,
        note=(
            "可选，便于核对：与系统中该编号的项目名称对照，不一致的行报错（空格、全角半角"
            "不同不算不一致）；不会修改项目名称。"
        ),
    )
    date = Column(
        "date",
        "报告日期",
        w.Date(),
        aliases=("report date",),
        note=(
            "截至哪一天的进展。整个文件同一天的，可以不要这一列：在标题中写明"
            "“截至10月31日”“截至2026年10月31日”或“2026年10月”（不写年份按2026年），"
            "或在导入页面填写报告日期（命令行用 --date）；有这一列的，按本列，本列留空的行按"
            "标题或导入页面的日期。"
        ),
        example="2026-03-31",
    )
    stage = Column("stage", "建设阶段", w.Choice(Stage.choices, STAGE_SYNONYMS), example="续建")
    progress = Column("progress", "形象进度(%)", w.Percent(), example="35%")
    completed_2026 = Column(
        "completed_2026",
        "2026年累计完成投资(万元)",
        w.Number(),
        aliases=("completed investment", *report_files.cumulative_aliases()),
        note=(
            "截至报告日期的2026年累计完成投资。列名也可写“1-10月完成投资”“1—10月累计完成投资”"
            "“累计完成投资”“本年完成投资”；写了月份的，须与报告日期的月份一致。"
        ),
        example="1,200",
    )
    text = Column(
        "text",
        "进展情况",
        aliases=("progress text",),
        example=f"{EXAMPLE_MARK}主体钢结构完成一半。",
    )
    text_en = Column("text_en", "英文进展情况")
    is_published = Column(
        "is_published",
        "已发布",
        w.YesNo(),
        aliases=("published",),
        note=(
            "发布后，最新一条已发布的报告决定项目页显示的阶段、进度和完成投资。"
            "没有这一列的文件，须在导入页面选择“发布”或“暂不发布”（命令行用 --publish 或 "
            "--no-publish），适用于每一行；有这一列的，按本列，本列留空的行按导入页面的选择"
            "（未选择的，新报告为未发布、已有报告保持不变）。"
        ),
        example="否",
    )

    key = ("project", "date")
    noun = "进展报告"

    class Meta:
        model = ProgressReport
        fields = field_names(
            "project project_name date stage progress completed_2026 text text_en is_published"
        )
        export_order = fields
        import_id_fields = ("project", "date")

    def describe(self, obj) -> str:
        return f"{obj.project.code} {obj.date:%Y-%m-%d}"

    def get_export_fields(self, selected_fields=None):
        # The name beside the code is read only to check it: exports keep their columns.
        fields_ = super().get_export_fields(selected_fields)
        return [field_ for field_ in fields_ if field_.attribute != "project_name"]

    def columns(self):
        # Imports and templates know it, beside the code as offices put it.
        first, *rest = super().columns()
        return [first, self.fields["project_name"], *rest]

    def prepare_table(self, table, options, notes):
        report_files.prepare(self, table, options, notes)

    def new_instance(self, row_values):
        report = super().new_instance(row_values)
        # The form's 发布 / 暂不发布 decides for the reports the file adds; a stored report
        # keeps whether it is public unless its own 已发布 cell says otherwise.
        choice = getattr(self, "publish_new", None)
        if row_values.get("is_published") in (None, "") and choice is not None:
            report.is_published = choice
        return report

    def row_problems(self, row_values, raw):
        return report_files.row_problems(self, row_values, raw)

    def statements(self, records):
        statement = report_files.publish_statement(records)
        return [statement] if statement else []

    def after_write(self, *, created, updated, user, reason):
        # The project page shows its newest published report: bring every touched project
        # in step, saved one by one so each change lands in its history with the user.
        from projects.services.reports import sync_project_from_reports

        touched = sorted({report.project_id for report in [*created, *updated]})
        for start in range(0, len(touched), 500):
            for project in Project.objects.filter(pk__in=touched[start : start + 500]):
                sync_project_from_reports(project=project, reason=reason, user=user)


def _cached_parent(sector):
    """The parent set on *sector*, without a query: it may be a stand-in not yet saved."""
    return Sector.parent.field.get_cached_value(sector, None)


# The kinds the commands and the admin know, by the name used on the command line.
RESOURCES = {
    "projects": ProjectResource,
    "reports": ReportResource,
    "measurements": MeasurementResource,
    "targets": TargetResource,
    "sectors": SectorResource,
}


def resource_for_model(model) -> type[RecordResource]:
    return next(cls for cls in RESOURCES.values() if cls._meta.model is model)
