"""The admin renders for staff, records who changed what, and keeps projects in step."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.models import (
    DisclosureItem,
    Measurement,
    MilestoneStep,
    News,
    ProgressReport,
    Project,
    Stage,
    Target,
)
from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db

MODELS = [Target, Measurement, MilestoneStep, Project, ProgressReport, News]


@pytest.fixture
def plan(admin_user):
    load_plan()
    target = Target.objects.get(code="T16")
    Measurement.objects.create(
        target=target, date=datetime.date(2026, 6, 30), value=D(60), source="旗文旅局"
    )
    project = Project.objects.get(code="KL2026-006")
    ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 4, 1), stage=Stage.NEW_START, text="开工"
    )
    DisclosureItem.objects.create(
        project=project, category=2, matter="verification", number="通发改 1号",
        date="2026-01-05", formed_on="2026-01-05",
    )  # fmt: skip
    News.objects.create(slug="n1", title="新闻", body="正文", is_published=True)
    MilestoneStep.objects.create(target=Target.objects.get(code="T14"), title="提交创建申请")
    return target


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_pages_render(client, admin_user, plan, model):
    client.force_login(admin_user)
    opts = model._meta
    changelist = client.get(reverse(f"admin:projects_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = client.get(reverse(f"admin:projects_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    history = client.get(reverse(f"admin:projects_{opts.model_name}_history", args=[obj.pk]))
    assert history.status_code == 200
    add = client.get(reverse(f"admin:projects_{opts.model_name}_add"))
    assert add.status_code == 200


def test_approvals_are_shown_under_their_project(client, admin_user, plan):
    client.force_login(admin_user)
    project = Project.objects.get(code="KL2026-006")
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert "通发改 1号" in page.content.decode()


def test_target_list_shows_computed_status_in_constant_queries(
    client, admin_user, plan, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(20):  # facets and filters included, not per row
        page = client.get(reverse("admin:projects_target_changelist"))
    text = page.content.decode()
    assert "暂无数据" in text and "未登记步骤" in text
    target_page = client.get(reverse("admin:projects_target_change", args=[plan.pk])).content
    assert "判断依据" in target_page.decode()


def test_admin_is_in_chinese_whatever_the_browser_asks(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "库伦旗2026年工作计划" in page
    assert "目标指标" in page
    assert "站点管理" in page or "数据管理" in page
    assert "Site administration" not in page


def test_a_failed_login_is_titled_in_chinese(client, admin_user):
    page = client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    title = page.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("错误：") and "Error" not in title


def test_login_protection_records_read_in_chinese(client, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "登录防护" in index and "登录失败计数" in index and "登录日志" in index
    assert "Access attempts" not in index
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "尝试时间" in attempts and "Attempt Time" not in attempts


def test_change_in_admin_is_kept_with_the_acting_user(client, editor, plan):
    client.force_login(editor)
    project = Project.objects.get(code="KL2026-001")
    url = reverse("admin:projects_project_change", args=[project.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "related_targets"}
    data.update(
        {
            "sector": project.sector_id,
            "category": project.category_id,
            "name": "中安信肉牛屠宰加工产业园二期（扩建）",
            "planned_2026": "5000",
            "disclosure_items-TOTAL_FORMS": "0",
            "disclosure_items-INITIAL_FORMS": "0",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
        }
    )
    data.pop("stage_date", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = project.history.first()
    assert latest.name.endswith("（扩建）")
    assert latest.history_user == editor
    previous = latest.prev_record
    assert previous.name == "中安信肉牛屠宰加工产业园二期"  # the old value is not lost


def test_publish_action_saves_each_record_with_history(client, editor, plan):
    client.force_login(editor)
    measurement = Measurement.objects.get()
    response = client.post(
        reverse("admin:projects_measurement_changelist"),
        {"action": "publish", "_selected_action": [measurement.pk]},
    )
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.is_published
    assert measurement.history.first().history_user == editor
    assert measurement.history.first().history_change_reason == "批量发布"


def test_publishing_a_report_updates_the_project(client, editor, plan):
    client.force_login(editor)
    report = ProgressReport.objects.get()
    project = report.project
    assert project.stage == ""  # the plan gives no stage: 待核实
    client.post(
        reverse("admin:projects_progressreport_changelist"),
        {"action": "publish", "_selected_action": [report.pk]},
    )
    project.refresh_from_db()
    assert project.stage == Stage.NEW_START
    assert project.stage_date == datetime.date(2026, 4, 1)
    assert project.last_reported_on == datetime.date(2026, 4, 1)
    assert project.history.first().history_user == editor


def test_viewer_cannot_change(client, viewer, plan):
    client.force_login(viewer)
    project = Project.objects.get(code="KL2026-001")
    url = reverse("admin:projects_project_change", args=[project.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "改名"}).status_code == 403
    project.refresh_from_db()
    assert project.name == "中安信肉牛屠宰加工产业园二期"
