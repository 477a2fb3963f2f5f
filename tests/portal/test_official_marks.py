"""The official site's marks in every public page's footer (only those set), the 网站地图 page
for people, and the main menu marking the current section."""

import re

import pytest
from django.test import override_settings

from tests.public_data import build_public_plan, public_pages

MARKS = {
    "SITE_SPONSOR": "库伦旗人民政府",
    "SITE_OPERATOR": "库伦旗人民政府办公室",
    "SITE_ADDRESS": "内蒙古通辽市库伦旗库伦镇",
    "SITE_PHONE": "0475-1234567",
    "SITE_GOV_ID": "1505240001",
    "SITE_ICP": "蒙ICP备12345678号-1",
    "SITE_PSB": "蒙公网安备15052402000001号",
}
UNSET = dict.fromkeys(MARKS, "")


@pytest.fixture
def plan(db):
    return build_public_plan()


def footer(response) -> str:
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


@override_settings(**UNSET)
def test_no_mark_is_shown_while_unset(client, plan):
    text = footer(client.get("/"))
    assert 'class="site-marks"' not in text
    for label in ("主办单位", "承办单位", "联系地址", "联系电话", "网站标识码", "beian."):
        assert label not in text


@override_settings(**MARKS)
def test_every_public_page_shows_the_marks_with_the_registers_links(client, plan):
    for name, url in public_pages(plan).items():
        text = footer(client.get(url))
        assert '主办单位：<span lang="zh-Hans">库伦旗人民政府</span>' in text, name
        assert '承办单位：<span lang="zh-Hans">库伦旗人民政府办公室</span>' in text, name
        assert '联系地址：<span lang="zh-Hans">内蒙古通辽市库伦旗库伦镇</span>' in text, name
        assert "联系电话：0475-1234567" in text, name
        assert "网站标识码：1505240001" in text, name
        link = '<a href="{}" rel="external" lang="zh-Hans">{}</a>'
        assert link.format("https://beian.miit.gov.cn/", "蒙ICP备12345678号-1") in text, name
        psb = "https://beian.mps.gov.cn/#/query/webSearch?code=15052402000001"
        assert link.format(psb, "蒙公网安备15052402000001号") in text, name


@override_settings(**{**UNSET, "SITE_ICP": "蒙ICP备12345678号", "SITE_PHONE": "0475-7654321"})
def test_only_the_marks_set_are_shown(client, plan):
    text = footer(client.get("/"))
    assert "蒙ICP备12345678号" in text
    assert "联系电话：0475-7654321" in text
    for label in ("主办单位", "承办单位", "联系地址", "网站标识码", "beian.mps"):
        assert label not in text


@override_settings(**MARKS)
def test_the_marks_load_no_image_from_another_host(client, plan):
    html = client.get("/").content.decode()
    for src in re.findall(r'<img[^>]+src="([^"]+)"', html):
        assert src.startswith("/"), src


@override_settings(**MARKS)
def test_english_pages_label_the_marks_in_english(client, plan):
    text = footer(client.get("/en/"))
    assert 'Sponsor: <span lang="zh-Hans">库伦旗人民政府</span>' in text
    assert "Operator: " in text
    assert "Address: " in text
    assert "Telephone: 0475-1234567" in text
    assert "Site ID: 1505240001" in text
    assert "主办单位" not in text


def test_the_footer_links_the_site_map_page(client, plan):
    assert '<a href="/sitemap/">网站地图</a>' in footer(client.get("/"))
    assert '<a href="/en/sitemap/">Site map</a>' in footer(client.get("/en/"))


def test_the_site_map_lists_every_section_and_published_target_and_no_draft(client, plan):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<h1>网站地图</h1>" in main
    for href in ("/", "/targets/", "/projects/", "/projects/map/", "/search/", "/disclosure/",
                 "/news/", "/data/", "/reporting/", "/about/", "/en/sitemap/",
                 "/care/sitemap/"):  # fmt: skip
        assert f'href="{href}"' in main, href
    for target in (plan.visitors, plan.key_projects, plan.scenic):
        assert f'href="/targets/{target.code}/">{target.title}</a>' in main
    assert plan.draft_target.code not in main
    assert plan.draft_target.title not in main


def test_the_english_site_map_names_targets_in_english(client, plan):
    main = client.get("/en/sitemap/").content.decode()
    assert "<h1>Site map</h1>" in main
    assert 'href="/en/targets/T16/">Visitors a year</a>' in main
    assert 'href="/sitemap/"' in main  # the Chinese version


SECTION_PAGES = {
    "home": ("/", "首页"),
    "targets": ("/targets/", "目标指标"),
    "target_quantity": (None, "目标指标"),
    "projects": ("/projects/", "建设项目"),
    "project": (None, "建设项目"),
    "news_list": ("/news/", "新闻动态"),
    "news": (None, "新闻动态"),
    "data": ("/data/", "开放数据"),
    "about": ("/about/", "规则说明"),
    "reporting": (None, None),
    "disclosure": (None, None),
    "site_map": (None, None),
}


def current_items(html: str) -> list[str]:
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_the_main_menu_marks_the_section_of_the_page(client, plan, name):
    url = public_pages(plan)[name]
    _, label = SECTION_PAGES[name]
    expected = [label] if label else []
    assert current_items(client.get(url).content.decode()) == expected, url
    assert len(current_items(client.get("/en" + url).content.decode())) == len(expected), url
