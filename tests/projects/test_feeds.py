"""The Atom feed of news: published items only, in the page's language."""

import xml.etree.ElementTree as ET

import pytest

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
