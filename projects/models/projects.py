from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from projects.outline import outside_message

from .base import Publishable, PublishedQuerySet, localized
from .choices import Level, Stage

NON_NEGATIVE = MinValueValidator(0, message="金额和数量不能为负数。")
PERCENT = [
    MinValueValidator(0, message="进度须在 0 到 100 之间。"),
    MaxValueValidator(100, message="进度须在 0 到 100 之间。"),
]


def _money(verbose_name: str, help_text: str = "") -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
        help_text=help_text or "单位：万元。",
    )


def _percent(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=1, null=True, blank=True, validators=PERCENT
    )


class ProjectQuerySet(PublishedQuerySet):
    def for_list(self):
        """What a list of projects shows: the sector, its area and the category in one query."""
        return self.select_related("sector__parent", "category")

    def samples(self):
        return self.filter(code__startswith="SAMPLE-")


class Project(Publishable):
    code = models.CharField(
        "项目编号",
        max_length=40,
        unique=True,
        help_text="稳定不变的编号，导入时据此识别项目；请勿使用 Excel 自动转换过的科学计数法数字。",
        error_messages={"unique": "该项目编号已被其他项目使用。"},
    )
    name = models.CharField("项目名称", max_length=200)
    name_en = models.CharField("英文名称", max_length=300, blank=True)
    sector = models.ForeignKey(
        "projects.Sector",
        verbose_name="所属领域",
        on_delete=models.PROTECT,
        related_name="projects",
    )
    category = models.ForeignKey(
        "projects.Category",
        verbose_name="产业类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    level = models.CharField(
        "项目级别",
        max_length=12,
        choices=Level.choices,
        blank=True,
        help_text="市级重点、旗级重点或一般；尚未定级的留空。",
    )
    stage = models.CharField(
        "建设阶段",
        max_length=12,
        choices=Stage.choices,
        blank=True,
        help_text="尚未核实的留空，公开页面显示“待核实”。",
    )
    stage_date = models.DateField(
        "进入本阶段日期",
        null=True,
        blank=True,
        help_text=(
            "项目进入当前建设阶段的日期；按项目计数的指标据此判断某日是否计入。"
            "修改建设阶段而不填此项时，按修改当天记录。"
        ),
    )
    owner = models.CharField("建设单位", max_length=200, blank=True)
    responsible_unit = models.ForeignKey(
        "projects.Unit",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    # The unit as written before units were records: kept, never shown or edited, so that
    # every earlier version in the history keeps the exact words it had.
    department = models.CharField("原填写的责任单位", max_length=200, blank=True, editable=False)
    leader = models.CharField("包联领导", max_length=100, blank=True)
    township = models.CharField("所在苏木镇（场）", max_length=60, blank=True)
    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, message="纬度须在 -90 到 90 之间。"),
            MaxValueValidator(90, message="纬度须在 -90 到 90 之间。"),
        ],
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, message="经度须在 -180 到 180 之间。"),
            MaxValueValidator(180, message="经度须在 -180 到 180 之间。"),
        ],
    )
    content = models.TextField("建设内容", blank=True)
    content_en = models.TextField("英文建设内容", blank=True)
    total_investment = _money("总投资", "单位：万元。")
    planned_2026 = _money("2026年计划投资", "单位：万元。")
    completed_2026 = _money("2026年已完成投资", "单位：万元，截至最新一次进展报告的累计数。")
    investment_note = models.CharField(
        "投资说明",
        max_length=300,
        blank=True,
        help_text="已完成投资超过计划投资时必须说明原因（如追加投资）。",
    )
    capacity = models.DecimalField(
        "建设规模",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
        help_text="与单位一起填写，例如 30 万千瓦、20 万羽。",
    )
    capacity_unit = models.CharField("规模单位", max_length=20, blank=True)
    planned_start = models.DateField("计划开工日期", null=True, blank=True)
    planned_end = models.DateField("计划竣工日期", null=True, blank=True)
    actual_start = models.DateField("实际开工日期", null=True, blank=True)
    actual_end = models.DateField("实际竣工日期", null=True, blank=True)
    progress = _percent("形象进度（%）")
    last_reported_on = models.DateField(
        "最近进展日期",
        null=True,
        blank=True,
        help_text="最新一条已发布进展报告的日期，由系统在发布报告时填写。",
    )
    related_targets = models.ManyToManyField(
        "projects.Target",
        verbose_name="相关指标",
        blank=True,
        related_name="related_projects",
        help_text="本项目服务的指标。按项目计数的指标会按规则自动计入，不必在此勾选。",
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["code"]
        indexes = [
            models.Index(fields=["is_published", "stage"], name="project_pub_stage"),
            models.Index(fields=["is_published", "-updated_at"], name="project_pub_updated"),
            # Covering indexes for the two grouped counts every dashboard asks for (targets
            # computed from projects; projects and money by stage): with 10,000 projects on
            # SQLite they turn a 15 ms table scan into a 2-3 ms index scan. The first carries
            # actual_start because a later actual start rules a project out of "started".
            models.Index(
                fields=[
                    "category",
                    "level",
                    "stage",
                    "capacity_unit",
                    "is_published",
                    "stage_date",
                    "capacity",
                    "actual_start",
                ],
                name="project_target_counts",
            ),
            models.Index(
                fields=["stage", "is_published", "planned_2026", "completed_2026", "updated_at"],
                name="project_stage_money",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        # The public page; for a draft, staff see it there as a preview.
        return reverse("projects:project_detail", args=[self.code])

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def is_sample(self) -> bool:
        return self.code.startswith("SAMPLE-")

    def over_plan_without_note(self, completed) -> bool:
        """Whether *completed* (万元, this project's or a report's) passes the 2026 plan with no
        投资说明 saying why: refused on the project and on its reports alike."""
        return (
            self.planned_2026 is not None
            and completed is not None
            and completed > self.planned_2026
            and not self.investment_note.strip()
        )

    def clean(self):
        # Codes are written in capitals; kl2026-001 and KL2026-001 must be one record.
        self.code = (self.code or "").strip().upper()
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = "计划竣工日期不能早于计划开工日期。"
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = "实际竣工日期不能早于实际开工日期。"
        if self.over_plan_without_note(self.completed_2026):
            errors["investment_note"] = "2026 年已完成投资超过计划投资，请在“投资说明”中写明原因。"
        if (self.capacity is None) != (not self.capacity_unit.strip()):
            errors["capacity_unit"] = "建设规模和规模单位须同时填写或同时留空。"
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "经度和纬度须同时填写或同时留空。"
        elif outside := outside_message(self.latitude, self.longitude):
            errors["latitude"] = outside
        if errors:
            raise ValidationError(errors)


class ReportQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, project__is_published=True)


class ProgressReport(Publishable):
    """A dated report on a project; the newest published one sets what the project shows."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="reports"
    )
    date = models.DateField("报告日期")
    stage = models.CharField("建设阶段", max_length=12, choices=Stage.choices)
    progress = _percent("形象进度（%）")
    completed_2026 = models.DecimalField(
        "2026年累计完成投资",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
        help_text="单位：万元，截至报告日期的当年累计数。",
    )
    text = models.TextField("进展情况")
    text_en = models.TextField("英文进展情况", blank=True)
    photo = models.ImageField("现场照片", upload_to="reports/%Y/%m/", blank=True)
    photo_alt = models.CharField(
        "照片说明", max_length=200, blank=True, help_text="照片的文字说明，供读屏软件朗读。"
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "项目进展"
        verbose_name_plural = "项目进展"
        ordering = ["project", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "date"],
                name="one_report_per_project_and_date",
                violation_error_message="该项目在这一天已有一条进展报告，请修改原记录。",
            )
        ]
        indexes = [models.Index(fields=["project", "is_published", "-date"], name="report_latest")]

    def __str__(self):
        return f"{self.project.code} {self.date:%Y-%m-%d}"

    @property
    def display_text(self) -> str:
        return localized(self, "text")

    def clean(self):
        errors = {}
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = "上传照片时请填写照片说明。"
        # The newest published report sets the project's completed investment, so a report
        # must not carry the project past the rule the project form enforces.
        project = getattr(self, "project", None)
        if project is not None and project.over_plan_without_note(self.completed_2026):
            errors["completed_2026"] = (
                f"累计完成投资 {self.completed_2026.normalize():f} 万元超过该项目2026年计划投资 "
                f"{project.planned_2026.normalize():f} 万元。请先在项目中填写“投资说明”写明原因，"
                "再录入这条进展。"
            )
        if errors:
            raise ValidationError(errors)
