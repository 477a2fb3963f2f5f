"""The public rules: only published records anywhere public, drafts 404, staff preview,
the sample banner, English at /en/ with Chinese fallback, no cookies."""

import re

import pytest
from django.core.management import call_command

from tests.public_data import DRAFT_MARKERS, build_public_plan, public_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return build_public_plan()


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


# The draft measurement is 999; as a whole number it must appear nowhere, though the digits
# may turn up inside a timestamp's microseconds.
DRAFT_VALUE = re.compile(r"(?<![\d.])999(?!\d)")


def test_every_public_page_answers_and_shows_no_draft(client, plan):
    for name, url in public_pages(plan).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = text_of(response)
        for marker in DRAFT_MARKERS:
            assert marker not in page, (name, marker)


def test_draft_measurement_is_not_the_current_value(client, plan):
    page = text_of(client.get(f"/targets/{plan.visitors.code}/"))
    assert not DRAFT_VALUE.search(page)
    assert "66" in page


def test_feed_sitemap_and_downloads_hold_no_draft(client, plan):
    urls = ["/news/feed/", "/en/news/feed/", "/sitemap.xml", "/projects/download.csv"]
    urls += [f"/sitemap-{s}.xml" for s in ("pages", "targets", "projects", "news")]
    urls += [f"/data/{d}.{f}" for d in ("targets", "measurements", "projects", "reports")
             for f in ("csv", "json")]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = text_of(response)
        for marker in DRAFT_MARKERS:
            assert marker not in page, (url, marker)
        assert not DRAFT_VALUE.search(page), url


@pytest.mark.parametrize(
    "url",
    ["/targets/T99/", "/projects/KL-DRAFT/", "/news/draft-news/", "/news/future-news/",
     "/en/projects/KL-DRAFT/", "/care/projects/KL-DRAFT/"],
)  # fmt: skip
def test_anonymous_visitor_gets_404_for_a_draft(client, plan, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in text_of(response) or "Page not found" in text_of(response)


def test_counts_leave_drafts_out(client, plan):
    page = text_of(client.get("/projects/"))
    assert "找到 2 个项目" in page
    home = text_of(client.get("/"))
    assert "3 项目标总览" in home  # T99 is a draft


def test_staff_can_preview_a_draft_with_a_notice(client, plan, editor):
    client.force_login(editor)
    for url in ["/targets/T99/", "/projects/KL-DRAFT/", "/news/draft-news/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "草稿预览" in text_of(response)
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"


def test_staff_preview_is_not_offered_to_non_staff(client, plan, django_user_model):
    user = django_user_model.objects.create_user("citizen", password="pw-for-tests-only")
    client.force_login(user)
    assert client.get("/projects/KL-DRAFT/").status_code == 404


def test_published_page_does_not_say_draft_preview_to_staff(client, plan, editor):
    client.force_login(editor)
    assert "草稿预览" not in text_of(client.get(f"/projects/{plan.wind.code}/"))


def test_public_pages_set_no_cookie_and_do_not_vary_on_cookie(client, plan):
    for name, url in public_pages(plan).items():
        response = client.get(url)
        assert not response.cookies, name
        assert "Cookie" not in response.get("Vary", ""), name


def test_public_html_has_no_inline_script_or_style(client, plan):
    for name, url in public_pages(plan).items():
        page = text_of(client.get(url))
        assert "<script" not in page, name
        assert " style=" not in page, name
        # Nothing is loaded from another host: every src and stylesheet is local.
        assert 'src="http' not in page and 'src="//' not in page, name
        assert 'rel="stylesheet" href="/static/' in page, name


def test_news_body_is_sanitised_and_loads_nothing_from_other_hosts(client, plan):
    page = text_of(client.get(f"/news/{plan.news.slug}/"))
    assert "<strong>重点项目</strong>" in page
    assert "alert(1)" not in page or "&lt;script" in page
    assert "<script" not in page
    assert "tracker.example" not in page
    assert 'rel="noopener noreferrer"' in page


def test_sample_banner_appears_only_while_samples_exist(client, plan):
    assert "示例数据提示" not in text_of(client.get("/"))
    call_command("generate_sample", projects=3, reports=6, seed=1)
    for url in ["/", "/projects/", f"/targets/{plan.visitors.code}/", "/en/", "/nope/"]:
        assert "示例数据提示" in text_of(client.get(url)) or "Sample data" in text_of(
            client.get(url)
        ), url
    call_command("generate_sample", delete=True)
    assert "示例数据提示" not in text_of(client.get("/"))


def test_english_pages_use_english_where_staff_filled_it(client, plan):
    page = text_of(client.get(f"/en/targets/{plan.visitors.code}/"))
    assert 'lang="en"' in page
    assert "Visitors a year" in page
    assert "Over 1.3 million visits a year" in page
    # The official wording is always quoted in Chinese as well.
    assert "实现年接待游客突破130万人次" in page
    project = text_of(client.get(f"/en/projects/{plan.wind.code}/"))
    assert "1.2 GW wind power base" in project
    assert "Turbine foundations are being poured." in project


def test_english_falls_back_to_chinese_when_no_english_text(client, plan):
    page = text_of(client.get(f"/en/targets/{plan.key_projects.code}/"))
    assert "市级重点项目开复工" in page  # no title_en
    assert "项目建设" in page  # sector without name_en
    assert "Targets" in page  # the interface itself is English


def test_chinese_is_the_default_whatever_the_browser_asks(client, plan):
    page = text_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert 'lang="zh-Hans"' in page
    assert "目标指标" in page


def test_every_page_links_to_its_counterpart_in_the_other_language(client, plan):
    page = text_of(client.get("/projects/?stage=new_start"))
    assert 'href="/en/projects/?stage=new_start"' in page
    page = text_of(client.get(f"/en/projects/{plan.wind.code}/"))
    assert f'href="/projects/{plan.wind.code}/"' in page


def test_canonical_alternates_and_open_graph(client, plan):
    page = text_of(client.get(f"/care/en/projects/{plan.wind.code}/?x=1"))
    canonical = f"http://testserver/en/projects/{plan.wind.code}/"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'hreflang="zh-Hans" href="http://testserver/projects/{plan.wind.code}/"' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert '<meta property="og:title" content="1.2 GW wind power base">' in page


def test_care_mode_keeps_its_prefix_on_every_link(client, plan):
    page = text_of(client.get("/care/"))
    assert '<html lang="zh-Hans" class="care">' in page
    assert 'href="/care/projects/"' in page
    assert 'href="/care/en/"' in page  # the language switch stays in care mode
    assert 'href="/"' in page  # the way back to the standard view
    assert "/care/static/" not in page
    # Care mode ends with its request: the next request is the standard view again.
    assert 'class="care"' not in text_of(client.get("/"))


def test_stale_project_is_flagged(client, plan):
    from datetime import timedelta

    from django.utils import timezone

    from projects.models import Project

    # Judged on the last published report, not on when the record was last saved.
    old = timezone.localdate() - timedelta(days=31)
    Project.objects.filter(pk=plan.wind.pk).update(last_reported_on=old)
    assert "已超过 30 天未更新" in text_of(client.get(f"/projects/{plan.wind.code}/"))
    assert "超30天未更新" in text_of(client.get("/projects/"))
    assert "已超过 30 天未更新" not in text_of(client.get(f"/projects/{plan.formula.code}/"))


def test_target_without_measurements_says_no_data(client, db, make_target):
    target = make_target(code="T20", title="治沙")
    page = text_of(client.get(f"/targets/{target.code}/"))
    assert "暂无数据" in page
    assert 'aria-labelledby="bar-done"' not in page  # no completion bar without data
    assert 'class="chart-svg"' not in page  # and no chart (the time-elapsed clock is no chart)
