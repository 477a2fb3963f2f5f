"""What staff see in the admin is Chinese: permission names, history columns."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_group_form_names_permissions_in_chinese(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:auth_group_add")).content.decode()
    assert "2026年工作计划｜项目｜修改" in page
    assert "2026年工作计划｜目标指标（历史记录）｜查看" in page
    assert "认证和授权｜用户｜添加" in page
    assert "Can add" not in page and "Can change" not in page and "historical" not in page


def test_a_group_saved_with_chinese_labels_gets_the_permissions_chosen(client, admin_user):
    client.force_login(admin_user)
    chosen = Permission.objects.filter(
        content_type__app_label="projects", codename__in=["view_project", "change_project"]
    )
    response = client.post(
        reverse("admin:auth_group_add"),
        {"name": "项目查看", "permissions": [p.pk for p in chosen]},
    )
    assert response.status_code == 302
    assert set(Group.objects.get(name="项目查看").permissions.all()) == set(chosen)


def test_user_form_names_permissions_in_chinese(client, admin_user, editor):
    client.force_login(admin_user)
    page = client.get(reverse("admin:auth_user_change", args=[editor.pk])).content.decode()
    assert "2026年工作计划｜项目进展｜添加" in page
    assert "Can add" not in page


def test_history_columns_are_headed_in_chinese(client, admin_user, make_target):
    target = make_target(code="T80")
    client.force_login(admin_user)
    page = client.get(reverse("admin:projects_target_history", args=[target.pk]))
    header = page.content.decode().split("<thead>")[1].split("</thead>")[0]
    assert "调整依据文号" in header and "改动内容" in header
    assert "revision_document" not in header and "Changes" not in header


def test_the_admins_last_english_strings_read_in_chinese(admin_client):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert translation.gettext("Select all") == "全选"
        assert translation.gettext("Model name") == "数据类别"
    catalogue = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "\\u5168\\u9009%s" in catalogue or "全选%s" in catalogue  # "Choose all %s"
