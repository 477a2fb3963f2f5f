"""The admin home's 报送审核 section: what waits for review, what was sent, what came back."""

import pytest
from django.urls import reverse

from projects.models import Submission, SubmissionStatus

from .admin_forms import form_data
from .personas import staff

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


@pytest.fixture
def ours(make_project, tourism):
    return make_project(code="KL-T1", name="冰雪旅游项目", responsible_unit=tourism)


def send_change(client, user, project, **fields):
    client.force_login(user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data.update(fields)
    client.post(url, data)
    return Submission.objects.order_by("-pk").first()


def test_the_reporter_sees_what_they_sent_and_what_came_back(client, reporter, reviewer, ours):
    submission = send_change(client, reporter, ours, owner="甲公司")
    home = client.get(HOME).content.decode()
    assert "已报送、等待审核：1 份" in home and "修改项目：KL-T1 冰雪旅游项目" in home
    assert "待我审核" not in home

    client.force_login(reviewer)
    home = client.get(HOME).content.decode()
    assert "待我审核：1 份" in home
    url = reverse("admin:projects_submission_change", args=[submission.pk])
    client.post(url, {"return": "1", "comment": "请写建设单位全称。"})

    client.force_login(reporter)
    home = client.get(HOME).content.decode()
    assert "被退回、待修改：1 份" in home and "请写建设单位全称。" in home
    assert home.index('id="todo-review"') < home.index('id="todo-reporting"')
    assert "已报送、等待审核" not in home

    send_change(client, reporter, ours, owner="库伦旗甲建设有限公司")
    home = client.get(HOME).content.decode()
    assert "被退回、待修改" not in home  # sent again: nothing left to fix
    assert "已报送、等待审核：1 份" in home
    assert Submission.objects.filter(status=SubmissionStatus.RETURNED).count() == 1


def test_a_unit_scoped_reviewer_counts_only_their_units(client, reporter, ours, energy):
    send_change(client, reporter, ours, owner="甲公司")
    client.force_login(staff("energy-checker", "审核员", energy))
    assert "待我审核：0 份" in client.get(HOME).content.decode()


def test_someone_who_only_looks_has_no_review_section(client, viewer):
    client.force_login(viewer)
    assert "todo-review" not in client.get(HOME).content.decode()
