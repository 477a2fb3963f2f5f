"""The plan article as the first news item: a reprint with its authors, created once by
load_plan, never overwritten once staff have touched it, and never dated with a date the
article does not give."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from opencc_purepy import OpenCC

from projects.models import News, Sector, Target
from projects.services import plan_news
from projects.services.plan import load_plan

from .admin_forms import form_data

pytestmark = pytest.mark.django_db

PINYIN_GLOSS = re.compile(r"\([a-zA-Z\u00c0-\u024f]+\)")
CREATED_AT = datetime.datetime(2026, 3, 9, 10, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
# Words that would name an outlet; the article names none, so neither may the item.
OUTLETS = re.compile(r"日报|晚报|报社|新闻网|电视台|广播|融媒|新华|人民网|客户端")
FULL_DATE = re.compile(r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}")


def test_the_reprint_text_is_the_article_in_simplified_characters():
    published = plan_news.ARTICLE.read_text(encoding="utf-8")
    converted = OpenCC("t2s").convert(PINYIN_GLOSS.sub("", published))
    expected = [p.strip() for p in converted.split("\n") if p.strip()]
    reprint = [p.replace(plan_news.SIC, "") for p in plan_news.article_paragraphs()]
    assert reprint == expected
    assert len(reprint) == 4
    assert reprint[-1].endswith("(张博 李旭明)")
    # The one garbled place of the published text is kept and marked, not mended.
    assert sum(p.count(plan_news.SIC) for p in plan_news.article_paragraphs()) == 1
    assert f"规?;?{plan_news.SIC}、标准化" in plan_news.article_paragraphs()[2]


def test_the_body_says_it_is_a_reprint_then_quotes_every_paragraph():
    body = plan_news.body()
    first_line = body.splitlines()[0]
    assert "已发表的新闻报道的全文（转载）" in first_line
    assert "张博、李旭明" in first_line and "未载明刊发媒体和日期" in first_line
    for paragraph in plan_news.article_paragraphs():
        assert f"> {paragraph}\n" in body
    assert body.count("\n>\n") == len(plan_news.article_paragraphs()) - 1


def test_source_and_authors_say_only_what_the_article_says():
    values = plan_news.values()
    assert values["authors"] == "张博、李旭明"
    assert "转载" in values["source"] and "未载明刊发媒体和日期" in values["source"]
    for field in ("title", "summary", "source", "body", "title_en", "summary_en"):
        assert not OUTLETS.search(values[field]), field
        assert not FULL_DATE.search(values[field]), field
    assert "Chinese only" in values["summary_en"]


def test_load_plan_creates_it_once_at_the_time_it_runs():
    with time_machine.travel(CREATED_AT, tick=False):
        report = load_plan()
    assert report.state(plan_news.label()) == "created"
    item = News.objects.get()
    assert item.slug == plan_news.SLUG and item.is_published
    assert item.published_at == CREATED_AT
    assert item.body == plan_news.body()
    assert set(item.targets.all()) == set(Target.objects.all())
    assert set(item.sectors.all()) == set(Sector.objects.filter(parent=None))

    with time_machine.travel(CREATED_AT + datetime.timedelta(days=30), tick=False):
        again = load_plan()
    assert again.state(plan_news.label()) == "unchanged"
    item = News.objects.get()
    assert item.published_at == CREATED_AT  # not moved to the later run
    assert item.history.count() == 1


def test_a_staff_edit_is_never_overwritten(client, admin_user, capsys):
    load_plan()
    item = News.objects.get()
    client.force_login(admin_user)
    url = reverse("admin:projects_news_change", args=[item.pk])
    data = form_data(client.get(url))
    del data["published_at"]  # the admin shows it as a date and a time field
    shown = timezone.localtime(item.published_at)
    data.update(published_at_0=f"{shown:%Y-%m-%d}", published_at_1=f"{shown:%H:%M:%S}")
    data["summary"] = "工作人员改写的摘要。"
    data["body"] = item.body + "\n（编者按：工作人员补充。）\n"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    call_command("load_plan")
    out = capsys.readouterr().out
    item.refresh_from_db()
    assert item.summary == "工作人员改写的摘要。"
    assert "工作人员补充" in item.body
    assert item.history.count() == 2  # the loader's version and the staff's, both kept
    assert "已存在且经工作人员修改，保留不动" in out
    assert f"保留（已被工作人员修改）：{plan_news.label()}" in out


def test_a_deleted_item_is_not_created_again(admin_user, capsys):
    load_plan()
    item = News.objects.get()
    item._history_user = admin_user
    item.delete()
    call_command("load_plan")
    assert not News.objects.exists()
    assert "已被工作人员删除，不再重建" in capsys.readouterr().out


def test_the_command_says_what_it_did_with_the_item(capsys):
    call_command("load_plan")
    assert "计划原文转载新闻（网址标识 2026-plan-article）：已新建并发布" in capsys.readouterr().out
    call_command("load_plan")
    assert "计划原文转载新闻（网址标识 2026-plan-article）：已存在，未改动" in (
        capsys.readouterr().out
    )


def test_a_draft_run_creates_it_unpublished(capsys):
    call_command("load_plan", "--draft")
    assert not News.objects.published().exists()
    assert "已新建，未发布" in capsys.readouterr().out


def test_it_is_the_first_and_only_news_after_load_plan(client):
    load_plan()
    page = client.get("/news/").content.decode()
    titles = re.findall(r'<h2><a href="/news/([^"]+)/">', page)
    assert titles == [plan_news.SLUG]
    assert "本站发布" in page and "作者：张博、李旭明" in page
    home = client.get("/").content.decode()
    assert f'href="/news/{plan_news.SLUG}/"' in home


def test_the_page_shows_it_as_a_reprint_with_its_source_and_authors(client):
    with time_machine.travel(CREATED_AT, tick=False):
        load_plan()
    page = client.get(f"/news/{plan_news.SLUG}/").content.decode()
    meta = re.search(r'<p class="meta">(.*?)</p>', page, re.S).group(1)
    assert "本站发布：<time" in meta and "2026-03-09 10:30" in meta
    assert f"来源：{plan_news.SOURCE}" in meta and "作者：张博、李旭明" in meta
    prose = re.search(r'<div class="prose">(.*?)</div>', page, re.S).group(1)
    assert prose.lstrip().startswith("<p>以下是一篇已发表的新闻报道的全文（转载）")
    assert prose.count("<blockquote>") == 1
    assert prose.count("</p>") == 1 + len(plan_news.article_paragraphs())
    assert "年接待游客突破130万人次" in prose
    # The only full date on the page is the portal's own publishing time.
    assert FULL_DATE.findall(re.sub(r"<[^>]+>", " ", prose)) == []
    assert not OUTLETS.search(page.split("<main", 1)[1].split("</main>", 1)[0])


def test_the_english_page_says_the_article_is_in_chinese_only(client):
    load_plan()
    page = client.get(f"/en/news/{plan_news.SLUG}/").content.decode()
    assert plan_news.TITLE_EN in page
    assert "Posted on this site" in page
    assert "Authors: 张博、李旭明" in page
    assert "available in Chinese only; the Chinese text follows." in page
    prose = re.search(r'<div class="prose" lang="zh-Hans">(.*?)</div>', page, re.S).group(1)
    assert "年接待游客突破130万人次" in prose
    listing = client.get("/en/news/").content.decode()
    assert plan_news.TITLE_EN in listing and "Chinese only" in listing


def test_an_english_body_is_shown_without_the_note(client):
    load_plan()
    News.objects.filter(slug=plan_news.SLUG).update(body_en="An English text.")
    page = client.get(f"/en/news/{plan_news.SLUG}/").content.decode()
    assert "An English text." in page and "the Chinese text follows" not in page
