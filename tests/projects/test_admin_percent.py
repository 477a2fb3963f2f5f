"""Progress percentages are typed in the admin as the importer reads them: 35, 35%, ３５％."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.models import ProgressReport, Project, Stage

from .admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["35%", "35 %", "３５％", "35", " 35.0 ％"])
def test_project_progress_accepts_a_percent_sign(client, change_form, typed):
    project, url, data = change_form(Project, "KL2026-004")
    data["progress"] = typed
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Project.objects.get(pk=project.pk).progress == D(35)


@pytest.mark.parametrize("typed", ["0.35", "1"])
def test_a_bare_share_is_refused_as_the_importer_refuses_it(client, change_form, typed):
    project, url, data = change_form(Project, "KL2026-004")
    data["progress"] = typed
    response = client.post(url, data)
    assert response.status_code == 200
    hundred = {"0.35": "35", "1": "100"}[typed]
    assert (
        f"是 {hundred}% 还是 {typed}%？" in response.context["adminform"].form.errors["progress"][0]
    )
    assert Project.objects.get(pk=project.pk).progress == project.progress


def test_a_stored_small_percentage_is_shown_with_its_sign_and_saves_again(
    client, admin_user, make_project
):
    project = make_project(code="KL2026-201", progress=D("0.5"))
    client.force_login(admin_user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    assert data["progress"] == "0.5%"
    data["name"] = "改名"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert (project.name, project.progress) == ("改名", D("0.5"))


def test_report_progress_accepts_a_percent_sign(client, admin_user, make_project):
    project = make_project(code="KL2026-202")
    report = ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 4, 1), stage=Stage.NEW_START, text="开工"
    )
    client.force_login(admin_user)
    url = reverse("admin:projects_progressreport_change", args=[report.pk])
    data = form_data(client.get(url))
    data["progress"] = "４０％"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ProgressReport.objects.get(pk=report.pk).progress == D(40)


def test_report_inline_under_its_project_accepts_a_percent_sign(client, admin_user, make_project):
    project = make_project(code="KL2026-203")
    ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 4, 1), stage=Stage.NEW_START, text="开工"
    )
    client.force_login(admin_user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["reports-0-progress"] = "60 %"
    response = client.post(url, data)
    assert response.status_code == 302
    assert ProgressReport.objects.get().progress == D(60)
