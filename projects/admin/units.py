from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_permissions import ChineseUserAdmin
from projects.admin import reporting
from projects.models import Unit, UnitMembership


class MembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = "成员"
    verbose_name_plural = "成员（属于本单位的工作人员账号）"


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "aliases"]
    ordering = ["order", "name"]
    fields = ["name", "name_en", "kind", "aliases", "order"]
    inlines = [MembershipInline]

    def get_urls(self):
        view = self.admin_site.admin_view(self.reporting_view)
        return [
            path("reporting/", view, name="projects_unit_reporting"),
            *super().get_urls(),
        ]

    def reporting_view(self, request):
        return reporting.unit_table_view(self, request)

    def changelist_view(self, request, extra_context=None):
        if reporting.is_administrator(request.user):
            extra_context = {
                **(extra_context or {}),
                "reporting_url": reverse("admin:projects_unit_reporting"),
            }
        return super().changelist_view(request, extra_context)


class UserUnitInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    autocomplete_fields = ["unit"]
    verbose_name = "所属单位"
    verbose_name_plural = "所属单位"


User = get_user_model()
# The account page is where an administrator sets up a colleague: units included, and the
# permissions listed in Chinese. The one registration of the user admin.
admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(ChineseUserAdmin):
    inlines = [*ChineseUserAdmin.inlines, UserUnitInline]
