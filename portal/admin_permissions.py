"""Permission names in Chinese where staff pick them: the group and user forms.

Django stores each permission's name in English (“Can add 项目”) when it creates it; the
stored names stay as they are, and the forms show each one as 类别｜记录｜操作 instead.
"""

from django import forms
from django.apps import apps
from django.contrib.auth.admin import GroupAdmin, UserAdmin

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission) -> str:
    """2026年工作计划｜项目｜修改, or the stored name of a permission this cannot read."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is None or action not in ACTIONS or model_name != model._meta.model_name:
        return str(permission)
    # simple-history names its record models “historical 项目”, in English.
    original = getattr(model, "instance_type", None)
    name = f"{original._meta.verbose_name}（历史记录）" if original else model._meta.verbose_name
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app}｜{name}｜{ACTIONS[action]}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class ChinesePermissions:
    """For the group and user admins: permissions listed under their Chinese names."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
            queryset = kwargs.get("queryset", db_field.remote_field.model.objects)
            kwargs["queryset"] = queryset.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


class ChineseGroupAdmin(ChinesePermissions, GroupAdmin):
    pass


class ChineseUserAdmin(ChinesePermissions, UserAdmin):
    pass
