"""The ledger in the admin: read only for everyone, superusers included."""

from django.contrib import admin

from ledger.kinds import BY_NAME
from ledger.models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = [
        "seq",
        "recorded_at",
        "action",
        "kind_label",
        "record_key",
        "version",
        "approved_by",
        "short_content",
        "short_hash",
    ]
    list_filter = ["action", "kind", "recorded_at"]
    search_fields = ["record_key", "approved_by", "entry_hash", "content_sha256"]
    date_hierarchy = "recorded_at"
    list_per_page = 100
    show_full_result_count = False  # a count of a long ledger on every page is not needed
    actions = None

    @admin.display(description="记录类型", ordering="kind")
    def kind_label(self, entry):
        kind = BY_NAME.get(entry.kind)
        return kind.label if kind else entry.kind

    @admin.display(description="公开内容 SHA-256")
    def short_content(self, entry):
        return f"{entry.content_sha256[:12]}…"

    @admin.display(description="本条记录哈希")
    def short_hash(self, entry):
        return f"{entry.entry_hash[:12]}…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
