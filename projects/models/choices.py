from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    QUANTITY = "quantity", _("累计数量")
    PROJECTS = "projects", _("由项目记录计算")
    MULTIPLE = "multiple", _("基数倍数")
    GROWTH = "growth", _("基数增长率")
    LEVEL = "level", _("达到水平")
    KEEP = "keep", _("保持水平")
    MILESTONE = "milestone", _("里程碑")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("不低于（以上）")
    ABOVE = "above", _("超过（突破）")
    AT_MOST = "at_most", _("不超过")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    ANNUAL = "annual", _("每年")
    ONCE = "once", _("一次性")


class Aggregate(models.TextChoices):
    COUNT = "count", _("项目个数")
    CAPACITY = "capacity", _("规模（产能）合计")


class Level(models.TextChoices):
    CITY_KEY = "city_key", _("市级重点")
    BANNER_KEY = "banner_key", _("旗级重点")
    GENERAL = "general", _("一般")


class Stage(models.TextChoices):
    RESERVE = "reserve", _("储备")
    PREPARATION = "preparation", _("前期")
    NEW_START = "new_start", _("新开工")
    CONTINUING = "continuing", _("续建")
    RESUMED = "resumed", _("复工")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产运营")
    SUSPENDED = "suspended", _("停缓建")


# Stages in which a project is under way or beyond: what "开复工" and "落地" count.
STARTED_STAGES = [
    Stage.NEW_START,
    Stage.CONTINUING,
    Stage.RESUMED,
    Stage.COMPLETED,
    Stage.OPERATING,
]
