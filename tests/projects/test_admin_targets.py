"""A target's change form shown again with errors explains them instead of failing."""

import pytest
from django.urls import reverse

from projects.models import Target
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


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("figure", "", "必须填写目标值"),
        ("pace_profile", "0.1, 0.2", "12"),
    ],
)
def test_bad_edit_is_explained_and_changes_nothing(client, admin_user, field, value, message):
    load_plan()
    target = Target.objects.get(code="T17")
    client.force_login(admin_user)
    url = reverse("admin:projects_target_change", args=[target.pk])
    data = form_data(client.get(url))
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors
    stored = Target.objects.get(pk=target.pk)
    assert (stored.figure, stored.pace_profile) == (target.figure, target.pace_profile)


def test_unchanged_form_saves(client, admin_user):
    load_plan()
    target = Target.objects.get(code="T17")
    client.force_login(admin_user)
    url = reverse("admin:projects_target_change", args=[target.pk])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 302
