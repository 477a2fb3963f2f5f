"""A progress report may not carry its project past the 2026 plan without a note."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import ProgressReport, Stage

from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db

MESSAGE = "累计完成投资 150 万元超过该项目2026年计划投资 100 万元"


def report(project, completed):
    return ProgressReport(
        project=project,
        date=datetime.date(2026, 6, 30),
        stage=Stage.CONTINUING,
        completed_2026=completed,
        text="主体施工",
        is_published=True,
    )


def test_report_above_planned_needs_the_projects_note(make_project):
    project = make_project(code="KL-N1", planned_2026=D(100))
    with pytest.raises(ValidationError) as caught:
        report(project, D(150)).full_clean()
    assert MESSAGE in caught.value.message_dict["completed_2026"][0]
    report(project, D(100)).full_clean()  # up to the plan is fine
    project.investment_note = "追加中央预算内投资 50 万元"
    report(project, D(150)).full_clean()


def test_admin_refuses_it_and_the_project_stays_valid(client, admin_user, make_project):
    project = make_project(code="KL-N2", planned_2026=D(100))
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:projects_progressreport_add"),
        {
            "project": project.pk,
            "date": "2026-06-30",
            "stage": Stage.CONTINUING,
            "completed_2026": "150",
            "text": "主体施工",
            "is_published": "on",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not ProgressReport.objects.exists()
    project.refresh_from_db()
    assert project.completed_2026 is None
    project.full_clean()


def test_import_refuses_the_row_and_imports_nothing(make_project):
    make_project(code="KL-N3", planned_2026=D(100))
    rows = [
        ["项目编号", "报告日期", "建设阶段", "2026年累计完成投资(万元)", "进展情况", "已发布"],
        ["KL-N3", "2026-05-31", "续建", "80", "施工", "是"],
        ["KL-N3", "2026-06-30", "续建", "150", "施工", "是"],
    ]
    outcome = run("reports", csv_bytes(rows), dry_run=False)
    assert not outcome.applied
    assert any(MESSAGE in line for line in outcome.error_lines())
    assert not ProgressReport.objects.exists()
