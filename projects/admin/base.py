from django.contrib import admin, messages
from django.contrib.admin import ShowFacets
from simple_history.admin import SimpleHistoryAdmin

from ledger.recording import batched
from projects.admin import filters
from projects.admin.fields import FlexibleInputs
from projects.services import roles


class PlanAdmin(FlexibleInputs, SimpleHistoryAdmin):
    """Admin defaults for plan records: facets, history with the acting user, publish actions."""

    show_facets = ShowFacets.ALWAYS
    list_per_page = 50
    actions = ["publish", "unpublish"]

    # The saves of one form or action (a project with its reports, then the project brought
    # in step with them) are entered in the publication ledger together when it is done: one
    # entry per record for what the public then sees, in a few statements.
    def changeform_view(self, request, *args, **kwargs):
        with batched():
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with batched():
            return super().delete_view(request, *args, **kwargs)

    def response_action(self, request, queryset):
        with batched():
            return super().response_action(request, queryset)

    def _set_published(self, request, queryset, value: bool, reason: str):
        # Each record is saved on its own, not with queryset.update(), so that every change
        # lands in its history with the acting user.
        changed = 0
        for obj in queryset.filter(is_published=not value):
            obj.is_published = value
            obj._change_reason = reason
            obj.save()
            changed += 1
        return changed

    def get_list_filter(self, request):
        return filters.once(self.model, super().get_list_filter(request))

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    @admin.action(description="发布所选记录", permissions=["publish"])
    def publish(self, request, queryset):
        n = self._set_published(request, queryset, True, "批量发布")
        self.message_user(request, f"已发布 {n} 条记录。", messages.SUCCESS)

    @admin.action(description="取消发布所选记录", permissions=["publish"])
    def unpublish(self, request, queryset):
        n = self._set_published(request, queryset, False, "批量取消发布")
        self.message_user(request, f"已取消发布 {n} 条记录。", messages.SUCCESS)


def yes_no(value) -> str:
    return "—" if value is None else ("是" if value else "否")
