from django import forms
from django.contrib import admin
from django.utils import timezone

from projects.admin.base import PlanAdmin
from projects.models import News


def next_slug(day) -> str:
    """The first free address of the day's news: 2026-11-30-1, 2026-11-30-2 ..."""
    prefix = f"{day:%Y-%m-%d}-"
    taken = set(News.objects.filter(slug__startswith=prefix).values_list("slug", flat=True))
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


class NewsForm(forms.ModelForm):
    """The address may be left empty: clerks should not have to invent English words."""

    class Meta:
        model = News
        fields = ["slug"]  # the admin adds the others from its fieldsets
        help_texts = {
            "slug": "可不填：保存时按发布日期自动生成，例如 2026-11-30-1。"
            "也可自填英文、数字和连字符。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and "slug" not in self.errors:
            published_at = cleaned.get("published_at") or timezone.now()
            cleaned["slug"] = next_slug(timezone.localdate(published_at))
            self.slug_made = cleaned["slug"]
        return cleaned


@admin.register(News)
class NewsAdmin(PlanAdmin):
    form = NewsForm
    list_display = ["title", "published_at", "source", "is_published"]
    list_filter = ["is_published", "sectors"]
    search_fields = ["title", "title_en", "summary", "body"]
    autocomplete_fields = ["sectors", "projects", "targets"]
    date_hierarchy = "published_at"
    prepopulated_fields = {}
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "published_at", "is_published"]}),
        ("内容", {"fields": ["summary", "summary_en", "body", "body_en"]}),
        ("出处", {"fields": ["source", "authors"]}),
        ("封面", {"classes": ["collapse"], "fields": ["cover", "cover_alt"]}),
        ("关联", {"fields": ["sectors", "projects", "targets"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        made = getattr(form, "slug_made", None)
        if made:
            self.message_user(
                request, f"网址标识已自动生成：{made}（网址 {obj.get_absolute_url()}）。"
            )
