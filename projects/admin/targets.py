from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from projects.admin.base import PlanAdmin
from projects.admin.fields import FLEXIBLE_INPUTS, FlexibleDecimalField, FlexibleInputs
from projects.admin.importing import RecordImportExportMixin
from projects.admin.reviewed import ReviewedAdmin
from projects.imports import values
from projects.imports.changes import reason_required_message
from projects.imports.resources.targets import percent_problem
from projects.models import Measurement, MilestoneStep, Stage, Target, period_error
from projects.services.progress import evaluate_targets, fmt


class MeasureField(FlexibleDecimalField):
    """A target's figure: 92% is read as 92; whether a % fits is the target's question."""

    parse = staticmethod(values.measure)


def check_percent(form, target, cleaned) -> None:
    """The importer's rule for a figure and its target's unit (``percent_problem``)."""
    value = cleaned.get("value")
    if target is None or value is None or "value" in form.errors:
        return
    message = percent_problem(target, form.data.get(form.add_prefix("value"), ""), value)
    if message:
        form.add_error("value", message)


class MeasurementForm(forms.ModelForm):
    """The figure's own page, where the target is chosen in the same form."""

    def clean(self):
        cleaned = super().clean()
        check_percent(self, cleaned.get("target"), cleaned)
        return cleaned


class MeasurementInlineForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        check_percent(self, getattr(self, "parent_target", None), cleaned)
        # A target being added has no id yet, so the model's own period check cannot see it;
        # the dates typed above in the same form are the period to check against.
        target = getattr(self, "parent_target", None)
        day = cleaned.get("date")
        if target is not None and target.pk is None and day and target.start and target.deadline:
            message = period_error(target, day)
            if message:
                self.add_error("date", message)
        return cleaned


class MeasurementFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Judge each measurement against the period as edited in this very form (a deadline
        # moved and a figure added in one save), not the one stored before it.
        form.instance.target = self.instance
        form.parent_target = self.instance
        return form


class MeasurementInline(FlexibleInputs, admin.TabularInline):
    model = Measurement
    form = MeasurementInlineForm
    formset = MeasurementFormSet
    extra = 0
    formfield_overrides = {
        **FLEXIBLE_INPUTS,
        models.TextField: {"widget": forms.TextInput(attrs={"size": 40})},
    }
    fields = ["date", "value", "source", "note", "is_final", "is_published"]
    ordering = ["-date"]
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "value":
            kwargs["form_class"] = MeasureField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MilestoneStepInline(FlexibleInputs, admin.TabularInline):
    model = MilestoneStep
    extra = 0
    fields = ["order", "title", "title_en", "planned_date", "done_date", "note"]


def _progress(obj):
    """The evaluation attached by the change list, or a fresh one for a single record.

    A change form shown again with errors holds the rejected values, so the stored record is
    evaluated: the computed fields describe what is saved, not a half-typed edit.
    """
    progress = getattr(obj, "_progress", None)
    if progress is None and obj.pk:
        stored = Target.objects.select_related("sector", "rule_category").get(pk=obj.pk)
        progress = evaluate_targets([stored])[0]
        obj._progress = progress
    return progress


class TargetForm(forms.ModelForm):
    rule_stages = forms.MultipleChoiceField(
        label="计数：建设阶段",
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅“由项目记录计算”的指标：处于所选阶段的项目才计入，都不选则计全部阶段。",
    )
    pace_profile = forms.CharField(
        label="分月进度曲线",
        required=False,
        help_text=(
            "可选。季节性工作填 12 个数，用逗号分隔，为 1 至 12 月各月末应完成的累计比例"
            "（0 到 1，最后一个为 1），例如 0.02, 0.04, 0.06, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, "
            "0.9, 0.95, 1；留空按直线计算时间进度。"
        ),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    change_reason = forms.CharField(
        label="修改原因",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=(
            "修改已发布指标的目标值、单位、起止日期、比较方式、指标类型、基数、进度曲线、"
            "计数规则或“项目记录已录入完整”时必填；公开页面的修改记录显示这一原因。"
        ),
    )
    revision_document = forms.CharField(
        label="调整依据文号",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"size": 40}),
        help_text="可选。批准这次调整的文件文号，例如 库政发〔2026〕12号。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.initial.get("pace_profile")
        self.initial["pace_profile"] = ", ".join(str(v) for v in profile) if profile else ""

    def clean_pace_profile(self):
        text = self.cleaned_data["pace_profile"].replace("，", ",").strip()
        if not text:
            return None
        try:
            return [float(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                "请填写用逗号分隔的 12 个数字，例如 0.1, 0.2, …, 1。"
            ) from None

    def clean_rule_stages(self):
        stages = self.cleaned_data["rule_stages"]
        stored = (self.instance.rule_stages or []) if self.instance.pk else []
        # The same stages ticked in another order are no change of the counting rule.
        return list(stored) if set(stages) == set(stored) else stages

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the edited values
        if not self.instance.pk:
            return
        stored = Target.objects.get(pk=self.instance.pk)
        changed = self.instance.verdict_changes(stored)
        reason = (self.cleaned_data.get("change_reason") or "").strip()
        if stored.is_published and changed and not reason and "change_reason" in self.fields:
            self.add_error("change_reason", reason_required_message(changed))

    class Meta:
        model = Target
        fields = ["rule_stages", "pace_profile"]  # the admin adds the rest from its fieldsets


@admin.register(Target)
class TargetAdmin(RecordImportExportMixin, PlanAdmin):
    import_kind = "targets"
    form = TargetForm
    list_display = [
        "code",
        "title",
        "sector",
        "figure_display",
        "current_value",
        "completion",
        "status",
        "deadline",
        "is_published",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["sector", "kind", "cadence", "is_published"]
    list_select_related = ["sector__parent"]
    search_fields = ["code", "title", "title_en", "wording"]
    autocomplete_fields = ["sector", "rule_category", "responsible_unit"]
    readonly_fields = ["current_value", "completion", "status", "explanation"]
    inlines = [MeasurementInline, MilestoneStepInline]
    history_list_display = ["revision_document"]
    fieldsets = [
        (None, {"fields": ["code", "sector", "order", "title", "title_en", "is_published"]}),
        ("计划原文", {"fields": ["wording", "wording_en", "source"]}),
        (
            "目标与判断规则",
            {
                "fields": [
                    "kind",
                    "comparison",
                    ("figure", "unit", "unit_en"),
                    ("baseline", "baseline_unit"),
                    ("start", "deadline"),
                    "cadence",
                    "pace_profile",
                ]
            },
        ),
        (
            "数据报送",
            {"fields": ["report_lag_days", "responsible_unit"]},
        ),
        (
            "由项目记录计算（仅此类指标填写）",
            {
                "classes": ["collapse"],
                "fields": [
                    "rule_category",
                    "rule_level",
                    "rule_stages",
                    "rule_aggregate",
                    "records_complete",
                ],
            },
        ),
        (
            "当前进度（系统计算）",
            {"fields": ["current_value", "completion", "status", "explanation"]},
        ),
        (
            "修改说明",
            {
                "description": (
                    "修改已发布指标的判断依据须写明原因；原因和文号随本次修改记入历史，"
                    "并在公开页面的修改记录中显示。"
                ),
                "fields": ["change_reason", "revision_document"],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        document = (form.cleaned_data.get("revision_document") or "").strip()
        if reason:
            obj._change_reason = reason
        obj._revision_document = document
        super().save_model(request, obj, form, change)

    def get_changelist_instance(self, request):
        # Judge all listed targets together: a constant number of queries for the whole page.
        changelist = super().get_changelist_instance(request)
        for target, progress in zip(
            changelist.result_list, evaluate_targets(changelist.result_list), strict=True
        ):
            target._progress = progress
        return changelist

    @admin.display(description="目标值")
    def figure_display(self, obj):
        if obj.figure is None:
            return "—"
        return f"{fmt(obj.figure)} {obj.unit}"

    @admin.display(description="当前值")
    def current_value(self, obj):
        progress = _progress(obj)
        if progress is None:
            return "—"
        if obj.is_milestone:
            return f"{progress.steps_done}/{progress.steps_total} 步"
        return fmt(progress.value)

    @admin.display(description="完成率")
    def completion(self, obj):
        progress = _progress(obj)
        if progress is None or progress.percent is None:
            return "—"
        return f"{fmt(progress.percent)}%"

    @admin.display(description="状态")
    def status(self, obj):
        progress = _progress(obj)
        if progress is None:
            return "—"
        return format_html('<span class="status-{}">{}</span>', progress.status, progress.label_zh)

    @admin.display(description="判断依据")
    def explanation(self, obj):
        progress = _progress(obj)
        return progress.explanation_zh if progress else "保存后由系统计算。"


@admin.register(Measurement)
class MeasurementAdmin(ReviewedAdmin, RecordImportExportMixin, PlanAdmin):
    import_kind = "measurements"
    form = MeasurementForm
    list_display = ["target", "date", "value", "source", "is_final", "is_published"]
    list_filter = ["target__sector", "is_published", "is_final"]
    list_select_related = ["target"]
    search_fields = ["target__code", "target__title", "source", "note"]
    autocomplete_fields = ["target"]
    date_hierarchy = "date"

    def view_on_site(self, obj):
        # A figure has no page of its own: it is shown on its target's page.
        return obj.target.get_absolute_url()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "value":
            kwargs["form_class"] = MeasureField
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(MilestoneStep)
class MilestoneStepAdmin(PlanAdmin):
    actions = []
    list_display = ["target", "order", "title", "planned_date", "done_date"]
    list_select_related = ["target"]
    list_filter = ["target"]
    search_fields = ["title", "target__code", "target__title"]
    autocomplete_fields = ["target"]

    def view_on_site(self, obj):
        return obj.target.get_absolute_url()
