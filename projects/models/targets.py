import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .base import Publishable, PublishedQuerySet, localized
from .choices import Aggregate, Cadence, Comparison, Level, TargetKind

PLAN_START = datetime.date(2026, 1, 1)
PLAN_END = datetime.date(2026, 12, 31)
DEFAULT_LAG_DAYS = {
    Cadence.MONTHLY: 25,
    Cadence.QUARTERLY: 30,
    Cadence.ANNUAL: 60,
    Cadence.ONCE: 15,
}


# Fields whose change alters what a published target promises or how it is judged: such a
# change needs a reason, and the target page lists it.
VERDICT_FIELDS = [
    "figure",
    "unit",
    "start",
    "deadline",
    "comparison",
    "kind",
    "baseline",
    "pace_profile",
    "rule_category",
    "rule_level",
    "rule_stages",
    "rule_aggregate",
    "records_complete",
]


class RevisionDocument(models.Model):
    """Added to each saved version of a target: the document that authorised a change."""

    revision_document = models.CharField("调整依据文号", max_length=120, blank=True)

    class Meta:
        abstract = True


class Target(Publishable):
    """A 2026 commitment of a sector. How its value and status are judged: projects.progress."""

    code = models.CharField(
        "指标编号",
        max_length=20,
        unique=True,
        help_text="稳定不变的编号，例如 T01，用于网址和导入文件。",
        error_messages={"unique": "该指标编号已被其他指标使用。"},
    )
    sector = models.ForeignKey(
        "projects.Sector", verbose_name="所属领域", on_delete=models.PROTECT, related_name="targets"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    title = models.CharField("简称", max_length=80, help_text="列表中显示的短标题。")
    title_en = models.CharField("英文简称", max_length=160, blank=True)
    wording = models.TextField("原文表述", help_text="计划原文中的承诺，一字不改。")
    wording_en = models.TextField("英文表述", blank=True)
    source = models.CharField(
        "出处",
        max_length=200,
        blank=True,
        help_text="原文表述的出处，例如文章标题、作者和发布单位。",
    )
    kind = models.CharField(
        "指标类型",
        max_length=12,
        choices=TargetKind.choices,
        help_text="决定如何判断进度，规则见公开的“进度判断规则”。",
    )
    comparison = models.CharField(
        "比较方式",
        max_length=10,
        choices=Comparison.choices,
        default=Comparison.AT_LEAST,
        help_text="“以上/不低于”含等于；“突破/超过”不含等于。里程碑类指标忽略此项。",
    )
    figure = models.DecimalField(
        "目标值",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="计划承诺的数字。倍数类填倍数（翻两番填 4），增长类填百分数（10% 填 10）。",
    )
    unit = models.CharField("单位", max_length=20, blank=True)
    unit_en = models.CharField("英文单位", max_length=40, blank=True)
    baseline = models.DecimalField(
        "2025年基数",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="倍数类和增长类指标必填：2025 年的实际数。",
    )
    baseline_unit = models.CharField(
        "基数单位",
        max_length=20,
        blank=True,
        help_text="基数和进展数据的单位，例如 亿元。",
    )
    start = models.DateField("起始日期", default=PLAN_START)
    deadline = models.DateField("截止日期", default=PLAN_END)
    cadence = models.CharField(
        "统计频次", max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    report_lag_days = models.PositiveSmallIntegerField(
        "发布时限（天）",
        null=True,
        blank=True,
        help_text=(
            "统计期结束后多少天内应发布该期数据。留空按统计频次的惯例："
            "每月 25 天，每季度 30 天，每年 60 天，一次性 15 天。"
        ),
    )
    responsible_unit = models.ForeignKey(
        "projects.Unit",
        verbose_name="数据报送单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text="负责报送本指标数据的单位，例如 旗统计局、旗文旅体育局；公开页面显示。",
    )
    # The unit as written before units were records: kept, never shown or edited, so that
    # every earlier version in the history keeps the exact words it had.
    responsible_unit_text = models.CharField(
        "原填写的数据报送单位", max_length=120, blank=True, editable=False
    )
    responsible_unit_en = models.CharField(
        "原填写的英文报送单位", max_length=200, blank=True, editable=False
    )
    pace_profile = models.JSONField(
        "分月进度曲线",
        null=True,
        blank=True,
        help_text=(
            "可选。季节性工作填 12 个数，为 1 至 12 月各月末应完成的累计比例（0 到 1），"
            "例如旅游旺季；留空按直线计算时间进度。"
        ),
    )
    rule_category = models.ForeignKey(
        "projects.Category",
        verbose_name="计数：产业类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="仅“由项目记录计算”的指标：只计这一产业类别的项目，留空计全部。",
    )
    rule_level = models.CharField(
        "计数：项目级别",
        max_length=12,
        choices=Level.choices,
        blank=True,
        help_text="仅“由项目记录计算”的指标：只计这一级别的项目，留空计全部。",
    )
    rule_stages = models.JSONField(
        "计数：建设阶段",
        default=list,
        blank=True,
        help_text="仅“由项目记录计算”的指标：处于这些阶段的项目才计入，留空计全部阶段。",
    )
    records_complete = models.BooleanField(
        "项目记录已录入完整",
        default=False,
        help_text=(
            "仅“由项目记录计算”的指标：确认本指标涉及的项目已全部录入后勾选。"
            "未勾选时网站只显示已录入的数量，不判断进度快慢，以免因漏录而误判。"
        ),
    )
    rule_aggregate = models.CharField(
        "计数方式",
        max_length=10,
        choices=Aggregate.choices,
        default=Aggregate.COUNT,
        help_text="数项目个数，或合计规模（仅计单位与本指标单位相同的项目）。",
    )

    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], bases=[RevisionDocument]
    )

    class Meta:
        verbose_name = "目标指标"
        verbose_name_plural = "目标指标"
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        # The public page; for a draft, staff see it there as a preview.
        return reverse("projects:target_detail", args=[self.code])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_unit(self) -> str:
        return localized(self, "unit")

    @property
    def is_milestone(self) -> bool:
        return self.kind == TargetKind.MILESTONE

    @property
    def display_responsible_unit(self) -> str:
        unit = self.responsible_unit
        return unit.display_name if unit else ""

    @property
    def lag_days(self) -> int:
        if self.report_lag_days is not None:
            return self.report_lag_days
        return DEFAULT_LAG_DAYS[self.cadence]

    def verdict_changes(self, stored: "Target") -> list[str]:
        """The verdict fields in which this instance differs from *stored*."""
        changed = []
        for name in VERDICT_FIELDS:
            field = self._meta.get_field(name)
            if field.value_from_object(self) != field.value_from_object(stored):
                changed.append(name)
        return changed

    def clean(self):
        # Codes are written in capitals; kl2026-001 and KL2026-001 must be one record.
        self.code = (self.code or "").strip().upper()
        errors = {}
        if self.kind != TargetKind.MILESTONE and self.figure is None:
            errors["figure"] = "除里程碑类外，指标必须填写目标值。"
        if self.figure is not None and self.figure < 0:
            errors["figure"] = "目标值不能为负数。"
        if self.start and self.deadline and self.deadline <= self.start:
            errors["deadline"] = "截止日期必须晚于起始日期。"
        if self.kind in (TargetKind.MULTIPLE, TargetKind.GROWTH) and not self.baseline_unit:
            errors["baseline_unit"] = "倍数类和增长类指标须填写基数单位（如 亿元）。"
        if self.baseline is not None and self.baseline <= 0:
            errors["baseline"] = "2025 年基数必须大于零。"
        if self.pace_profile not in (None, "", []):
            errors.update(_check_profile(self.pace_profile))
        from .choices import Stage

        unknown = [s for s in (self.rule_stages or []) if s not in Stage.values]
        if unknown:
            errors["rule_stages"] = f"未知的建设阶段：{'、'.join(map(str, unknown))}。"
        if errors:
            raise ValidationError(errors)


def _check_profile(profile) -> dict:
    message = "分月进度曲线须为 12 个 0 到 1 之间、逐月不减的数，最后一个为 1。"
    try:
        values = [Decimal(str(v)) for v in profile]
    except Exception:
        return {"pace_profile": message}
    ordered = all(a <= b for a, b in itertools.pairwise(values))
    if len(values) != 12 or not ordered or values[0] < 0 or values[-1] != 1:
        return {"pace_profile": message}
    return {}


class MeasurementQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, target__is_published=True)


class Measurement(Publishable):
    """A dated value of a target; the latest published one on or before a date is its value."""

    target = models.ForeignKey(
        Target, verbose_name="指标", on_delete=models.PROTECT, related_name="measurements"
    )
    date = models.DateField("统计截止日期", help_text="这一数值统计到哪一天。")
    value = models.DecimalField(
        "数值",
        max_digits=14,
        decimal_places=4,
        help_text="与指标同单位；倍数类、增长类填当年累计的实际数（基数单位）。",
    )
    source = models.CharField("数据来源", max_length=200, help_text="例如 旗统计局月报、旗文旅局。")
    note = models.TextField("说明", blank=True)
    is_final = models.BooleanField(
        "最终结果",
        default=False,
        help_text="一次性指标（如高考）公布的最终结果请勾选。",
    )

    objects = MeasurementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "进展数据"
        verbose_name_plural = "进展数据"
        ordering = ["target", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "date"],
                name="one_measurement_per_target_and_date",
                violation_error_message="该指标在这一天已有一条进展数据，请修改原记录。",
            )
        ]

    def __str__(self):
        return f"{self.target.code} {self.date:%Y-%m-%d}: {self.value}"

    def clean(self):
        if self.target_id and self.target.kind == TargetKind.MILESTONE:
            raise ValidationError(
                {"value": "里程碑类指标没有数值，请在该指标下登记里程碑步骤及完成日期。"}
            )
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "数值不能为负数。"})
        if self.target_id and self.date:
            message = period_error(self.target, self.date)
            if message:
                raise ValidationError({"date": message})


def period_error(target: Target, day: datetime.date) -> str:
    """Why *day* cannot carry a figure of *target*, or "" when it lies inside its period."""
    if day < target.start:
        return (
            f"统计截止日期 {day:%Y-%m-%d} 早于本指标的起始日期 {target.start:%Y-%m-%d}。"
            f"{target.start.year - 1} 年的数字是基数，请填在指标的“2025年基数”中，"
            "不要作为进展数据录入。"
        )
    if day > target.deadline:
        return (
            f"统计截止日期 {day:%Y-%m-%d} 晚于本指标的截止日期 {target.deadline:%Y-%m-%d}。"
            f"进展数据只能统计到截止日期为止；全年最终数请把统计截止日期填为 "
            f"{target.deadline:%Y-%m-%d}。"
        )
    return ""


class MilestoneStep(models.Model):
    """One step of a milestone target, with its planned date and, once done, its done date."""

    target = models.ForeignKey(
        Target, verbose_name="指标", on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("步骤", max_length=120)
    title_en = models.CharField("英文步骤", max_length=200, blank=True)
    planned_date = models.DateField("计划完成日期", null=True, blank=True)
    done_date = models.DateField("实际完成日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "里程碑步骤"
        verbose_name_plural = "里程碑步骤"
        ordering = ["target", "order", "planned_date", "pk"]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def clean(self):
        if self.target_id and self.target.kind != TargetKind.MILESTONE:
            raise ValidationError("只有里程碑类指标才能登记步骤。")


@receiver(pre_create_historical_record)
def _keep_revision_document(sender, instance, history_instance, **kwargs):
    # The document number travels with the save that cites it, like the change reason; it is
    # not a field of the target, so a later save never repeats an old document's number.
    if isinstance(instance, Target):
        history_instance.revision_document = getattr(instance, "_revision_document", "") or ""
