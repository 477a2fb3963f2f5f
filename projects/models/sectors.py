from django.db import models
from simple_history.models import HistoricalRecords

from .base import localized


class SectorManager(models.Manager):
    def get_queryset(self):
        # A sector's name includes its area's; the table is tiny, so always join the parent.
        return super().get_queryset().select_related("parent")


class Sector(models.Model):
    """An area (扩大投资) or a sector under it (产业升级 -> 第一产业): two levels at most."""

    slug = models.SlugField(
        "标识",
        max_length=40,
        unique=True,
        help_text="用于网址和导入文件的英文标识，例如 primary-industry。",
        error_messages={"unique": "该标识已被其他领域使用。"},
    )
    name = models.CharField("名称", max_length=40)
    name_en = models.CharField("英文名称", max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="留空表示这是一个大领域（如“扩大投资”）。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = SectorManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "领域"
        verbose_name_plural = "领域"
        ordering = ["order", "slug"]

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.name} · {self.name}"
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "领域最多两级：上级领域本身不能再有上级。"})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "领域不能以自己为上级。"})


class Category(models.Model):
    """Industry category of a project (新能源, 耐火材料, 文旅 ...)."""

    slug = models.SlugField(
        "标识",
        max_length=40,
        unique=True,
        error_messages={"unique": "该标识已被其他产业类别使用。"},
    )
    name = models.CharField("名称", max_length=40, unique=True)
    name_en = models.CharField("英文名称", max_length=80, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业类别"
        verbose_name_plural = "产业类别"
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")
