from django.contrib import admin

from projects.admin.base import PlanAdmin
from projects.models import News


@admin.register(News)
class NewsAdmin(PlanAdmin):
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
