"""The data dictionary: every column of the open datasets, its unit and meaning, in both
languages. The /data/ page shows it and the files are written from it, so they cannot disagree.
"""

from dataclasses import dataclass

from .common import pick


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    about_zh: str = ""
    about_en: str = ""
    unit: str = ""

    @property
    def label(self) -> str:
        return pick(self.zh, self.en)

    @property
    def about(self) -> str:
        return pick(self.about_zh, self.about_en)


C = Column
WAN = "万元 (10,000 yuan)"
STAGES = (
    "reserve 储备, preparation 前期, new_start 新开工, continuing 续建, resumed 复工, "
    "completed 竣工, operating 投产运营, suspended 停缓建"
)
STAGES_ZH = f"{STAGES}；为空表示尚未核实（待核实）"
STAGES_EN = f"{STAGES}; empty when the stage is not yet verified (待核实, to be verified)"
LEVELS = "city_key 市级重点, banner_key 旗级重点, general 一般"

TARGET_COLUMNS = [
    C("code", "指标编号", "Code", "稳定不变的指标编号", "Stable target code"),
    C("area", "领域", "Area", "大领域，如 扩大投资", "Top-level area, e.g. investment"),
    C("sector", "子领域", "Sector", "大领域下的子领域，如 第三产业", "Sector within the area"),
    C("title", "简称", "Title", "指标简称", "Short title"),
    C("wording", "原文表述", "Official wording", "计划原文，一字不改", "The plan's own words"),
    C(
        "wording_en",
        "英文表述",
        "Wording in English",
        "英文译文，可能为空",
        "Translation, may be empty",
    ),
    C("source", "出处", "Source", "原文表述的出处", "Where the wording comes from"),
    C(
        "kind",
        "指标类型",
        "Kind",
        "quantity 累计数量, projects 由项目计算, multiple 基数倍数, growth 基数增长率, "
        "level 达到水平, keep 保持水平, milestone 里程碑",
        "quantity, projects (computed from project records), multiple, growth, level, keep, "
        "milestone",
    ),
    C(
        "comparison",
        "比较方式",
        "Comparison",
        "at_least 不低于（含等于）, above 超过（不含等于）, at_most 不超过",
        "at_least (equal counts), above (must exceed), at_most",
    ),
    C(
        "figure",
        "计划数",
        "Figure",
        "计划原文中的数字；倍数类为倍数，增长类为百分数",
        "The plan's number; a multiple for x4, a percentage for growth",
    ),
    C("unit", "单位", "Unit"),
    C(
        "baseline",
        "2025年基数",
        "2025 baseline",
        "倍数类、增长类指标的基数",
        "For multiple/growth kinds",
    ),
    C("baseline_unit", "基数单位", "Baseline unit"),
    C(
        "target_value",
        "目标值",
        "Target value",
        "据以判断的目标值：倍数类为 基数×倍数，增长类为 基数×(1+增长率)",
        "The value judged against: baseline x multiple, or baseline x (1 + growth)",
    ),
    C("start", "起始日期", "Start"),
    C("deadline", "截止日期", "Deadline"),
    C(
        "cadence",
        "统计频次",
        "Cadence",
        "monthly, quarterly, annual, once",
        "monthly, quarterly, annual, once",
    ),
    C("as_of", "判断日期", "As of", "状态据以判断的日期", "The date the status is judged for"),
    C(
        "value",
        "当前值",
        "Current value",
        "截至判断日期最新的已发布数值；按项目计算的为当日计数",
        "Latest published value on or before the as-of date, or today's count over projects",
    ),
    C(
        "value_date",
        "统计截止日期",
        "Data date",
        "状态据以判断的数据日期：最新一条已发布数值统计到的日子；按项目计算的为计数日"
        "（判断日期与截止日期中较早的一天）",
        "The date of the data the status was judged on: the day the latest published figure "
        "counts up to; for targets computed from projects, the counting day (the as-of date or "
        "the deadline, whichever is earlier)",
    ),
    C("percent", "完成比例", "Share done", "当前值 ÷ 目标值", "Current value / target value", "%"),
    C(
        "time_percent",
        "时间进度",
        "Time gone",
        "起始日至判断日天数 ÷ 起始日至截止日天数",
        "Days gone / days from start to deadline",
        "%",
    ),
    C(
        "expected",
        "应完成",
        "Due by now",
        "目标值 × 时间进度（累计类指标）",
        "Target value x time gone (cumulative kinds)",
    ),
    C(
        "status",
        "状态代码",
        "Status code",
        "achieved 已完成, on_track 进度正常, behind 进度滞后, missed 未完成, no_data 暂无数据, "
        "awaiting 待出结果, unconfirmed 记录待确认, not_started 未登记步骤",
        "achieved, on_track, behind, missed, no_data, awaiting (result or year-end figure "
        "awaited), unconfirmed (project records not yet confirmed complete), not_started "
        "(no milestone steps entered)",
    ),
    C("status_label", "状态", "Status"),
    C("explanation", "判断说明", "Explanation", "状态的计算过程", "How the status was reached"),
    C("url", "网址", "URL"),
    C(
        "next_period_end",
        "下期数据统计截止日期",
        "Next figure covers up to",
        "下一期应发布的数据统计到哪一天；最终数已发布、按项目计算和里程碑类指标为空",
        "The last day the next figure due covers; empty once the final figure is in, and for "
        "targets computed from projects and milestones",
    ),
    C(
        "next_due",
        "下期数据应发布日期",
        "Next figure due by",
        "下期数据最迟应在这一天发布（统计期结束后加发布时限）",
        "The day by which the next figure should be published (end of its period plus the "
        "reporting lag)",
    ),
    C(
        "next_overdue",
        "下期数据已逾期",
        "Next figure overdue",
        "true：判断日期已过应发布日期而数据尚未发布；false：尚未到期；无下期数据时为空",
        "true when the due day has passed by the as-of date and the figure is not published; "
        "false when it is not yet due; empty when no figure is awaited",
    ),
    C(
        "responsible_unit",
        "数据报送单位",
        "Reporting unit",
        "负责报送本指标数据的单位；尚未指定的为空",
        "The office that reports this target's figures; empty when none is named yet",
    ),
]

MEASUREMENT_COLUMNS = [
    C("target_code", "指标编号", "Target code"),
    C("target_title", "指标简称", "Target title"),
    C("date", "统计截止日期", "Date", "数值统计到这一天", "The value counts up to this day"),
    C(
        "value",
        "数值",
        "Value",
        "与指标同单位（倍数、增长类为基数单位）",
        "In the target's unit (the baseline unit for multiple/growth kinds)",
    ),
    C("unit", "单位", "Unit"),
    C("source", "数据来源", "Source"),
    C("note", "说明", "Note"),
    C("is_final", "最终结果", "Final", "一次性指标的最终结果", "A one-off target's final result"),
]

PROJECT_COLUMNS = [
    C("code", "项目编号", "Code", "稳定不变的项目编号", "Stable project code"),
    C("name", "项目名称", "Name"),
    C("name_en", "英文名称", "Name in English"),
    C("area", "领域", "Area"),
    C("sector", "子领域", "Sector"),
    C("category", "产业类别", "Category"),
    C("level", "项目级别代码", "Level code", LEVELS, LEVELS),
    C(
        "level_label",
        "项目级别",
        "Level",
        "项目级别的名称，与项目页面一致；未定级的为“尚未定级”",
        "The level as the project pages name it; “Not yet graded” when there is no level",
    ),
    C("stage", "建设阶段代码", "Stage code", STAGES_ZH, STAGES_EN),
    C(
        "stage_label",
        "建设阶段",
        "Stage",
        "建设阶段的名称，与项目页面一致；尚未核实的为“待核实”",
        "The stage as the project pages name it; “To be verified” when it is not known yet",
    ),
    C("stage_date", "进入本阶段日期", "Stage since"),
    C("owner", "建设单位", "Owner"),
    C("department", "责任单位", "Responsible department"),
    C("leader", "包联领导", "Leader in charge"),
    C("township", "所在苏木镇（场）", "Township"),
    C(
        "latitude",
        "纬度",
        "Latitude",
        "小数度，WGS-84（按 GPS 或测绘成果填写）；未填写坐标的为空",
        "Decimal degrees, WGS-84 (from GPS or surveys); empty when no coordinates were given",
        unit="°",
    ),
    C("longitude", "经度", "Longitude", "小数度，WGS-84", "Decimal degrees, WGS-84", unit="°"),
    C("content", "建设内容", "Construction content"),
    C("content_en", "英文建设内容", "Construction content in English"),
    C("total_investment", "总投资", "Total investment", unit=WAN),
    C("planned_2026", "2026年计划投资", "2026 planned investment", unit=WAN),
    C(
        "completed_2026",
        "2026年已完成投资",
        "2026 investment completed",
        "截至最近一次进展报告的当年累计数",
        "Year to date, as of the latest report",
        WAN,
    ),
    C("investment_note", "投资说明", "Investment note"),
    C("capacity", "建设规模", "Capacity"),
    C("capacity_unit", "规模单位", "Capacity unit", "如 万千瓦、万羽", "e.g. 万千瓦 = 10 MW"),
    C("planned_start", "计划开工日期", "Planned start"),
    C("planned_end", "计划竣工日期", "Planned completion"),
    C("actual_start", "实际开工日期", "Actual start"),
    C("actual_end", "实际竣工日期", "Actual completion"),
    C("progress", "形象进度", "Progress", "工程完成的比例", "Share of the works done", "%"),
    C(
        "last_reported_on",
        "最近进展日期",
        "Last report",
        "最新一条已发布进展报告的日期，即页面上的“最近更新”；为空表示尚无进展报告",
        "The date of the latest published progress report, shown on the pages as “Last "
        "updated”; empty when there is no report yet",
    ),
    C(
        "updated_at",
        "记录修改时间",
        "Record last changed",
        "记录最后修改时间（北京时间），更正错字也算；项目的最新进展见“最近进展日期”",
        "When the record last changed (Beijing time), corrections included; for the project's "
        "latest progress see “Last report”",
    ),
    C(
        "targets",
        "相关指标",
        "Related targets",
        "指标编号，以空格分隔",
        "Target codes, space separated",
    ),
    C("url", "网址", "URL"),
]

REPORT_COLUMNS = [
    C("project_code", "项目编号", "Project code"),
    C("project_name", "项目名称", "Project name"),
    C("date", "报告日期", "Date"),
    C("stage", "建设阶段代码", "Stage code", STAGES, STAGES),
    C("stage_label", "建设阶段", "Stage"),
    C("progress", "形象进度", "Progress", unit="%"),
    C("completed_2026", "2026年累计完成投资", "2026 investment to date", unit=WAN),
    C("text", "进展情况", "Report"),
]

DISCLOSURE_CATEGORIES = (
    "1 批准服务信息, 2 批准结果信息, 3 招标投标信息, 4 征收土地信息, 5 重大设计变更信息, "
    "6 施工有关信息, 7 质量安全监督信息, 8 竣工有关信息"
)
DISCLOSURE_STATES = "disclosed 公开, not_applicable 不适用, withheld 不予公开"
WITHHELD_REASONS = (
    "state_secret 国家秘密, commercial_secret 商业秘密, privacy 个人隐私, "
    "other_law 法律、行政法规规定不予公开的其他情形"
)
WITHHELD_EMPTY = "不予公开和不适用的事项不保存公开内容，此栏为空"
WITHHELD_EMPTY_EN = "Empty for items withheld or not applicable: no content is kept for them"

DISCLOSURE_COLUMNS = [
    C("id", "事项编号", "Item ID", "稳定不变的事项编号", "Stable item ID"),
    C("project_code", "项目编号", "Project code"),
    C("project_name", "项目名称", "Project name"),
    C(
        "category",
        "公开类别代码",
        "Category number",
        f"国办发〔2017〕94号的八类信息：{DISCLOSURE_CATEGORIES}",
        "The eight categories of State Council General Office opinion No. 94 (2017): "
        + DISCLOSURE_CATEGORIES,
    ),
    C("category_label", "公开类别", "Category"),
    C("state", "公开情况代码", "State code", DISCLOSURE_STATES, DISCLOSURE_STATES),
    C("state_label", "公开情况", "State"),
    C(
        "matter",
        "公开事项代码",
        "Matter code",
        "二级事项的代码，如 approval、tender_notice；不适用的类别为空",
        "The matter's code, e.g. approval, tender_notice; empty for a category not applicable",
    ),
    C("matter_label", "公开事项", "Matter"),
    C(
        "number",
        "文号/编号",
        "Number",
        "批复文号、备案号、招标项目编号等，按事项而定；" + WITHHELD_EMPTY,
        "Approval reference, filing number, tender number etc., as the matter names it; "
        + WITHHELD_EMPTY_EN,
    ),
    C(
        "date",
        "事项日期",
        "Date",
        "批复时间、发布日期、竣工验收时间等，按事项而定",
        "Date of approval, notice, acceptance etc., as the matter names it",
    ),
    C(
        "authority",
        "单位/机关",
        "Authority",
        "批复单位、发证机关、审计单位等，按事项而定",
        "Approving office, issuing authority, auditor etc., as the matter names it",
    ),
    C(
        "result",
        "结果",
        "Result",
        "审批结果、验收结果、审计结论等",
        "Approval, acceptance or audit result",
    ),
    C(
        "link",
        "链接",
        "Link",
        "原文或交易平台公告的网址",
        "Address of the original or of the trading platform's notice",
    ),
    C("content", "内容", "Content", "公开的内容文字", "The text disclosed"),
    C(
        "amount",
        "金额",
        "Amount",
        "合同金额、财务决算金额等",
        "Contract amount, final accounts etc.",
        WAN,
    ),
    C(
        "has_document",
        "有附件",
        "Has document",
        "true：本事项公开了附件（PDF 或图片），可从“附件网址”下载",
        "true when the item has a published document (PDF or image), at the document address",
    ),
    C(
        "document_url",
        "附件网址",
        "Document address",
        "附件的公开下载地址；没有附件的为空",
        "Where the document can be downloaded; empty when there is none",
    ),
    C(
        "withheld_reason",
        "不予公开的理由代码",
        "Reason withheld (code)",
        WITHHELD_REASONS + "；只有不予公开的事项填写",
        WITHHELD_REASONS + "; only for items withheld",
    ),
    C("withheld_reason_label", "不予公开的理由", "Reason withheld"),
    C(
        "reason",
        "说明或依据",
        "Explanation or legal basis",
        "不适用时说明为何不适用；不予公开时写明所依据的法律条款",
        "Why the category does not apply, or the legal provision an item is withheld under",
    ),
    C(
        "formed_on",
        "信息形成或变更日期",
        "Information formed or changed on",
        "公开时限从这一天起算",
        "The time limit for publishing runs from this day",
    ),
    C(
        "due_on",
        "公开截止日期",
        "Publish by",
        "最迟应公开的日子：信息形成或变更之日后第 20 个工作日（行政许可、处罚为第 7 个），"
        "按国务院每年公布的节假日安排计算",
        "The last day to publish: the 20th working day after the information was formed or "
        "changed (the 7th for administrative licences and penalties), by the State Council's "
        "yearly holiday arrangement",
    ),
    C(
        "due_estimated",
        "截止日期为估算",
        "Estimated",
        "true：公开截止日期或逾期工作日数的计算跨入了尚未公布节假日安排的年份，"
        "按周一至周五为工作日估算",
        "true when the due date or the working days late run into a year whose holiday "
        "arrangement is not yet published: Monday to Friday are taken as working days",
    ),
    C(
        "published_on",
        "公开日期",
        "Published on",
        "本条当前内容在本网站公开之日",
        "The day the item's current content went public on this site",
    ),
    C(
        "days_late",
        "逾期工作日数",
        "Working days late",
        "公开日期晚于公开截止日期的工作日数，按时公开为 0；尚无公开日期或信息形成日期的为空",
        "Working days between the due date and the day it was published, 0 when on time; "
        "empty when either date is unknown",
    ),
]
