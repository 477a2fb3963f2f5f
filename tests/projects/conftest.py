"""Fixtures for the admin form tests."""

import pytest
from django.urls import reverse

from projects.services.plan import load_plan

from .admin_forms import form_data


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
