"""A project's shown state follows its published reports when one is deleted or unpublished."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from projects.models import ProgressReport, Project, Stage

pytestmark = pytest.mark.django_db

APRIL, JUNE = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)


@pytest.fixture
def project(make_project):
    project = make_project(code="KL-R1", stage=Stage.RESERVE)
    for date, stage, progress in [(APRIL, Stage.NEW_START, 10), (JUNE, Stage.CONTINUING, 40)]:
        ProgressReport.objects.create(
            project=project, date=date, stage=stage, progress=D(progress), text="进展"
        )
    return project


def ids_of(project) -> list[int]:
    return list(project.reports.values_list("pk", flat=True))


def publish_all(client, project):
    client.post(
        reverse("admin:projects_progressreport_changelist"),
        {"action": "publish", "_selected_action": ids_of(project)},
    )
    project.refresh_from_db()
    assert (project.stage, project.progress, project.last_reported_on) == (
        Stage.CONTINUING,
        D(40),
        JUNE,
    )


def warnings_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_deleting_the_newest_report_falls_back_to_the_one_before(client, admin_user, project):
    client.force_login(admin_user)
    publish_all(client, project)
    june = project.reports.get(date=JUNE)
    response = client.post(
        reverse("admin:projects_progressreport_delete", args=[june.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.progress, project.last_reported_on) == (
        Stage.NEW_START,
        D(10),
        APRIL,
    )
    assert project.history.first().history_user == admin_user
    assert not any("没有公开的进展报告" in m for m in warnings_of(response))


def test_unpublishing_every_report_clears_the_date_and_warns(client, admin_user, project):
    client.force_login(admin_user)
    publish_all(client, project)
    response = client.post(
        reverse("admin:projects_progressreport_changelist"),
        {"action": "unpublish", "_selected_action": ids_of(project)},
        follow=True,
    )
    project.refresh_from_db()
    assert project.last_reported_on is None
    # The figures stay for staff to judge; the history keeps every earlier state.
    assert (project.stage, project.progress) == (Stage.CONTINUING, D(40))
    assert project.history.first().history_change_reason == "已无公开的进展报告"
    page = response.content.decode()
    assert "以下项目已没有公开的进展报告：KL-R1" in page


def test_deleting_reports_in_bulk_resyncs_their_projects(client, admin_user, project):
    client.force_login(admin_user)
    publish_all(client, project)
    response = client.post(
        reverse("admin:projects_progressreport_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": ids_of(project),
        },
        follow=True,
    )
    project.refresh_from_db()
    assert not project.reports.exists()
    assert project.last_reported_on is None
    assert "以下项目已没有公开的进展报告：KL-R1" in response.content.decode()


def test_a_draft_report_on_a_project_never_reported_brings_no_warning(
    client, admin_user, make_project
):
    client.force_login(admin_user)
    fresh = make_project(code="KL-R2")
    response = client.post(
        reverse("admin:projects_progressreport_add"),
        {"project": fresh.pk, "date": "2026-05-01", "stage": Stage.NEW_START, "text": "草稿"},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.filter(project=fresh).exists()
    assert warnings_of(response) and not any("没有公开" in m for m in warnings_of(response))
    assert Project.objects.get(pk=fresh.pk).last_reported_on is None
