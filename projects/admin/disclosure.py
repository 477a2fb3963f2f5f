"""The staff's admin of disclosure items (国办发〔2017〕94号): the list with each item's time
limit, and the full form with the catalogue's elements for each matter.

Reporters' saves go to review as their other kept records do (``ReviewedAdmin``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from projects import disclosure
from projects.admin.base import PlanAdmin
from projects.admin.reviewed import ReviewedAdmin
from projects.disclosure import DisclosureCategory, ItemState
from projects.models import DisclosureItem
from projects.services import calendar_disclosure as clock

ESTIMATED = "（推算）"


class DisclosureItemForm(forms.ModelForm):
    """The model's checks name the matter's own element labels; an error about a field this
    form does not show (the project page's compact list shows only a few) is said above the
    form with the field's name, instead of Django refusing it."""

    class Meta:
        model = DisclosureItem
        fields = ["category"]  # the admin gives the others from its fieldsets

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            shown, elsewhere = {}, []
            for name, messages in errors.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    shown[name] = messages
                    continue
                label = DisclosureItem._meta.get_field(name).verbose_name
                elsewhere += [f"{label}：{m}" for e in messages for m in e.messages]
            if elsewhere:
                shown.setdefault(NON_FIELD_ERRORS, []).extend(ValidationError(m) for m in elsewhere)
            errors = ValidationError(shown)
        super()._update_errors(errors)


def elements_help() -> str:
    """Each category's matters with their required and optional elements, as this site
    calls them, for the form's help block."""
    sections = []
    for number, category in DisclosureCategory.choices:
        rows = []
        for matter in (m for m in disclosure.MATTERS if m.category == number):
            required = "、".join(str(matter.element_label(e)) for e in matter.required)
            optional = "、".join(str(matter.element_label(e)) for e in matter.optional)
            rows.append(
                format_html(
                    "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    matter.label,
                    required or "—",
                    optional or "—",
                    f"{matter.days} 个工作日",
                )
            )
        sections.append(
            format_html(
                "<tr class='disclosure-help-category'><th scope='rowgroup' colspan='4'>{}. {}"
                "</th></tr>{}",
                number,
                category,
                format_html_join("", "{}", ((row,) for row in rows)),
            )
        )
    return format_html(
        "<details class='disclosure-help'><summary>各公开事项须填写和可填写的要素（点击展开）"
        "</summary><p>每个事项只用下表列出的几栏，并按事项自己的名称称呼它们（如项目备案的"
        "“文号/编号”即“备案号”）；表中未列出的栏请留空。“不适用”针对整个类别，不选事项，"
        "只写说明；“不予公开”选择理由并写明依据。</p>"
        "<table><thead><tr><th scope='col'>公开事项</th><th scope='col'>必填要素</th>"
        "<th scope='col'>可填要素</th><th scope='col'>公开时限</th></tr></thead>"
        "<tbody>{}</tbody></table></details>",
        format_html_join("", "{}", ((s,) for s in sections)),
    )


def due_text(item) -> str:
    if item.due_on is None:
        return "—"
    return f"{item.due_on:%Y-%m-%d}{ESTIMATED if item.due_estimated else ''}"


def day_text(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def timeliness_text(item) -> str:
    if item.state == ItemState.NOT_APPLICABLE:
        return "—"
    if item.formed_on is None:
        return "未记录"
    late = item.lateness()
    if late is None:
        return "未公开"
    suffix = ESTIMATED if late.estimated else ""
    return f"按时{suffix}" if late.value == 0 else f"逾期 {late.value} 个工作日{suffix}"


class DeadlineFilter(admin.SimpleListFilter):
    """公开时限: items whose limit has run out, runs out soon, or that went public late."""

    title = "公开时限"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "已逾期未公开"),
            ("soon", f"{clock.SOON_WORKING_DAYS} 个工作日内到期"),
            ("late", "逾期公开的"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.filter(is_published=False).filter(clock.overdue_q(today))
        if value == "soon":
            return queryset.filter(is_published=False).filter(clock.soon_q(today))
        if value == "late":
            return queryset.filter(clock.published_late())
        return queryset


@admin.register(DisclosureItem)
class DisclosureItemAdmin(ReviewedAdmin, PlanAdmin):
    form = DisclosureItemForm
    list_display = [
        "project",
        "category",
        "what",
        "state",
        "formed",
        "due",
        "published",
        "timeliness",
        "is_published",
    ]
    list_display_links = ["project", "what"]
    list_filter = [
        "category",
        "state",
        DeadlineFilter,
        "is_published",
        "project__responsible_unit",
    ]
    list_select_related = ["project"]
    search_fields = ["project__code", "project__name", "number"]
    autocomplete_fields = ["project"]
    readonly_fields = ["published_on", "catalogue"]
    fieldsets = [
        (None, {"fields": ["project"]}),
        ("类别与事项", {"fields": [("category", "state"), "matter", "catalogue"]}),
        (
            "要素",
            {
                "description": "只填所选事项用到的几栏，名称见上方的要素说明。",
                "fields": [("number", "date"), "authority", "result", "link", "content", "amount"],
            },
        ),
        ("附件", {"fields": ["document"]}),
        ("不予公开/不适用", {"fields": ["withheld_reason", "reason"]}),
        ("时限与发布", {"fields": [("formed_on", "published_on"), "is_published"]}),
    ]

    class Media:
        css = {"all": ["css/admin-disclosure.css"]}

    @admin.display(description="要素说明")
    def catalogue(self, obj):
        return elements_help()

    @admin.display(description="公开事项", ordering="matter")
    def what(self, obj):
        if not obj.matter:
            return "—"
        return f"{obj.get_matter_display()} {obj.number}".strip()

    # Dates as the to-do and the time limit show them: 2026-10-15, one line each.
    @admin.display(description="信息形成日期", ordering="formed_on")
    def formed(self, obj):
        return day_text(obj.formed_on)

    @admin.display(description="公开截止", ordering="due_on")
    def due(self, obj):
        return due_text(obj)

    @admin.display(description="公开日期", ordering="published_on")
    def published(self, obj):
        return day_text(obj.published_on)

    @admin.display(description="时效")
    def timeliness(self, obj):
        return timeliness_text(obj)

    def view_on_site(self, obj):
        # An item has no page of its own: it is shown on its project's page.
        return obj.project.get_absolute_url()
