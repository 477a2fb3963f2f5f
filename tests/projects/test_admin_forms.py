"""Admin forms read numbers and dates as staff type them, and explain what they cannot read."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.models import Project, Target
from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db


def form_data(page) -> dict:
    """What the browser would post back: every field of the form and its inlines as shown."""
    data = {}
    forms = [page.context["adminform"].form]
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        forms.append(management)
        forms.extend(formset.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


@pytest.fixture
def change_form(client, admin_user):
    """The change form of a plan record, as a logged-in staff member would post it back."""
    load_plan()
    client.force_login(admin_user)

    def open_form(model, code):
        obj = model.objects.get(code=code)
        url = reverse(f"admin:projects_{model._meta.model_name}_change", args=[obj.pk])
        return obj, url, form_data(client.get(url))

    return open_form


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("figure", "", "必须填写目标值"),
        ("pace_profile", "0.1, 0.2", "12"),
    ],
)
def test_bad_edit_is_explained_and_changes_nothing(client, change_form, field, value, message):
    target, url, data = change_form(Target, "T17")
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors
    stored = Target.objects.get(pk=target.pk)
    assert (stored.figure, stored.pace_profile) == (target.figure, target.pace_profile)


def test_unchanged_form_saves(client, change_form):
    _, url, data = change_form(Target, "T17")
    response = client.post(url, data)
    assert response.status_code == 302


def test_project_form_reads_excel_style_numbers_and_chinese_dates(client, change_form):
    project, url, data = change_form(Project, "KL2026-004")
    data.update(
        {
            "total_investment": "１２,３４５.６",
            "planned_2026": " 1,234.50 ",
            "planned_start": "2026年3月1日",
            "planned_end": "2026.10.31",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert (project.total_investment, project.planned_2026) == (D("12345.6"), D("1234.5"))
    assert (project.planned_start, project.planned_end) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 10, 31),
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("planned_2026", "一千", "不是有效的数字"),
        ("planned_start", "2026年2月30日", "不存在"),
        ("planned_start", "下个月", "不是可识别的日期"),
    ],
)
def test_unreadable_input_is_explained_in_chinese(client, change_form, field, value, message):
    _, url, data = change_form(Project, "KL2026-004")
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
