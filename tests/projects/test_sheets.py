"""The printed 公示 sheet: the project's facts, the supervision phone, and a QR code of its page."""

import re

import pytest
import segno
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, tourism):
    return make_project(
        code="KL-T1",
        name="冰雪旅游项目",
        owner="库伦旗文旅投资有限公司",
        responsible_unit=tourism,
        leader="王某",
        total_investment=12000,
        planned_2026=3000,
    )


def qr_path(html: str) -> str:
    return re.search(r'<svg role="img"[^>]*>.*?<path[^>]* d="([^"]+)"', html, re.S).group(1)


def expected_path(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, lineclass=None)
    return re.search(r' d="([^"]+)"', svg).group(1)


def test_the_sheet_shows_the_facts_and_a_qr_code_of_the_project_page(client, project, settings):
    settings.SUPERVISION_PHONE = "0475-1234567"
    settings.SITE_URL = "https://kulun.example.cn"
    page = client.get("/projects/KL-T1/sheet/")
    html = page.content.decode()
    for text in ("冰雪旅游项目", "库伦旗文旅投资有限公司", "旗文旅体育局",
                 "王某", "12,000 万元", "3,000 万元", "监督举报电话", "0475-1234567"):  # fmt: skip
        assert text in html
    assert qr_path(html) == expected_path("https://kulun.example.cn/projects/KL-T1/")
    assert "<script" not in html


def test_without_site_url_the_code_opens_the_address_asked_for(client, project, settings):
    settings.SITE_URL = ""
    settings.SUPERVISION_PHONE = ""
    html = client.get("/projects/KL-T1/sheet/?size=a3").content.decode()
    assert qr_path(html) == expected_path("http://testserver/projects/KL-T1/")
    assert "sheet-a3.css" in html and "监督举报电话" not in html


def test_a_draft_has_no_public_sheet(client, make_project):
    make_project(code="KL-D1", is_published=False)
    assert client.get("/projects/KL-D1/sheet/").status_code == 404


def test_staff_print_the_sheets_of_many_projects_at_once(client, admin_user, project, make_project):
    other = make_project(code="KL-T2", name="民宿集群")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "print_sheets", "_selected_action": [project.pk, other.pk]},
    )
    html = response.content.decode()
    assert html.count('class="sheet"') == 2 and "民宿集群" in html and "冰雪旅游项目" in html
