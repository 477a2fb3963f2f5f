"""The Atom feed of news: published items only, in the page's language."""

import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from projects.models import News
from projects.views.news import is_same_site_path
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def plan(db):
    return build_public_plan()


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


def test_feed_lists_published_news_only(client, plan):
    root, items = entries(client, "/news/feed/")
    assert [e.find(f"{ATOM}title").text for e in items] == ["2026年春季重点项目集中开工"]
    link = items[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/news/spring-start/"
    assert items[0].find(f"{ATOM}author/{ATOM}name").text == "张博"
    assert "新闻动态" in root.find(f"{ATOM}title").text


def test_english_feed_uses_english_titles_and_links(client, plan):
    root, items = entries(client, "/en/news/feed/")
    assert items[0].find(f"{ATOM}title").text == "Key projects start"
    assert items[0].find(f"{ATOM}link").get("href") == "http://testserver/en/news/spring-start/"
    assert root.find(f"{ATOM}title").text == "Kulun Banner 2026 Work Plan · News"


def test_feed_is_linked_from_every_page(client, plan):
    assert 'type="application/atom+xml"' in client.get("/").content.decode()


# Hostile news through the real feed: a feed reader renders the entry's HTML, so it must be the
# page's sanitised HTML (or escaped text), never what staff typed.

HOSTILE_BODY = "\n\n".join(
    [
        "正文第一段。",
        "<script>alert('body')</script>",
        '<img src="/media/news/ok.png" alt="本站图片" onerror="alert(\'onerror\')">',
        "<a href=\"javascript:alert('link')\">链接</a>",
        '<img src="/\\evil.example/backslash.png">',
        '<img src="\\\\evil.example/double-backslash.png">',
        '<img src="/\\/evil.example/mixed.png">',
        '<img src="/&#9;/evil.example/tab.png">',
        '<img src="/&#10;/evil.example/newline.png">',
        '<img src="/&#13;/evil.example/return.png">',
        '<img src=" //evil.example/space.png">',
        '<img src="/\x0b/evil.example/control.png">',
        "![markdown](/\\evil.example/markdown.png)",
    ]
)
HOSTILE_SUMMARY = "<script>alert('summary')</script><img src=x onerror=alert('summary')>摘要"


class Tags(HTMLParser):
    """Every start tag of an HTML fragment with its attributes, and its text."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def hostile_news(**fields):
    values = {
        "slug": "hostile",
        "title": "新闻",
        "body": HOSTILE_BODY,
        "is_published": True,
        "published_at": timezone.now() - datetime.timedelta(hours=1),
    }
    return News.objects.create(**{**values, **fields})


def entry_html(client, url="/news/feed/"):
    """What a feed reader renders for the one entry: the summary's text, as HTML."""
    _, [entry] = entries(client, url)
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    return summary.text


def assert_harmless(html):
    tags = Tags(html).tags
    assert "script" not in {tag for tag, _ in tags}
    for tag, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), attrs
    assert "evil.example" not in html


def test_a_hostile_body_reaches_the_feed_only_as_the_page_shows_it(client, db):
    hostile_news()

    html = entry_html(client)

    assert_harmless(html)
    images = [attrs for tag, attrs in Tags(html).tags if tag == "img"]
    assert images == [{"src": "/media/news/ok.png", "alt": "本站图片"}]
    assert "正文第一段。" in html


def test_a_hostile_summary_reaches_the_feed_as_plain_text(client, db):
    hostile_news(summary=HOSTILE_SUMMARY, summary_en=HOSTILE_SUMMARY)

    for url in ("/news/feed/", "/en/news/feed/"):
        html = entry_html(client, url)
        assert_harmless(html)
        assert Tags(html).tags == [("p", {})]
        # The reader shows what staff typed, as text, the way the news page does.
        assert "".join(Tags(html).text) == HOSTILE_SUMMARY


def test_the_news_page_shows_no_image_from_another_host(client, db):
    hostile_news()

    page = client.get("/news/hostile/").content.decode()

    assert "evil.example" not in page
    assert 'src="/media/news/ok.png"' in page


@pytest.mark.parametrize(
    "src",
    [
        "/\\evil.example/x.png",
        "\\\\evil.example/x.png",
        "/\\/evil.example/x.png",
        "//evil.example/x.png",
        "/\t/evil.example/x.png",
        "/\n/evil.example/x.png",
        "/\r/evil.example/x.png",
        " //evil.example/x.png",
        "/\x00/evil.example/x.png",
        "/\x7f/evil.example/x.png",
        "https://evil.example/x.png",
        "media/x.png",
    ],
)
def test_an_image_address_that_can_lead_off_the_site_is_refused(src):
    assert not is_same_site_path(src)


def test_an_image_path_on_the_site_is_kept():
    assert is_same_site_path("/media/news/2026/%E5%BC%80%E5%B7%A5.png")
