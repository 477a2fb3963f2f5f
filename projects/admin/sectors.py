from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.admin.importing import RecordImportExportMixin
from projects.models import Category, Sector


@admin.register(Sector)
class SectorAdmin(RecordImportExportMixin, SimpleHistoryAdmin):
    import_kind = "sectors"
    list_display = ["name", "name_en", "parent", "slug", "order"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_en", "slug"]
    ordering = ["order", "slug"]
    prepopulated_fields = {}


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    search_fields = ["name", "name_en", "slug"]
