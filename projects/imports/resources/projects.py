"""The columns of a project file: the plan's construction projects, one row each."""

from django.utils import timezone

from projects.imports import changes, codes, values
from projects.imports import widgets as w
from projects.imports.columns import EXAMPLE_MARK, Column, RecordResource, field_names
from projects.imports.outcome import Change
from projects.models import Category, Level, Project, Sector, Stage, Target

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
    responsible_unit = Column(
        "responsible_unit",
        "责任单位",
        w.ResponsibleUnit(),
        aliases=("department", "responsible unit"),
        # No example value: the example row must not name a unit the system may not have.
        note="已有责任单位的名称或其他写法，例如 旗发改委；可留空。",
    )
    leader = Column("leader", "包联领导")
    township = Column(
        "township", "所在苏木镇（场）", w.Place(), aliases=("township",), example="库伦镇"
    )
    latitude = Column("latitude", "纬度", w.Coordinate("latitude"), example="42°44′12″N")
    longitude = Column("longitude", "经度", w.Coordinate("longitude"), example="121.775")
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
            "code name name_en sector category level stage stage_date owner responsible_unit "
            "leader township latitude longitude content content_en total_investment "
            "planned_2026 completed_2026 investment_note capacity capacity_unit "
            "planned_start planned_end actual_start actual_end progress related_targets "
            "is_published"
        )
        export_order = fields

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
