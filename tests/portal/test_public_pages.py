"""Site-wide public addresses: health, robots.txt, sitemap, error pages, the care mode."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.db import DatabaseError
from django.test import RequestFactory

from portal import views
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def plan(db):
    return build_public_plan()


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"]["state"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_healthz_says_503_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(views.connection, "cursor", broken)
    response = views.healthz(RequestFactory().get("/healthz"))
    assert response.status_code == 503
    assert json.loads(response.content)["database"]["state"] == "unavailable"


def test_robots_points_to_the_sitemap_and_hides_no_public_page(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /care/" in text
    assert "Disallow: /targets" not in text and "Disallow: /\n" not in text


def test_sitemap_lists_published_pages_in_both_languages(client, plan):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-projects.xml" in sections
    projects = client.get("/sitemap-projects.xml").content.decode()
    assert f"http://testserver/projects/{plan.wind.code}/" in projects
    assert f"http://testserver/en/projects/{plan.wind.code}/" in projects
    assert 'hreflang="x-default"' in projects
    assert plan.draft_project.code not in projects


@pytest.mark.parametrize(
    ("url", "heading", "other"),
    [("/no-such-page/", "页面不存在", "Page not found"),
     ("/en/no-such-page/", "Page not found", "页面不存在")],
)  # fmt: skip
def test_404_is_helpful_in_both_languages(client, url, heading, other):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert other in page  # a line in the other language too
    # A box that searches the whole site, in the page's language, to go on from.
    search = "/en/search/" if url.startswith("/en/") else "/search/"
    assert f'<form class="filters" method="get" action="{search}" role="search"' in page
    assert 'id="nf-q" name="q"' in page
    assert not response.cookies


def test_500_page_needs_nothing_and_speaks_both_languages():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器暂时出错" in page and "Server error" in page
    assert "<script" not in page


def test_home_dashboard_shows_status_counts_stages_money_and_news(client, plan):
    page = client.get("/").content.decode()
    assert "3 项目标总览" in page
    assert "年接待游客" in page and "市级重点项目开复工" in page
    assert "新开工" in page and "2026年投资完成情况" in page
    assert "200,000" in page and "50,000" in page  # planned and completed, 万元
    assert "2026年春季重点项目集中开工" in page
    assert "<progress" in page


def test_english_money_is_in_million_yuan(client, plan):
    page = client.get("/en/").content.decode()
    assert "2,000 million yuan" in page  # 200,000 万元


def test_target_page_quotes_wording_with_source_and_shows_rule_chart_and_table(client, plan):
    page = client.get(f"/targets/{plan.visitors.code}/").content.decode()
    assert "<blockquote" in page and "实现年接待游客突破130万人次" in page
    assert "库伦旗2026年工作部署报道" in page
    assert "判断规则" in page and "时间进度" in page
    assert '<svg viewBox="0 0 640 280" role="img"' in page
    assert "<table" in page and "旗文旅局" in page
    assert "120万千瓦风电基地" in page  # a related project


def test_target_revision_log_shows_changes_after_publication(client, plan):
    from decimal import Decimal

    target = plan.visitors
    target.figure = Decimal(140)
    target._change_reason = "年中调整"
    target.save()
    page = client.get(f"/targets/{target.code}/").content.decode()
    revisions = page.split("修订记录")[1]
    assert "<del>130</del>" in revisions and "<ins>140</ins>" in revisions
    assert "年中调整" in revisions


def test_project_list_filters_search_sort_and_paginate(client, plan):
    from projects.models import Project

    page = client.get("/projects/?q=风电").content.decode()
    assert "120万千瓦风电基地" in page and "肉牛" not in page
    page = client.get("/projects/?township=扣河子镇").content.decode()
    assert "肉牛" in page and "风电基地" not in page
    page = client.get("/projects/?category=new-energy&level=city_key").content.decode()
    assert "找到 1 个项目" in page
    page = client.get("/projects/?sector=invest").content.decode()  # an area includes its sectors
    assert "120万千瓦风电基地" in page
    for n in range(25):
        Project.objects.create(code=f"X{n:03d}", name=f"批量项目{n}", sector=plan.wind.sector,
                               is_published=True)  # fmt: skip
    page = client.get("/projects/?sort=name&page=2").content.decode()
    assert 'rel="prev"' in page and "第 2 / 2 页" in page
    assert 'href="?sort=name&amp;page=1"' in page  # the filters stay in the links


def test_project_page_shows_every_public_field(client, plan):
    page = client.get(f"/projects/{plan.wind.code}/").content.decode()
    for text in ["KL-001", "运达能源", "库伦镇", "建设风电机组", "850,000", "120 万千瓦",
                 "通发改审批〔2026〕12号", "风机基础开始浇筑", "T16", "T02", "最近更新",
                 "25.5%"]:  # fmt: skip
        assert text in page, text
    assert "（按规则自动计入）" in page  # T02 counts it by rule


def test_favicon_ico_leads_to_the_site_mark(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/mark.svg"
    assert finders.find("img/mark.svg")
