from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .base import Publishable, PublishedQuerySet, localized


class NewsQuerySet(PublishedQuerySet):
    def published(self):
        """Published and not scheduled for later."""
        return self.filter(is_published=True, published_at__lte=timezone.now())


class News(Publishable):
    slug = models.SlugField(
        "网址标识",
        max_length=80,
        unique=True,
        allow_unicode=False,
        help_text="网址中的英文标识，例如 2026-spring-projects。",
        error_messages={"unique": "该网址标识已被其他新闻使用。"},
    )
    title = models.CharField("标题", max_length=200)
    title_en = models.CharField("英文标题", max_length=300, blank=True)
    summary = models.TextField("摘要", max_length=500, blank=True)
    summary_en = models.TextField("英文摘要", max_length=800, blank=True)
    body = models.TextField(
        "正文", help_text="使用 Markdown 书写；也可使用少量 HTML，发布时会过滤。"
    )
    body_en = models.TextField("英文正文", blank=True)
    source = models.CharField("来源", max_length=120, blank=True)
    authors = models.CharField("作者", max_length=120, blank=True)
    published_at = models.DateTimeField(
        "发布时间", default=timezone.now, help_text="晚于当前时间则到时才公开。"
    )
    cover = models.ImageField("封面图片", upload_to="news/%Y/", blank=True)
    cover_alt = models.CharField("封面说明", max_length=200, blank=True)
    sectors = models.ManyToManyField("projects.Sector", verbose_name="相关领域", blank=True)
    projects = models.ManyToManyField("projects.Project", verbose_name="相关项目", blank=True)
    targets = models.ManyToManyField("projects.Target", verbose_name="相关指标", blank=True)

    objects = NewsQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "新闻动态"
        verbose_name_plural = "新闻动态"
        ordering = ["-published_at"]
        get_latest_by = "published_at"

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        # The public page; for a draft, staff see it there as a preview.
        return reverse("projects:news_detail", args=[self.slug])

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.cover and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": "上传封面图片时请填写图片说明。"})
