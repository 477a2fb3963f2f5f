"""The admin of the records a unit keeps, for a reporter: their units only, nothing published.

A reporter's new records are saved as drafts and sent for review; their changes to published
records are held for review instead of being saved, so the public keeps the approved version.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from projects.models import Revision, SubmissionStatus, Target, Unit
from projects.services import review, roles


class MyUnitFilter(admin.SimpleListFilter):
    title = "我的单位"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "本人所属单位的记录")] if roles.unit_ids(request.user) else []

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return roles.own_units(queryset, request.user)
        return queryset


class AwaitingReviewFilter(admin.SimpleListFilter):
    title = "审核"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", "待审核"), ("draft", "未发布的草稿")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            waiting = Revision.objects.filter(
                content_type=ContentType.objects.get_for_model(queryset.model),
                status=SubmissionStatus.PENDING,
            ).values("object_id")
            return queryset.filter(pk__in=waiting)
        if self.value() == "draft":
            return queryset.filter(is_published=False)
        return queryset


# The link from a kept record to what a reporter may pick for it: only their own.
OWN_CHOICES = {"responsible_unit": "unit", "project": "project", "target": "target"}


class ReviewedAdmin:
    """For the model admins of projects, reports and figures (before ``PlanAdmin``)."""

    def get_list_filter(self, request):
        return [MyUnitFilter, AwaitingReviewFilter, *super().get_list_filter(request)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if roles.is_reporter(request.user):
            return roles.own_units(queryset, request.user)
        return queryset

    def has_delete_permission(self, request, obj=None):
        # What the public has seen stays: withdrawing it is a reviewer's decision.
        if obj is not None and obj.is_published and not roles.can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if roles.is_reporter(request.user):
            return [f for f in fields if f not in OWN_CHOICES]
        return fields

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if roles.is_reporter(request.user):
            excluded.append("related_targets")  # which targets a project serves: the plan's
        return excluded

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not roles.is_reporter(request.user):
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "related_targets"]})
            for name, opts in fieldsets
            if [f for f in opts["fields"] if f != "related_targets"]
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if roles.is_reporter(request.user) and db_field.name in OWN_CHOICES:
            kwargs["queryset"] = own_choices(db_field.name, request.user)
            if db_field.name == "responsible_unit":
                kwargs["required"] = True
                units = roles.unit_ids(request.user)
                if len(units) == 1:
                    kwargs["initial"] = units[0]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.is_published and roles.is_reporter(request.user):
            revision = review.held_revision(obj)
            if revision is not None:
                review.apply(obj, revision.changes)
                if request.method == "GET":
                    sent = timezone.localtime(revision.submission.submitted_at)
                    messages.info(
                        request,
                        f"这条记录有一份待审核的修改（{sent:%Y-%m-%d %H:%M} 报送），下面显示的是"
                        "修改后的内容；公众看到的仍是原内容。再次保存将取代那份修改。",
                    )
        return obj

    def get_actions(self, request):
        actions = super().get_actions(request)
        if roles.is_reporter(request.user):
            # Deleting in bulk would take published records with the drafts.
            actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        return publish_readonly(request, super().get_readonly_fields(request, obj))

    def save_model(self, request, obj, form, change):
        if not self.hold_for_review(request, obj, form, change):
            super().save_model(request, obj, form, change)

    # A reporter's save: what is held instead of saved, gathered and sent in one submission.

    def hold_for_review(self, request, obj, form, change) -> bool:
        """Whether *obj* was dealt with here (saved as a draft, or its change held)."""
        if not roles.is_reporter(request.user):
            return False
        held = request._held_for_review = getattr(request, "_held_for_review", [])
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        if stored is not None and stored.is_published:
            self.prepare_change(obj, stored, form)
            held.append((obj, review.changes_of(obj, stored)))
            return True
        obj.is_published = False
        obj.save()
        held.append((obj, None))
        return True

    def prepare_change(self, obj, stored, form) -> None:
        """What the model admin does to a record before it is saved, for a held change."""

    def save_formset(self, request, form, formset, change):
        if not roles.is_reporter(request.user):
            return super().save_formset(request, form, formset, change)
        kept = []
        for obj in formset.save(commit=False):
            self.hold_for_review(request, obj, None, obj.pk is not None)
            kept.append(obj)
        for obj in formset.deleted_objects:
            if obj.is_published:
                messages.warning(
                    request, f"“{obj}”已公开，不能由填报员删除；如需撤回请联系审核员。"
                )
            else:
                obj.delete()

    def save_related(self, request, form, formsets, change):
        held_parent = getattr(request, "_held_for_review", None)
        parent_held = bool(held_parent) and held_parent[0][1] is not None
        if parent_held:
            # The record itself was not saved: its own links stay; its inlines are still read.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)
        self.send_held(request, form.instance, change)

    def send_held(self, request, obj, change) -> None:
        held = getattr(request, "_held_for_review", [])
        if not held:
            return
        request._held_for_review = []
        # Django's "was changed successfully" would tell a reporter something untrue.
        request._sent_for_review = True
        verb = "修改" if change else "新增"
        title = f"{verb}{obj._meta.verbose_name}：{obj}"
        others = sum(1 for record, changes in held[1:] if changes is None or changes)
        if others:
            title += f"（含相关记录 {others} 条）"
        submission = review.submit(user=request.user, title=title, items=held)
        if submission is None:
            messages.info(request, "内容与已公开的相同，没有需要审核的修改。")
            return
        messages.success(
            request,
            f"已提交审核（报送编号 {submission.pk}）。审核通过后才会公开；"
            "在此之前，公众看到的仍是原来的内容。",
        )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_sent_for_review", False):
            return None  # send_held has said what happened instead
        return super().message_user(request, message, level, *args, **kwargs)


class ReviewedInline:
    """For inlines of kept records: whether one is public is a reviewer's to decide."""

    def get_readonly_fields(self, request, obj=None):
        return publish_readonly(request, super().get_readonly_fields(request, obj))


def publish_readonly(request, fields):
    if roles.can_publish(request.user):
        return fields
    return [*fields, "is_published"]


def own_choices(name, user):
    from projects.models import Project

    units = roles.unit_ids(user)
    if name == "responsible_unit":
        return Unit.objects.filter(pk__in=units)
    if name == "project":
        return Project.objects.filter(responsible_unit__in=units)
    return Target.objects.filter(responsible_unit__in=units)
