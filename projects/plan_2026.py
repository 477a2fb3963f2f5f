"""The 2026 work plan of Kulun Banner as data: sectors, the 22 targets and the named projects.

Every figure and wording comes from the plan article (see SOURCE); nothing here says how far
any target has got, because the article gives none. ``load_plan`` turns this into records.

Each ``wording`` is a piece of the article exactly as published, only turned from its
Traditional characters into Simplified: no word added for context, and its own punctuation kept
(the article writes ASCII commas). ``tests/projects/test_plan_fidelity.py`` checks this against
the article itself. Where the article gives no number (T15 names two events), there is none.
"""

import datetime

from projects.models.choices import STARTED_STAGES, Stage

SOURCE = "库伦旗贯彻落实通辽市委六届十次全会暨全市经济工作会议精神部署2026年工作（张博、李旭明）"
SPRING_END = datetime.date(2026, 5, 31)
GAOKAO_RESULT = datetime.date(2026, 7, 31)
ADVANCING = [Stage.PREPARATION, *STARTED_STAGES]

# (slug, name, English name, parent slug or None)
SECTORS = [
    ("invest", "扩大投资", "Expanding investment", None),
    ("invest-projects", "项目建设", "Project construction", "invest"),
    ("invest-attraction", "招商引资", "Attracting investment", "invest"),
    ("invest-funding", "争取资金", "Securing funding", "invest"),
    ("industry", "产业升级", "Upgrading industry", None),
    ("primary", "第一产业", "Primary industry", "industry"),
    ("secondary", "第二产业", "Secondary industry", "industry"),
    ("tertiary", "第三产业", "Tertiary industry", "industry"),
    ("livelihood", "民生改善", "Improving livelihoods", None),
    ("education", "教育", "Education", "livelihood"),
    ("health", "医疗", "Health care", "livelihood"),
    ("environment", "生态环境", "Environment", "livelihood"),
]

# (slug, name, English name)
CATEGORIES = [
    ("agri-processing", "农畜产品加工", "Farm and livestock processing"),
    ("livestock", "畜牧养殖", "Livestock farming"),
    ("facility-agriculture", "设施农业", "Greenhouse agriculture"),
    ("new-energy", "新能源", "New energy"),
    ("refractory", "耐火材料", "Refractory materials"),
    ("silica-sand", "硅砂", "Silica sand"),
    ("mining", "矿产开发", "Mining"),
    ("pet-food", "宠物食品", "Pet food"),
    ("culture-tourism", "文旅", "Culture and tourism"),
    ("social", "社会事业", "Public services"),
]


# An unofficial English rendering of each target's wording, as close to the Chinese as English
# allows: "以上" is "or more", "突破" is "more than", nothing is added or smoothed over.
WORDING_EN = {
    "T01": "Plan and build up a tiered pipeline of 143 projects for 2026",
    "T02": "Strive to have all 40 city-level key projects started or resumed in spring",
    "T03": "Drive the year's fixed-asset investment to quadruple",
    "T04": (
        "Attract 40 or more upstream and downstream supporting projects along industrial "
        "chains, focusing on green farm and livestock product processing, silica sand, "
        "refractory materials and pet food"
    ),
    "T05": "Ensure that project funds secured from higher levels of government grow by 10% or more",
    "T06": "Complete the year's task of building 500,000 mu of high-standard farmland",
    "T07": "Secure a further 300,000 mu",
    "T08": "Bring high-standard farmland to half or more of the cultivated land",
    "T09": "Improve the system of buckwheat standards and build the buckwheat brand",
    "T10": (
        "Push ahead with all efforts on 11 new-energy projects, including the 300 MW "
        "source-grid-load-storage integration project, the 1,200 MW wind power base, Yunda's "
        "100 MW green power supply for the industrial park and Anjie's 200 MW direct "
        "green-power connection"
    ),
    "T11": "Bring installed capacity to 1.7 million kilowatts",
    "T12": (
        "Speed up getting the 14 signed refractory-material projects established, and build "
        "a “green power + refractory materials” industrial cluster"
    ),
    "T13": (
        "Steadily increase the number of industrial enterprises above designated size and keep "
        "raising their value added"
    ),
    "T14": "Make every effort to have Yinshawan recognised as a national 5A tourist attraction",
    "T15": (
        "Hold brand sports events such as the China Motocross Championship and the National "
        "Model Aircraft Championship on a regular basis"
    ),
    "T16": "Receive more than 1.3 million tourist visits in the year",
    "T17": "Bring total tourist spending to 950 million yuan",
    "T18": "Strive for a gaokao undergraduate pass rate of more than 85%",
    "T19": (
        "Keep the share of common and frequently occurring illnesses treated within the county "
        "steady at 91% or more"
    ),
    "T20": "Complete to a high standard the task of treating 170,000 mu of the Horqin sandy land",
    "T21": (
        "Comprehensively clean up and improve the rural living environment, and speed up "
        "building a closed-loop system for collecting, transporting and treating waste and "
        "sewage"
    ),
    "T22": (
        "Strive to be named an “ecological civilisation demonstration banner” and a "
        "“Two Mountains” practice and innovation base"
    ),
}


def _t(code, sector, title, title_en, wording, kind, figure=None, unit="", unit_en="", **extra):
    return {
        "code": code,
        "sector": sector,
        "title": title,
        "title_en": title_en,
        "wording": wording,
        "wording_en": WORDING_EN[code],
        "kind": kind,
        "figure": figure,
        "unit": unit,
        "unit_en": unit_en,
        **extra,
    }


TARGETS = [
    _t(
        "T01",
        "invest-projects",
        "储备2026年项目",
        "Projects in the 2026 pipeline",
        "谋划梯次储备2026年项目143个",
        "projects",
        "143",
        "个",
        "projects",
    ),
    _t(
        "T02",
        "invest-projects",
        "市级重点项目春季开复工",
        "City-level key projects started by spring",
        "力争40个市级重点项目春季全部开复工",
        "projects",
        "40",
        "个",
        "projects",
        deadline=SPRING_END,
        rule_level="city_key",
        rule_stages=list(STARTED_STAGES),
    ),
    _t(
        "T03",
        "invest-projects",
        "固定资产投资翻两番",
        "Fixed-asset investment four times 2025",
        "推动全年固定资产投资翻两番",
        "multiple",
        "4",
        "倍",
        "times the 2025 figure",
        baseline_unit="亿元",
    ),
    _t(
        "T04",
        "invest-attraction",
        "引进产业链配套项目",
        "Supply-chain projects attracted",
        "重点引进绿色农畜产品加工、硅砂、耐火材料、宠物食品等产业链上下游配套项目40个以上",
        "quantity",
        "40",
        "个",
        "projects",
    ),
    _t(
        "T05",
        "invest-funding",
        "争取上级项目资金增长",
        "Higher-level project funds secured",
        "确保争取上级项目资金增长10%以上",
        "growth",
        "10",
        "%",
        "% growth on 2025",
        baseline_unit="万元",
    ),
    _t(
        "T06",
        "primary",
        "高标准农田建设",
        "High-standard farmland built",
        "完成年度50万亩高标准农田建设任务",
        "quantity",
        "50",
        "万亩",
        "10,000 mu",
    ),
    _t(
        "T07",
        "primary",
        "再争取高标准农田",
        "Further high-standard farmland secured",
        "再争取30万亩",
        "quantity",
        "30",
        "万亩",
        "10,000 mu",
    ),
    _t(
        "T08",
        "primary",
        "高标准农田占耕地比重",
        "High-standard share of cultivated land",
        "实现高标准农田占耕地面积一半以上",
        "level",
        "50",
        "%",
        "%",
        cadence="annual",
    ),
    _t(
        "T09",
        "primary",
        "荞麦标准体系与品牌",
        "Buckwheat standards and brand",
        "完善荞麦标准体系建设与品牌打造",
        "milestone",
        cadence="once",
    ),
    _t(
        "T10",
        "secondary",
        "推进新能源项目",
        "New-energy projects advanced",
        "全力推进和发展30万千瓦源网荷储一体化、120万千瓦风电基地、运达10万千瓦园区绿色供电项目、"
        "安捷20万千瓦绿电直连等11个新能源项目",
        "projects",
        "11",
        "个",
        "projects",
        rule_category="new-energy",
        rule_stages=[str(s) for s in ADVANCING],
    ),
    _t(
        "T11",
        "secondary",
        "新能源装机规模",
        "New-energy capacity installed",
        "装机规模达到170万千瓦",
        "projects",
        "170",
        "万千瓦",
        "10 MW",
        rule_category="new-energy",
        rule_stages=[Stage.OPERATING],
        rule_aggregate="capacity",
    ),
    _t(
        "T12",
        "secondary",
        "耐火材料项目落地",
        "Signed refractory projects landed",
        "加快促进已签约的14家耐火材料项目落地,打造“绿电+耐火材料”产业集聚区",
        "projects",
        "14",
        "个",
        "projects",
        rule_category="refractory",
        rule_stages=list(STARTED_STAGES),
    ),
    _t(
        "T13",
        "secondary",
        "规上工业企业增长",
        "Growth of industrial firms above size",
        "带动规上工业企业数量稳步增长、增加值持续提升",
        "milestone",
        cadence="annual",
    ),
    _t(
        "T14",
        "tertiary",
        "银沙湾5A级景区创建",
        "Yinshawan national 5A scenic area",
        "全力推动银沙湾国家5A级旅游景区创建",
        "milestone",
        cadence="once",
    ),
    _t(
        "T15",
        "tertiary",
        "举办品牌赛事",
        "Brand sports events held",
        "常态化举办中国摩托车越野锦标赛、全国航模锦标赛等品牌赛事",
        "milestone",
        cadence="annual",
    ),
    _t(
        "T16",
        "tertiary",
        "年接待游客",
        "Visitors received",
        "实现年接待游客突破130万人次",
        "quantity",
        "130",
        "万人次",
        "10,000 visits",
        comparison="above",
    ),
    _t(
        "T17",
        "tertiary",
        "旅游总花费",
        "Total tourist spending",
        "旅游总花费达到9.5亿元",
        "quantity",
        "9.5",
        "亿元",
        "100 million yuan",
    ),
    _t(
        "T18",
        "education",
        "高考本科上线率",
        "Gaokao undergraduate admission rate",
        "力争高考本科上线率突破85%",
        "level",
        "85",
        "%",
        "%",
        comparison="above",
        cadence="once",
        deadline=GAOKAO_RESULT,
    ),
    _t(
        "T19",
        "health",
        "县域内就诊率",
        "Treatment within the county",
        "实现常见病、多发病县域内就诊率稳定在91%以上",
        "keep",
        "91",
        "%",
        "%",
        cadence="quarterly",
    ),
    _t(
        "T20",
        "environment",
        "科尔沁沙地治理",
        "Horqin sandy land treated",
        "高质量完成17万亩科尔沁沙地治理任务",
        "quantity",
        "17",
        "万亩",
        "10,000 mu",
    ),
    _t(
        "T21",
        "environment",
        "农村人居环境整治",
        "Rural living environment",
        "全面整治提升农村人居环境,加快构建垃圾、污水收运处置闭环体系",
        "milestone",
        cadence="annual",
    ),
    _t(
        "T22",
        "environment",
        "生态文明示范旗和“两山”基地",
        "Ecological demonstration titles",
        "争创“生态文明建设示范旗”和“两山”实践创新基地",
        "milestone",
        cadence="once",
    ),
]

UNREPORTED = "计划原文未给出本项目的建设阶段、投资和日期，待责任单位更新。"
UNREPORTED_EN = (
    "The plan does not give this project's stage, investment or dates; "
    "the responsible office will add them."
)
# The plan names these two in one sentence: quote it rather than paraphrase it ("投产达效" is
# going into production *and* reaching the designed output, not merely "full production soon").
PRODUCTION_QUOTE = "计划原文：加快胜华新材料石油压裂砂、协鑫矿业铅锌矿采选等项目的投产达效。"
PRODUCTION_QUOTE_EN = (
    "The plan's text: speed up bringing the Shenghua New Materials oil fracturing sand "
    "project, the GCL Mining lead-zinc mining and dressing project and others into production "
    "and up to their designed output."
)


def _p(
    code,
    name,
    name_en,
    sector,
    category,
    capacity=None,
    unit="",
    targets=(),
    content="",
    content_en="",
):
    # English pages fall back to nothing when content_en is empty, so every project needs both.
    # The plan gives no stage: it stays blank (shown as 待核实) until staff or a report set it.
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "sector": sector,
        "category": category,
        "stage": "",
        "capacity": capacity,
        "capacity_unit": unit,
        "related_targets": list(targets),
        "content": f"{content}{UNREPORTED}" if content else UNREPORTED,
        "content_en": f"{content_en} {UNREPORTED_EN}" if content_en else UNREPORTED_EN,
    }


PROJECTS = [
    _p(
        "KL2026-001",
        "中安信肉牛屠宰加工产业园二期",
        "Zhong'anxin beef cattle processing park, phase II",
        "primary",
        "agri-processing",
    ),
    _p(
        "KL2026-002",
        "沃金育肥牛云仓基地二期",
        "Wojin cattle fattening cloud-warehouse base, phase II",
        "primary",
        "livestock",
    ),
    _p(
        "KL2026-003",
        "和康源20万羽种鸭养殖",
        "Hekangyuan breeder-duck farm (200,000 birds)",
        "primary",
        "livestock",
        "20",
        "万羽",
    ),
    _p(
        "KL2026-004",
        "中温设施农业",
        "Medium-temperature greenhouse agriculture",
        "primary",
        "facility-agriculture",
    ),
    _p(
        "KL2026-005",
        "30万千瓦源网荷储一体化",
        "300 MW source-grid-load-storage integration",
        "secondary",
        "new-energy",
        "30",
        "万千瓦",
        ["T10", "T11"],
    ),
    _p(
        "KL2026-006",
        "120万千瓦风电基地",
        "1,200 MW wind power base",
        "secondary",
        "new-energy",
        "120",
        "万千瓦",
        ["T10", "T11"],
    ),
    _p(
        "KL2026-007",
        "运达10万千瓦园区绿色供电项目",
        "Yunda 100 MW green power for the industrial park",
        "secondary",
        "new-energy",
        "10",
        "万千瓦",
        ["T10", "T11"],
    ),
    _p(
        "KL2026-008",
        "安捷20万千瓦绿电直连",
        "Anjie 200 MW direct green-power connection",
        "secondary",
        "new-energy",
        "20",
        "万千瓦",
        ["T10", "T11"],
    ),
    _p(
        "KL2026-009",
        "胜华新材料石油压裂砂",
        "Shenghua New Materials fracturing sand",
        "secondary",
        "silica-sand",
        content=PRODUCTION_QUOTE,
        content_en=PRODUCTION_QUOTE_EN,
    ),
    _p(
        "KL2026-010",
        "协鑫矿业铅锌矿采选",
        "GCL Mining lead-zinc mining and dressing",
        "secondary",
        "mining",
        content=PRODUCTION_QUOTE,
        content_en=PRODUCTION_QUOTE_EN,
    ),
    _p(
        "KL2026-011",
        "已签约耐火材料项目（14家，待拆分）",
        "Signed refractory projects (14, to be split)",
        "secondary",
        "refractory",
        targets=["T12"],
        content="计划提到已签约的 14 家耐火材料项目，暂作一条记录，待逐个登记后拆分。",
        content_en=(
            "The plan mentions 14 signed refractory projects; they are one record for now "
            "and will be split once each is registered."
        ),
    ),
    _p(
        "KL2026-012",
        "银沙湾国家5A级旅游景区创建",
        "Yinshawan national 5A scenic area application",
        "tertiary",
        "culture-tourism",
        targets=["T14"],
    ),
    _p(
        "KL2026-013",
        "品牌赛事（中国摩托车越野锦标赛、全国航模锦标赛）",
        "Brand events (national motocross and model-aircraft championships)",
        "tertiary",
        "culture-tourism",
        targets=["T15"],
    ),
]
