"""Every record the public can see has a “在站点上查看” link on its admin page, drafts too."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.models import (
    Measurement,
    MilestoneStep,
    News,
    ProgressReport,
    Project,
    Stage,
    Target,
    TargetKind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(make_project, make_target):
    project = make_project(code="KL2026-101", is_published=False)
    target = make_target(code="T90", is_published=False)
    milestone = make_target(code="T91", kind=TargetKind.MILESTONE, figure=None, unit="")
    return {
        "project": project,
        "target": target,
        "news": News.objects.create(slug="2026-11-30-1", title="草稿", body="正文"),
        "progressreport": ProgressReport.objects.create(
            project=project, date=datetime.date(2026, 4, 1), stage=Stage.NEW_START, text="开工"
        ),
        "measurement": Measurement.objects.create(
            target=target, date=datetime.date(2026, 6, 30), value=D(60), source="旗文旅局"
        ),
        "milestonestep": MilestoneStep.objects.create(target=milestone, title="提交申请"),
    }


PUBLIC_PAGES = {
    "project": "/projects/KL2026-101/",
    "target": "/targets/T90/",
    "news": "/news/2026-11-30-1/",
    "progressreport": "/projects/KL2026-101/",
    "measurement": "/targets/T90/",
    "milestonestep": "/targets/T91/",
}


@pytest.mark.parametrize("model_name", PUBLIC_PAGES)
def test_change_page_links_to_the_public_page(client, editor, records, model_name):
    client.force_login(editor)
    obj = records[model_name]
    page = client.get(reverse(f"admin:projects_{model_name}_change", args=[obj.pk]))
    text = page.content.decode()
    assert "在站点上查看" in text
    link = text.split('class="viewsitelink"')[0].rsplit('href="', 1)[1].split('"')[0]
    response = client.get(link, follow=True)
    assert response.request["PATH_INFO"] == PUBLIC_PAGES[model_name]
    # Drafts among them: staff see the public page as a preview, not a 404.
    assert response.status_code == 200


def test_draft_behind_the_link_stays_hidden_from_the_public(client, records):
    assert client.get(records["project"].get_absolute_url()).status_code == 404
    assert client.get(records["news"].get_absolute_url()).status_code == 404
    assert Project.objects.get().get_absolute_url() == "/projects/KL2026-101/"
    assert Target.objects.get(code="T90").get_absolute_url() == "/targets/T90/"
