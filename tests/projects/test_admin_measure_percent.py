"""A target's figure is typed in the admin as the importer reads it: 92% only for a target in %."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.models import Measurement

from .admin_forms import form_data

pytestmark = pytest.mark.django_db


def post_figure(client, admin_user, target, typed):
    """The target's page saved with one new figure typed into its inline."""
    client.force_login(admin_user)
    url = reverse("admin:projects_target_change", args=[target.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "measurements-TOTAL_FORMS": "1",
            "measurements-0-date": "2026-03-31",
            "measurements-0-value": typed,
            "measurements-0-source": "旗统计局",
        }
    )
    return client.post(url, data)


def inline_errors(response) -> list[str]:
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "measurements"
    )
    return [message for form in formset.formset.forms for message in form.errors.get("value", [])]


@pytest.mark.parametrize("typed", ["92%", "92 %", "９２％", "92"])
def test_a_target_in_percent_takes_92_percent(client, admin_user, make_target, typed):
    target = make_target(unit="%", figure=D(90))

    response = post_figure(client, admin_user, target, typed)

    assert response.status_code == 302, inline_errors(response)
    assert Measurement.objects.get(target=target).value == D(92)


def test_a_bare_share_for_a_target_in_percent_is_asked_about(client, admin_user, make_target):
    target = make_target(unit="%", figure=D(90))

    response = post_figure(client, admin_user, target, "0.92")

    assert response.status_code == 200
    assert inline_errors(response) == ["“0.92”是 92% 还是 0.92%？请写成 92 或 92%。"]
    assert not Measurement.objects.exists()


def test_a_percentage_for_a_target_counted_in_people_is_refused(client, admin_user, make_target):
    target = make_target(code="T16", unit="万人次")

    response = post_figure(client, admin_user, target, "92%")

    assert response.status_code == 200
    assert inline_errors(response) == [
        "指标 T16 的单位是“万人次”，不是百分比，填写百分数没有意义。"
        "请按该指标的单位只填写数字，不要带 %。"
    ]
    assert not Measurement.objects.exists()


def test_the_figures_own_page_follows_the_same_rule(client, admin_user, make_target):
    in_percent = make_target(unit="%", figure=D(90))
    client.force_login(admin_user)
    url = reverse("admin:projects_measurement_add")
    figure = {"target": in_percent.pk, "date": "2026-03-31", "source": "旗统计局"}

    saved = client.post(url, {**figure, "value": "92%"})
    refused = client.post(url, {**figure, "value": "0.92", "date": "2026-04-30"})

    assert saved.status_code == 302
    assert Measurement.objects.get(target=in_percent).value == D(92)
    assert refused.status_code == 200
    assert "是 92% 还是 0.92%？" in refused.context["adminform"].form.errors["value"][0]
