"""Fixtures for the admin tests: change forms, and the review personas with their units."""

import pytest
from django.urls import reverse

from projects.models import Unit
from projects.services.plan import load_plan

from .admin_forms import form_data
from .personas import staff


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


@pytest.fixture
def tourism(db):
    return Unit.objects.create(name="旗文旅体育局")


@pytest.fixture
def energy(db):
    return Unit.objects.create(name="旗能源局")


@pytest.fixture
def reporter(tourism):
    """A clerk of 旗文旅体育局."""
    return staff("clerk", "填报员", tourism)


@pytest.fixture
def reviewer(db):
    """A reviewer of every unit (they belong to none)."""
    return staff("checker", "审核员")
