"""Admin forms read numbers and dates as staff type them, and explain what they cannot read."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.models import Project, Target

pytestmark = pytest.mark.django_db


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


def _add_measurement_row(data, day, value="10"):
    index = int(data["measurements-TOTAL_FORMS"])
    data["measurements-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"measurements-{index}-date": day,
            f"measurements-{index}-value": value,
            f"measurements-{index}-source": "旗文旅局",
        }
    )
    return index


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2025-12-31", "2025 年的数字是基数"),
        ("2026-01-01", ""),
        ("2026-12-31", ""),
        ("2027-01-01", "晚于本指标的截止日期 2026-12-31"),
    ],
)
def test_a_measurement_under_its_target_is_refused_outside_the_period(
    client, change_form, day, message
):
    target, url, data = change_form(Target, "T16")
    index = _add_measurement_row(data, day)

    response = client.post(url, data)

    if not message:
        assert response.status_code == 302
        assert target.measurements.get().date == datetime.date.fromisoformat(day)
        return
    assert response.status_code == 200
    [formset] = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "measurements"
    ]
    assert message in str(formset.formset.forms[index].errors["date"])
    assert not target.measurements.exists()


def test_a_deadline_moved_in_the_same_save_is_the_period_the_inline_checks(client, change_form):
    target, url, data = change_form(Target, "T16")
    data.update({"deadline": "2026-10-31", "change_reason": "提前完成"})
    index = _add_measurement_row(data, "2026-11-30")

    response = client.post(url, data)

    assert response.status_code == 200
    [formset] = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "measurements"
    ]
    assert "晚于本指标的截止日期 2026-10-31" in str(formset.formset.forms[index].errors["date"])
    assert Target.objects.get(pk=target.pk).deadline == datetime.date(2026, 12, 31)


def test_a_new_target_s_measurements_are_checked_against_its_own_period(client, change_form):
    _, _, data = change_form(Target, "T16")
    data.update({"code": "T99", "start": "2026-03-01", "deadline": "2026-09-30"})
    data = {k: v for k, v in data.items() if not k.startswith(("measurements-", "steps-"))}
    data.update({"measurements-TOTAL_FORMS": "0", "measurements-INITIAL_FORMS": "0"})
    data.update({"steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"})
    _add_measurement_row(data, "2026-02-28")
    url = reverse("admin:projects_target_add")

    response = client.post(url, data)

    assert response.status_code == 200
    [formset] = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "measurements"
    ]
    assert "早于本指标的起始日期 2026-03-01" in str(formset.formset.forms[0].errors["date"])
    assert not Target.objects.filter(code="T99").exists()


@pytest.mark.parametrize(("day", "refused"), [("2025-12-31", True), ("2026-01-01", False)])
def test_the_measurement_form_shows_the_period_next_to_the_date(client, change_form, day, refused):
    change_form(Target, "T16")
    target = Target.objects.get(code="T16")
    url = reverse("admin:projects_measurement_add")
    data = {"target": target.pk, "date": day, "value": "10", "source": "旗文旅局"}

    response = client.post(url, data)

    if not refused:
        assert response.status_code == 302
        return
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["date"]
    assert "不要作为进展数据录入" in errors["date"][0]
