from django import forms
from django.contrib import admin, messages

from projects import places
from projects.admin.base import PlanAdmin, yes_no
from projects.admin.disclosure import day_text, due_text, timeliness_text
from projects.admin.fields import CoordinateField, FlexibleInputs
from projects.admin.importing import RecordImportExportMixin
from projects.admin.reporting import OverdueFilter
from projects.admin.reviewed import ReviewedAdmin, ReviewedInline
from projects.imports import coordinates
from projects.models import DisclosureItem, ProgressReport, Project
from projects.services.progress import fmt, project_pace
from projects.services.reports import sync_project_from_reports
from projects.services.stages import note_replaced_stage, stage_changed_today
from projects.views.common import STALE_AFTER_DAYS
from projects.views.projects import stale_before


class DisclosureInline(admin.TabularInline):
    """The project's items, one line each; each opens in its full form (with the catalogue's
    elements for its matter), and new ones are added there, pre-filled with the project."""

    model = DisclosureItem
    template = "admin/projects/project/disclosure_inline.html"
    extra = 0
    can_delete = False
    fields = [
        "category",
        "matter",
        "state",
        "formed",
        "due",
        "published",
        "timeliness",
        "is_published",
    ]
    readonly_fields = fields
    show_change_link = True

    class Media:
        css = {"all": ["css/admin-disclosure.css"]}

    def has_add_permission(self, request, obj=None):
        return False  # added in the full form: the inline link leads there

    @admin.display(description="信息形成日期")
    def formed(self, obj):
        return day_text(obj.formed_on)

    @admin.display(description="公开截止")
    def due(self, obj):
        return due_text(obj)

    @admin.display(description="公开日期")
    def published(self, obj):
        return day_text(obj.published_on)

    @admin.display(description="时效")
    def timeliness(self, obj):
        return timeliness_text(obj)


class ProgressReportInline(ReviewedInline, FlexibleInputs, admin.StackedInline):
    model = ProgressReport
    extra = 0
    fields = [
        ("date", "stage", "progress", "completed_2026", "is_published"),
        "text",
        "text_en",
        ("photo", "photo_alt"),
    ]
    ordering = ["-date"]
    show_change_link = True


class ProjectForm(forms.ModelForm):
    """A township is chosen from the banner's list, the same one imports check against."""

    township = forms.ChoiceField(label="所在苏木镇（场）", required=False)
    latitude = CoordinateField(kind="latitude")
    longitude = CoordinateField(kind="longitude")

    class Meta:
        model = Project
        fields = ["township"]  # the admin adds the others from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（不填）"), *((name, name) for name in places.TOWNSHIPS)]
        stored = self.instance.township
        if stored and stored not in places.TOWNSHIPS:
            # Saved before the list existed: kept selectable so that saving keeps it.
            choices.append((stored, f"{stored}（不在名单中）"))
        self.fields["township"].choices = choices


class StaleFilter(admin.SimpleListFilter):
    """The public pages' “超30天未更新” flag, and the projects never reported at all."""

    title = f"{STALE_AFTER_DAYS} 天未更新"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [
            ("yes", f"最近一次进展报告超过 {STALE_AFTER_DAYS} 天"),
            ("never", "尚无进展报告"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(last_reported_on__lt=stale_before())
        if self.value() == "never":
            return queryset.filter(last_reported_on__isnull=True)
        return queryset


@admin.register(Project)
class ProjectAdmin(ReviewedAdmin, RecordImportExportMixin, PlanAdmin):
    import_kind = "projects"
    form = ProjectForm
    # Fits a 1280-pixel screen beside the filters, in a Chinese font; 所属领域, 产业类别,
    # 项目级别 and 低于序时进度 are filters or on the change page instead.
    list_display = [
        "code",
        "name",
        "stage",
        "planned_2026",
        "completed_2026",
        "completion_rate",
        "progress",
        "last_reported_on",
        "is_published",
    ]
    list_display_links = ["code", "name"]
    list_filter = [
        OverdueFilter,
        StaleFilter,
        "sector",
        "category",
        "level",
        "stage",
        "is_published",
        "township",
        "responsible_unit",
    ]
    list_select_related = ["sector__parent", "category"]
    search_fields = [
        "code",
        "name",
        "name_en",
        "owner",
        "responsible_unit__name",
        "township",
    ]
    autocomplete_fields = ["sector", "category", "responsible_unit", "related_targets"]
    readonly_fields = ["completion_rate", "behind_schedule", "last_reported_on"]
    inlines = [DisclosureInline, ProgressReportInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "is_published"]}),
        ("分类", {"fields": ["sector", "category", "level", ("stage", "stage_date")]}),
        ("责任", {"fields": ["owner", "responsible_unit", "leader", "township"]}),
        ("内容与规模", {"fields": ["content", "content_en", ("capacity", "capacity_unit")]}),
        (
            "投资（万元）",
            {
                "fields": [
                    "total_investment",
                    ("planned_2026", "completed_2026"),
                    "investment_note",
                    ("completion_rate", "behind_schedule"),
                ]
            },
        ),
        (
            "时间与进度",
            {
                "fields": [
                    ("planned_start", "planned_end"),
                    ("actual_start", "actual_end"),
                    "progress",
                    "last_reported_on",
                ]
            },
        ),
        (
            "位置",
            {
                "classes": ["collapse"],
                "description": f"小数度或度分秒均可。{coordinates.HOW}",
                "fields": [("latitude", "longitude")],
            },
        ),
        ("相关指标", {"fields": ["related_targets"]}),
    ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions["print_sheets"] = self.get_action("print_sheets")
        return actions

    @admin.action(description="打印所选项目的公示牌")
    def print_sheets(self, request, queryset):
        from projects.views.sheets import render_sheets

        chosen = queryset.select_related("responsible_unit").order_by("code")
        return render_sheets(request, list(chosen))

    @admin.display(description="2026年投资完成率")
    def completion_rate(self, obj):
        pace = project_pace(obj)
        return "—" if pace.rate is None else f"{fmt(pace.rate_percent)}%"

    @admin.display(description="低于序时进度")
    def behind_schedule(self, obj):
        return yes_no(project_pace(obj).behind)

    def save_model(self, request, obj, form, change):
        if not change:
            if obj.stage and obj.stage_date is None:
                stage_changed_today(project=obj, previous_stage="")
            return super().save_model(request, obj, form, change)
        before = Project.objects.only("stage", "stage_date", "is_published").get(pk=obj.pk)
        if "stage_date" not in form.changed_data:
            stage_changed_today(project=obj, previous_stage=before.stage)
        if self.hold_for_review(request, obj, form, change):
            if not before.is_published:
                note_replaced_stage(project=obj, stage=before.stage, since=before.stage_date)
            return None
        super().save_model(request, obj, form, change)
        note_replaced_stage(project=obj, stage=before.stage, since=before.stage_date)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Also rebuilds the stage history from the reports and dates just saved.
        sync_and_warn(self, request, [form.instance])


@admin.register(ProgressReport)
class ProgressReportAdmin(ReviewedAdmin, RecordImportExportMixin, PlanAdmin):
    import_kind = "reports"
    list_display = ["project", "date", "stage", "progress", "completed_2026", "is_published"]
    list_filter = ["stage", "is_published", "project__sector"]
    list_select_related = ["project"]
    search_fields = ["project__code", "project__name", "text"]
    autocomplete_fields = ["project"]
    date_hierarchy = "date"

    def view_on_site(self, obj):
        # A report has no page of its own: it is shown on its project's page.
        return obj.project.get_absolute_url()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_and_warn(self, request, [obj.project])

    def delete_model(self, request, obj):
        project = obj.project
        super().delete_model(request, obj)
        sync_and_warn(self, request, [project])

    def delete_queryset(self, request, queryset):
        projects = list(Project.objects.filter(reports__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        sync_and_warn(self, request, projects)

    def _set_published(self, request, queryset, value, reason):
        changed = super()._set_published(request, queryset, value, reason)
        sync_and_warn(self, request, Project.objects.filter(reports__in=queryset).distinct())
        return changed


def sync_and_warn(model_admin, request, projects):
    """Bring projects in step with their reports; warn about those left with no public one.

    Their stage, progress and completed investment may have come from the report that was
    deleted or unpublished; only staff can tell, so they are told.
    """
    bare = [
        project.code
        for project in projects
        if sync_project_from_reports(project=project) and project.last_reported_on is None
    ]
    if bare:
        model_admin.message_user(
            request,
            f"以下项目已没有公开的进展报告：{'、'.join(bare)}。"
            "其建设阶段、进度和2026年完成投资仍为原值，请到项目页核对。",
            messages.WARNING,
        )
