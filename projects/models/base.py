from django.db import models
from django.utils.translation import get_language


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public may see: pages, feeds, sitemaps and exports."""
        return self.filter(is_published=True)


class Publishable(models.Model):
    is_published = models.BooleanField(
        "已发布",
        default=False,
        help_text="勾选后公众可在网站上看到；未勾选的记录只有工作人员可见。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True


def localized(obj, field: str) -> str:
    """The English text when the page is English and staff filled it, else the Chinese."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
