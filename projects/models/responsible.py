"""Responsible units (责任单位): the offices and townships that keep and report the data."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from projects.places import bare_name

from .base import localized

BANNER_PREFIXES = ("库伦旗", "旗")  # longest first


def unit_name_key(written) -> str:
    """How a unit's name is compared: 库伦旗 文旅局, 旗文旅局 and 文旅局 are one name.

    NFKC (full-width letters and digits), no spaces, without the banner in front or the
    government office behind (库伦镇人民政府 is 库伦镇), as townships are read.
    """
    return bare_name(written, BANNER_PREFIXES).lower()


class UnitKind(models.TextChoices):
    BANNER_OFFICE = "banner", "旗直部门"
    TOWNSHIP = "township", "苏木镇场"
    OTHER = "other", "其他"


class Unit(models.Model):
    """An office (旗发改委, 旗文旅体育局) or township that answers for projects and targets."""

    name = models.CharField(
        "名称",
        max_length=120,
        unique=True,
        help_text="公开页面显示的名称，例如 旗文旅体育局。",
        error_messages={"unique": "已有同名的责任单位。"},
    )
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    kind = models.CharField("类型", max_length=10, choices=UnitKind.choices, blank=True)
    aliases = models.TextField(
        "其他写法",
        blank=True,
        help_text=(
            "导入文件里可能出现的其他写法，每行一个，例如 库伦旗文化旅游体育局、旗文旅局。"
            "比较时不计空格、全角半角，也不计开头的“库伦旗”“旗”和结尾的“人民政府”“政府”。"
        ),
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def name_keys(self) -> set[str]:
        """Every compared form of the name and its aliases."""
        return {unit_name_key(name) for name in [self.name, *self.alias_list()]} - {""}

    def clean(self):
        from django.core.exceptions import ValidationError

        taken = {}
        for other in Unit.objects.exclude(pk=self.pk).only("name", "aliases"):
            for key in other.name_keys():
                taken[key] = other.name
        clashes = sorted({taken[key] for key in self.name_keys() if key in taken})
        if clashes:
            raise ValidationError(
                {"aliases": f"名称或其他写法与已有单位“{'、'.join(clashes)}”重复，导入时无法区分。"}
            )


class UnitMembership(models.Model):
    """A staff account's place in a unit; an account may belong to several."""

    unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员账号",
        on_delete=models.CASCADE,
        related_name="unit_memberships",
    )

    class Meta:
        verbose_name = "单位成员"
        verbose_name_plural = "单位成员"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user"],
                name="unit_membership_once",
                violation_error_message="该账号已是这个单位的成员。",
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.user}"
