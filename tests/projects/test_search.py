"""The site search (/search/) over the real 2026 plan: what a person means is what is found."""

import datetime
import re

import pytest
from django.utils import timezone

from projects.models import Category, News, Project, Sector, Unit
from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    load_plan()


def at(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


def found(client, q, lang="", **params):
    """The keys (project and target codes, news slugs) of the results, by kind, in order."""
    page = client.get(f"{lang}/search/", {"q": q, **params}).content.decode()
    groups = {}
    for section in re.findall(
        r'<section aria-labelledby="found-(\w+)">(.*?)</section>', page, re.S
    ):
        kind_name, body = section
        groups[kind_name] = re.findall(r'<a href="[^"]*/(?:projects|targets|news)/([^/"]+)/"', body)
    return groups


def test_extra_words_are_found_anywhere_in_the_record(client, plan):
    groups = found(client, "风电项目")
    # The name holds 风电 but not 项目; 运达…绿色供电项目 holds 电项目 but not 风电.
    assert groups["project"] == ["KL2026-006"]


def test_a_category_finds_its_projects_and_the_targets_about_it(client, plan):
    groups = found(client, "新能源")
    assert sorted(groups["project"]) == ["KL2026-005", "KL2026-006", "KL2026-007", "KL2026-008"]
    assert {"T10", "T11"} <= set(groups["target"])


@pytest.mark.parametrize("q", ["肉 牛", "肉　牛", "肉牛", " 肉牛 "])
def test_spaces_and_full_width_spaces_between_characters(client, plan, q):
    assert found(client, q)["project"] == ["KL2026-001"]


@pytest.mark.parametrize("q", ["ＫＬ２０２６－００６", "kl2026-006", "KL2026 006"])
def test_full_width_letters_and_digits_and_case_are_the_same(client, plan, q):
    assert found(client, q)["project"][0] == "KL2026-006"


def test_a_whole_name_finds_its_project_first(client, plan):
    assert found(client, "中安信肉牛屠宰加工产业园二期")["project"] == ["KL2026-001"]


def test_title_matches_come_first(client, plan):
    projects = found(client, "项目")["project"]
    # Every project holds 项目; the one whose name says it leads.
    assert projects[0] in {"KL2026-007", "KL2026-011"}
    assert set(projects[:2]) == {"KL2026-007", "KL2026-011"}


def test_every_field_a_person_may_search_by(client, plan):
    unit = Unit.objects.create(name="旗能源局", name_en="Banner Energy Bureau",
                               aliases="库伦旗能源发展局")  # fmt: skip
    project = Project.objects.get(code="KL2026-008")
    project.township = "扣河子镇"
    project.owner = "安捷新能源科技有限公司"
    project.leader = "王晓明"
    project.responsible_unit = unit
    project.save()
    for q in ["扣河子镇", "安捷新能源科技", "王晓明", "旗能源局", "能源发展局", "Energy Bureau",
              "第二产业", "产业升级", "直连", "green-power connection"]:  # fmt: skip
        assert "KL2026-008" in found(client, q).get("project", []), q


def test_targets_by_wording_area_sector_and_unit(client, plan):
    assert "T16" in found(client, "接待游客")["target"]
    assert "T18" in found(client, "民生改善 教育")["target"]
    assert found(client, "民生改善 教育").get("project") is None


def test_drafts_and_scheduled_news_are_never_found(client, plan, time_machine):
    time_machine.move_to(at(2026, 6, 1, 9))
    Project.objects.create(code="KL-DRAFT", name="草稿风电项目", sector=Sector.objects.first(),
                           is_published=False)  # fmt: skip
    News.objects.create(slug="draft", title="风电草稿新闻", body="正文", is_published=False)
    News.objects.create(slug="later", title="风电定时新闻", body="正文", is_published=True,
                        published_at=at(2026, 6, 2, 9))  # fmt: skip
    News.objects.create(slug="now", title="风电已发新闻", body="正文", is_published=True,
                        published_at=at(2026, 5, 31, 9))  # fmt: skip
    page = client.get("/search/", {"q": "风电"}).content.decode()
    assert "草稿" not in page and "定时新闻" not in page and "KL-DRAFT" not in page
    assert found(client, "风电")["news"] == ["now"]
    time_machine.move_to(at(2026, 6, 2, 9, 1))
    assert found(client, "风电")["news"] == ["later", "now"]  # newest first


def test_withdrawing_a_project_takes_it_out(client, plan):
    project = Project.objects.get(code="KL2026-006")
    project.is_published = False
    project.save()
    assert "project" not in found(client, "风电项目")
    project.delete()
    assert "project" not in found(client, "风电项目")


def test_renaming_a_sector_or_category_or_unit_is_found_at_once(client, plan):
    secondary = Sector.objects.get(slug="secondary")
    secondary.name = "工业"
    secondary.save()
    assert "KL2026-006" in found(client, "工业")["project"]
    assert "第二产业" not in client.get("/search/", {"q": "工业"}).content.decode()
    area = Sector.objects.get(slug="industry")
    area.name = "产业提质"
    area.save()
    assert "T10" in found(client, "产业提质")["target"]
    category = Category.objects.get(slug="new-energy")
    category.name = "绿色能源"
    category.save()
    assert len(found(client, "绿色能源")["project"]) == 4
    unit = Unit.objects.create(name="旗发改委")
    Project.objects.filter(code="KL2026-001").update(responsible_unit=unit)  # no signal
    unit.name = "旗发展和改革委员会"
    unit.save()  # the unit's save brings its projects in step
    assert found(client, "发展和改革委员会")["project"] == ["KL2026-001"]


def test_the_admin_form_updates_what_is_found(client, plan, admin_user):
    from django.urls import reverse

    from .admin_forms import form_data

    client.force_login(admin_user)
    project = Project.objects.get(code="KL2026-004")
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["name"] = "中温设施蔬菜大棚"
    assert client.post(url, data).status_code == 302
    client.logout()
    assert found(client, "蔬菜大棚")["project"] == ["KL2026-004"]
    sector = Sector.objects.get(slug="primary")
    url = reverse("admin:projects_sector_change", args=[sector.pk])
    client.force_login(admin_user)
    data = form_data(client.get(url))
    data["name"] = "农牧业"
    assert client.post(url, data).status_code == 302
    client.logout()
    assert {"KL2026-001", "KL2026-004"} <= set(found(client, "农牧业")["project"])


def test_found_words_are_marked_and_nothing_is_unescaped(client, plan):
    sector = Sector.objects.get(slug="secondary")
    Project.objects.create(code="KL-X1", name="<b>风电</b>&<script>alert(1)</script>",
                           sector=sector, is_published=True)  # fmt: skip
    page = client.get("/search/", {"q": "风电 <script>"}).content.decode()
    assert "&lt;b&gt;<mark>风电</mark>&lt;/b&gt;&amp;&lt;<mark>script</mark>&gt;" in page
    assert "<script" not in page and "<b>" not in page
    page = client.get("/search/", {"q": '"><img src=x>'}).content.decode()
    assert "<img src=x" not in page and "&quot;&gt;&lt;img src=x&gt;" in page


def test_the_marks_follow_full_width_text_as_shown(client, plan):
    sector = Sector.objects.get(slug="secondary")
    Project.objects.create(code="KL-X2", name="ＡＢＣ光伏电站", sector=sector, is_published=True)
    page = client.get("/search/", {"q": "abc光伏"}).content.decode()
    assert "<mark>ＡＢＣ光伏</mark>电站" in page


def test_an_empty_query_explains_and_offers_examples(client, plan):
    page = client.get("/search/").content.decode()
    assert "多个词用空格分开" in page and "/search/?q=%E6%96%B0%E8%83%BD%E6%BA%90" in page
    assert "全部建设项目" in page and "<section" not in page


def test_no_result_says_so_and_suggests_where_to_go(client, plan):
    page = client.get("/search/", {"q": "火星基地"}).content.decode()
    assert "没有找到与“火星基地”有关的项目、指标或新闻。" in page
    assert 'href="/projects/"' in page and 'href="/targets/"' in page


@pytest.mark.parametrize(
    ("q", "message"),
    [("！！！……", "没有可以查找的文字或数字"), ("……", "没有可以查找的文字或数字"),
     ("风" * 101, "搜索词太长：最多 100 个字"), ("a" * 60 + " " + "b" * 60, "搜索词太长")],
)  # fmt: skip
def test_garbage_gets_a_clear_message_not_an_error(client, plan, q, message):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<section" not in page


def test_a_nul_byte_is_refused_with_a_message(client, plan):
    response = client.get("/search/?q=%E9%A3%8E%00")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_english_page_shows_english_titles_and_finds_both_languages(client, plan):
    page = client.get("/en/search/", {"q": "风电"}).content.decode()
    assert "1,200 MW <mark>wind</mark> power base" not in page  # 风电 is marked where it is
    assert "1,200 MW wind power base" in page and "Projects (1)" in page
    assert found(client, "wind power", lang="/en")["project"] == ["KL2026-006"]
    assert 'href="/en/projects/KL2026-006/"' in page
    page = client.get("/en/search/", {"q": "火星"}).content.decode()
    assert "No project, target or news item was found for “火星”." in page
    page = client.get("/en/search/", {"q": "！！"}).content.decode()
    assert "no letters or digits to look for" in page


def test_one_kind_page_by_page_with_the_others_counted(client, plan):
    sector = Sector.objects.get(slug="secondary")
    for n in range(25):
        Project.objects.create(code=f"KL-W{n:02d}", name=f"风电场{n}", sector=sector,
                               is_published=True)  # fmt: skip
    page = client.get("/search/", {"q": "风电"}).content.decode()
    assert "建设项目（26）" in page and "查看全部 26 条结果（建设项目）" in page
    assert "/search/?q=%E9%A3%8E%E7%94%B5&amp;kind=project" in page
    assert len(found(client, "风电")["project"]) == 10
    first = found(client, "风电", kind="project")
    second = found(client, "风电", kind="project", page=2)
    assert list(first) == ["project"] and len(first["project"]) == 20
    assert len(second["project"]) == 6 and not set(first["project"]) & set(second["project"])
    # Names holding 风电 first, the project that holds it in its content only last.
    assert second["project"][-1] == "KL2026-006" or "KL2026-006" in first["project"]
    page = client.get("/search/", {"q": "风电", "kind": "project", "page": 2}).content.decode()
    assert 'rel="prev"' in page
    assert 'kind=target">目标指标 1</a>' in page  # the other kinds, counted and linked
    unknown = client.get("/search/", {"q": "风电", "kind": "people"}).content.decode()
    assert "没有“people”这一类结果" in unknown and "建设项目（26）" in unknown


def test_the_project_list_filters_by_the_same_matching(client, plan):
    page = client.get("/projects/", {"q": "风电项目"}).content.decode()
    assert "120万千瓦风电基地" in page and "找到 1 个项目" in page
    page = client.get("/projects/", {"q": "肉 牛"}).content.decode()
    assert "中安信肉牛屠宰加工产业园二期" in page and "找到 1 个项目" in page
    page = client.get("/projects/", {"q": "！！"}).content.decode()
    assert "找到 0 个项目" in page


def test_every_page_has_a_labelled_search_box_in_its_header(client, plan):
    for url in ["/", "/en/targets/", "/care/projects/", "/no-such-page/"]:
        page = client.get(url).content.decode()
        header = page.split('<header class="site-header">')[1].split("</header>")[0]
        assert 'role="search"' in header and 'name="q"' in header, url
        assert re.search(r'<label [^>]*for="site-q"', header), url
    care = client.get("/care/").content.decode()
    assert 'action="/care/search/"' in care
    assert 'action="/en/search/"' in client.get("/en/").content.decode()


def test_each_query_is_its_own_cached_page_and_junk_is_not(client, plan):
    wind = client.get("/search/?q=%E9%A3%8E%E7%94%B5&utm_source=a")
    assert wind["X-Cache"] == "miss" and "KL2026-006" in wind.content.decode()
    cattle = client.get("/search/?q=%E8%82%89%E7%89%9B")
    assert cattle["X-Cache"] == "miss" and "KL2026-006" not in cattle.content.decode()
    assert client.get("/search/?utm_source=b&q=%E9%A3%8E%E7%94%B5")["X-Cache"] == "hit"
    assert client.get("/search/?q=%E9%A3%8E%E7%94%B5&kind=project")["X-Cache"] == "miss"
    assert wind["X-Robots-Tag"] == "noindex"  # result pages are not for search engines


def test_the_search_page_marks_no_menu_item_and_the_site_map_links_it(client, plan):
    page = client.get("/search/", {"q": "风电"}).content.decode()
    nav = page.split('<nav class="main-nav"')[1].split("</nav>")[0]
    assert 'aria-current="page"' not in nav
    assert '<a href="/search/">站内搜索</a>' in client.get("/sitemap/").content.decode()
    assert '<a href="/en/search/">Site search</a>' in client.get("/en/sitemap/").content.decode()
