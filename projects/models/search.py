"""The site search's index: one row per public project, target and news item, and its bigrams.

Derived data only, rebuilt at will (``manage.py rebuild_search_index``); ``projects.search``
keeps it in step with the records and reads it.
"""

from django.db import models


class SearchKind(models.TextChoices):
    PROJECT = "project", "项目"
    TARGET = "target", "指标"
    NEWS = "news", "新闻"


class SearchEntry(models.Model):
    """What the search finds and shows of one record, so a page of results needs no join."""

    kind = models.CharField("类型", max_length=8, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField("记录编号")
    key = models.CharField("网址标识", max_length=80, help_text="项目、指标编号或新闻网址标识。")
    title = models.CharField("标题", max_length=300)
    title_en = models.CharField("英文标题", max_length=300, blank=True)
    detail = models.TextField("摘要", blank=True)
    detail_en = models.TextField("英文摘要", blank=True)
    context = models.CharField("所属", max_length=300, blank=True)
    context_en = models.CharField("英文所属", max_length=400, blank=True)
    # Normalised (NFKC, lower case, punctuation as spaces): what queries are matched against.
    title_text = models.TextField("标题检索文本")
    text = models.TextField("检索文本")
    sort_key = models.CharField("排序", max_length=40)
    # A news item scheduled for later is indexed now and found from its publication time on.
    visible_from = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"


class SearchGram(models.Model):
    """A pair of adjacent characters (at least one of them Chinese) found in an entry's text."""

    gram = models.CharField("字对", max_length=2)
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="grams")

    class Meta:
        verbose_name = "搜索字对"
        verbose_name_plural = "搜索字对"
        # Once per entry: the lookup by bigram is then known to give each entry once, which
        # spares PostgreSQL a step of removing duplicates from thousands of rows.
        constraints = [models.UniqueConstraint(fields=["gram", "entry"], name="search_gram_once")]

    def __str__(self):
        return self.gram
