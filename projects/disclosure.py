"""The catalogue of 国办发〔2017〕94号: eight categories, the matters in each, their elements.

A disclosure item names one matter (二级事项). Its elements are a few plain fields shared by
all matters (文号, 日期, 单位, 结果, 链接, 内容, 金额); each matter says which of them it uses,
which are required and what they are called there, as the county catalogues publish them
(an approval's 批复文号 is a completion filing's 备案编号). A field a matter does not use must
stay empty, so a value is never stored under a meaning nobody reads.

Time limits: 20 working days after the information is formed or changed; 7 for administrative
licences and penalties (the matters marked ``days=7``, the 双公示 rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.services.workdays import LICENCE_DAYS, PROACTIVE_DAYS

ELEMENTS = ("number", "date", "authority", "result", "link", "content", "amount")


class DisclosureCategory(models.IntegerChoices):
    SERVICE = 1, _("批准服务信息")
    RESULT = 2, _("批准结果信息")
    BIDDING = 3, _("招标投标信息")
    LAND = 4, _("征收土地信息")
    DESIGN_CHANGE = 5, _("重大设计变更信息")
    CONSTRUCTION = 6, _("施工有关信息")
    SUPERVISION = 7, _("质量安全监督信息")
    COMPLETION = 8, _("竣工有关信息")


class ItemState(models.TextChoices):
    DISCLOSED = "disclosed", _("公开")
    NOT_APPLICABLE = "not_applicable", _("不适用")
    WITHHELD = "withheld", _("不予公开")


class WithheldReason(models.TextChoices):
    STATE_SECRET = "state_secret", _("国家秘密")
    COMMERCIAL_SECRET = "commercial_secret", _("商业秘密")
    PRIVACY = "privacy", _("个人隐私")
    OTHER = "other_law", _("法律、行政法规规定不予公开的其他情形")


@dataclass(frozen=True)
class Matter:
    code: str
    category: int
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # (element, what this matter calls it)
    days: int = PROACTIVE_DAYS

    @cached_property  # asked seven times an item by DisclosureItem.clean()
    def elements(self) -> tuple[str, ...]:
        return tuple(e for e in ELEMENTS if e in self.required or e in self.optional)

    def element_label(self, element: str) -> str:
        return dict(self.labels).get(element) or DEFAULT_LABELS[element]


DEFAULT_LABELS = {
    "number": _("文号"),
    "date": _("日期"),
    "authority": _("单位"),
    "result": _("结果"),
    "link": _("链接"),
    "content": _("内容"),
    "amount": _("金额（万元）"),
}

# 审批结果、批复时间、批复文号、批复单位, as county catalogues publish each approval result.
_APPROVED = dict(
    required=("number", "date", "authority"),
    optional=("result", "link"),
    labels=(
        ("number", _("批复文号")),
        ("date", _("批复时间")),
        ("authority", _("批复单位")),
        ("result", _("审批结果")),
    ),
)
_NOTICE = dict(
    required=("date", "link"),
    optional=("number", "result"),
    labels=(
        ("number", _("招标项目编号")),
        ("date", _("发布日期")),
        ("link", _("交易平台公告链接")),
        ("result", _("摘要")),
    ),
)
_LAND = dict(
    required=("date",),
    optional=("number", "authority", "link", "content"),
    labels=(
        ("number", _("批准文号")),
        ("date", _("发布日期")),
        ("authority", _("发布机关")),
        ("content", _("主要内容")),
    ),
)
_SITE = dict(
    required=("content", "date"),
    optional=("link",),
    labels=(("content", _("公开内容")), ("date", _("信息日期"))),
)
_PENALTY = dict(
    required=("number", "date", "authority", "result"),
    labels=(
        ("number", _("处罚决定书文号")),
        ("date", _("处罚日期")),
        ("authority", _("处罚机关")),
        ("result", _("处罚事由及结果")),
    ),
    days=LICENCE_DAYS,
)

MATTERS = [
    Matter(
        "service_guide", 1, _("批准服务信息（办事指南）"),
        required=("authority", "link"), optional=("content",),
        labels=(("authority", _("受理机构")), ("link", _("办事指南链接")),
                ("content", _("申报要求、办理时限、联系与监督方式"))),
    ),
    Matter("proposal", 2, _("项目建议书审批结果"), **_APPROVED),
    Matter("feasibility", 2, _("可行性研究报告审批结果"), **_APPROVED),
    Matter("preliminary_design", 2, _("初步设计文件审批结果"), **_APPROVED),
    Matter("approval", 2, _("项目审批结果"), **_APPROVED),
    Matter("verification", 2, _("项目核准结果"), **{**_APPROVED, "days": LICENCE_DAYS}),
    Matter(
        "filing", 2, _("项目备案"), required=("number", "date", "authority"),
        labels=(("number", _("备案号")), ("date", _("备案时间")), ("authority", _("备案单位"))),
    ),
    Matter("energy", 2, _("节能审查意见"), **_APPROVED),
    Matter("site_selection", 2, _("建设项目选址意见"), **{**_APPROVED, "days": LICENCE_DAYS}),
    Matter("land_planning", 2, _("建设用地规划许可"), **{**_APPROVED, "days": LICENCE_DAYS}),
    Matter("works_planning", 2, _("建设工程规划许可"), **{**_APPROVED, "days": LICENCE_DAYS}),
    Matter(
        "construction_permit", 2, _("施工许可（开工报告）"),
        required=("number", "date", "authority"), days=LICENCE_DAYS,
        labels=(("number", _("施工许可证号")), ("date", _("施工许可日期")),
                ("authority", _("发证机关"))),
    ),
    Matter("bidding_approval", 2, _("招标事项审批核准结果"), **_APPROVED),
    Matter("land_pre_review", 2, _("建设项目用地（用海）预审结果"), **_APPROVED),
    Matter("eia", 2, _("环境影响评价审批文件"), **{**_APPROVED, "days": LICENCE_DAYS}),
    Matter("water", 2, _("取水许可、水土保持、洪水影响评价等涉水事项审批结果"),
           **{**_APPROVED, "days": LICENCE_DAYS}),
    Matter("prequalification", 3, _("资格预审公告"), **_NOTICE),
    Matter("tender_notice", 3, _("招标公告"), **_NOTICE),
    Matter("candidates", 3, _("中标候选人公示"), **_NOTICE),
    Matter("award", 3, _("中标结果公示"), **_NOTICE),
    Matter(
        "contract", 3, _("合同订立及履行情况"),
        required=("date", "content"), optional=("link", "amount"),
        labels=(("date", _("合同订立日期")), ("content", _("合同主要内容及履行情况")),
                ("amount", _("合同金额（万元）"))),
    ),
    Matter("bid_penalty", 3, _("招标投标违法处罚信息"), **_PENALTY),
    Matter("land_notice", 4, _("征地告知书及报批前程序证明材料"), **_LAND),
    Matter("land_report", 4, _("建设项目用地呈报说明书"), **_LAND),
    Matter("farmland_conversion", 4, _("农用地转用方案"), **_LAND),
    Matter("farmland_supplement", 4, _("补充耕地方案"), **_LAND),
    Matter("expropriation_plan", 4, _("征收土地方案"), **_LAND),
    Matter("supply_plan", 4, _("供地方案"), **_LAND),
    Matter("expropriation_notice", 4, _("征地公告"), **_LAND),
    Matter("compensation_notice", 4, _("征地补偿安置方案公告"), **_LAND),
    Matter(
        "design_change", 5, _("重大设计变更"),
        required=("content", "authority", "result", "date"), optional=("number",),
        labels=(("content", _("变更原因及主要变更内容")), ("authority", _("批准单位")),
                ("result", _("变更结果")), ("number", _("变更依据（批复文号）")),
                ("date", _("批准日期"))),
    ),
    Matter("legal_person", 6, _("项目法人单位及其主要负责人信息"), **_SITE),
    Matter(
        "participants", 6, _("设计、施工、监理单位及其主要负责人、项目负责人、资质情况"), **_SITE
    ),
    Matter("site_management", 6, _("施工单位项目管理机构设置、工作职责、主要管理制度"), **_SITE),
    Matter("environment", 6, _("施工期环境保护措施落实情况"), **_SITE),
    Matter(
        "supervisor", 7, _("质量安全监督机构及其联系方式"),
        required=("authority", "content", "date"),
        labels=(("authority", _("监督机构")), ("content", _("联系方式")),
                ("date", _("信息日期"))),
    ),
    Matter("quality_penalty", 7, _("质量安全行政处罚情况"), **_PENALTY),
    Matter(
        "acceptance", 8, _("竣工验收"), required=("date", "result"),
        labels=(("date", _("竣工验收时间")), ("result", _("工程质量验收结果"))),
    ),
    Matter(
        "acceptance_filing", 8, _("竣工验收备案"), required=("number", "date", "authority"),
        labels=(("number", _("备案编号")), ("date", _("备案时间")), ("authority", _("备案部门"))),
    ),
    Matter("handover", 8, _("交付使用"), required=("date",), labels=(("date", _("交付使用时间")),)),
    Matter(
        "final_audit", 8, _("竣工决算审计"), required=("authority", "result", "amount", "date"),
        labels=(("authority", _("审计单位")), ("result", _("审计结论")),
                ("amount", _("财务决算金额（万元）")), ("date", _("审计报告日期"))),
    ),
]  # fmt: skip
BY_CODE = {matter.code: matter for matter in MATTERS}
MATTER_CHOICES = [
    (DisclosureCategory(number).label, [(m.code, m.label) for m in MATTERS if m.category == number])
    for number in DisclosureCategory.values
]

# The catalogue's metadata (发改办投资〔2019〕621号), the same for every item of this site.
METADATA = [
    (_("公开依据"), _(
        "《关于推进重大建设项目批准和实施领域政府信息公开的意见》（国办发〔2017〕94号）；"
        "《中华人民共和国政府信息公开条例》"
    )),
    (_("公开时限"), _(
        "信息形成或变更之日起20个工作日内；行政许可、行政处罚自作出决定之日起7个工作日内"
    )),
    (_("公开主体"), _("谁审批、谁公开：审批或掌握信息的部门，及项目的责任单位")),
    (_("公开渠道和载体"), _("本网站；项目现场公示牌")),
    (_("公开对象"), _("全社会")),
    (_("公开方式"), _("主动公开")),
    (_("公开层级"), _("旗县级")),
]  # fmt: skip


def matter(code: str) -> Matter | None:
    return BY_CODE.get(code)
