"""Atom and RSS feeds of one project, target, sector or township: published changes only."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.disclosure import DisclosureCategory, ItemState
from projects.models import DisclosureItem, Measurement, MilestoneStep, ProgressReport, Stage
from projects.models.choices import TargetKind

d = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def data(make_project, make_target):
    project = make_project(code="KL2026-006", name="冰雪小镇", township="库伦镇")
    draft = make_project(code="KL-DRAFT", name="草稿项目", township="库伦镇", is_published=False)
    ProgressReport.objects.create(
        project=project, date=d(2026, 10, 31), stage=Stage.NEW_START, progress=Decimal(35),
        text="主体结构施工 <b>过半</b>", is_published=True,
    )  # fmt: skip
    ProgressReport.objects.create(
        project=project, date=d(2026, 11, 15), stage=Stage.NEW_START, text="草稿报告内容",
    )  # fmt: skip
    ProgressReport.objects.create(
        project=draft, date=d(2026, 10, 1), stage=Stage.NEW_START, text="草稿项目的报告",
        is_published=True,
    )  # fmt: skip
    DisclosureItem.objects.create(
        project=project, category=DisclosureCategory.RESULT, matter="filing",
        number="库发改备〔2026〕7号", date=d(2026, 3, 2), authority="库伦旗发展和改革委员会",
        formed_on=d(2026, 3, 2), is_published=True,
    )  # fmt: skip
    DisclosureItem.objects.create(
        project=project, category=DisclosureCategory.BIDDING, matter="filing",
        number="未公开文号999", formed_on=d(2026, 3, 2),
    )  # fmt: skip
    DisclosureItem.objects.create(
        project=project, category=DisclosureCategory.LAND, state=ItemState.WITHHELD,
        withheld_reason="commercial_secret", reason="依据条例第十五条", content="秘密内容",
        is_published=True,
    )  # fmt: skip
    target = make_target(code="T01")
    Measurement.objects.create(
        target=target, date=d(2026, 9, 30), value=Decimal("88.5"), source="旗文旅局",
        is_published=True,
    )  # fmt: skip
    Measurement.objects.create(
        target=target, date=d(2026, 10, 31), value=Decimal(99), source="草稿来源"
    )
    milestone = make_target(code="T02", kind=TargetKind.MILESTONE, figure=None, unit="")
    MilestoneStep.objects.create(target=milestone, title="完成可研批复", done_date=d(2026, 6, 1))
    make_target(code="T-DRAFT", is_published=False)
    return project


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.cookies
    assert "Set-Cookie" not in response
    return response.content.decode()


def atom(client, url):
    body = get(client, url)
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    return body, entries


def rss(client, url):
    body = get(client, url)
    root = ET.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.find(name).text
    items = channel.findall("item")
    for item in items:
        for name in ("title", "link", "guid", "pubDate"):
            assert item.find(name).text
    return body, items


def test_project_atom_lists_published_changes_with_dates(client, data):
    body, entries = atom(client, "/projects/KL2026-006/feed/")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert "KL2026-006 进展：2026-10-31 新开工 35%" in titles
    report = entries[titles.index("KL2026-006 进展：2026-10-31 新开工 35%")]
    assert report.find(f"{ATOM}updated").text.startswith("2026-10-31")
    assert report.find(f"{ATOM}link").get("href").endswith("/projects/KL2026-006/#h-reports")
    assert "库发改备〔2026〕7号" in body
    # The report text is escaped once more inside the XML: no live tag reaches the reader.
    summary = report.find(f"{ATOM}summary").text
    assert "&lt;b&gt;" in summary
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_project_feeds_hold_no_draft_nor_withheld_content(client, data):
    for url in ("/projects/KL2026-006/feed/", "/projects/KL2026-006/feed/rss/"):
        body = get(client, url)
        assert "草稿报告内容" not in body
        assert "草稿项目的报告" not in body
        assert "未公开文号999" not in body
        assert "秘密内容" not in body
        # The withheld item shows its category and reason.
        assert "征收土地信息" in body and "依据条例第十五条" in body


def test_project_rss_is_rss_2(client, data):
    _body, items = rss(client, "/projects/KL2026-006/feed/rss/")
    titles = [i.find("title").text for i in items]
    assert "KL2026-006 进展：2026-10-31 新开工 35%" in titles
    item = items[titles.index("KL2026-006 进展：2026-10-31 新开工 35%")]
    assert "31 Oct 2026" in item.find("pubDate").text
    assert item.find("guid").get("isPermaLink") == "false"


def test_target_feeds_list_published_measurements_and_steps(client, data):
    body, entries = atom(client, "/targets/T01/feed/")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["T01 数据：2026-09-30 88.5万人次"]
    assert "草稿来源" not in body
    body, items = rss(client, "/targets/T01/feed/rss/")
    assert len(items) == 1
    body, entries = atom(client, "/targets/T02/feed/")
    assert "T02 步骤完成：2026-06-01 完成可研批复" in body


def test_sector_and_township_feeds(client, data):
    for url in ("/sectors/industry/feed/", "/sectors/tertiary/feed/"):
        body, entries = atom(client, url)
        assert "KL2026-006 进展：2026-10-31" in body
        assert "T01 数据：2026-09-30" in body
        assert "草稿" not in body
    body, items = rss(client, "/sectors/tertiary/feed/rss/")
    assert items
    body, entries = atom(client, reverse("projects:township_feed", args=["库伦镇"]))
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "KL2026-006 进展：2026-10-31 新开工 35%"
    ]
    assert "project_list" not in body and "township=" in body
    body, items = rss(client, reverse("projects:township_feed_rss", args=["库伦镇"]))
    assert len(items) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/projects/NOPE/feed/",
        "/projects/KL-DRAFT/feed/",
        "/projects/KL-DRAFT/feed/rss/",
        "/targets/NOPE/feed/",
        "/targets/T-DRAFT/feed/",
        "/targets/T-DRAFT/feed/rss/",
        "/sectors/nope/feed/",
        "/townships/nowhere/feed/rss/",
    ],
)
def test_unknown_or_draft_is_404(client, data, url):
    assert client.get(url).status_code == 404


def test_feeds_ignore_the_query(client, data):
    assert get(client, "/projects/KL2026-006/feed/?x=1") == get(
        client, "/projects/KL2026-006/feed/"
    )


def test_pages_link_their_feeds(client, data):
    page = get(client, "/projects/KL2026-006/")
    assert 'rel="alternate" type="application/atom+xml" href="/projects/KL2026-006/feed/"' in page
    assert 'href="/projects/KL2026-006/feed/rss/"' in page
    page = get(client, "/targets/T01/")
    assert 'rel="alternate" type="application/atom+xml" href="/targets/T01/feed/"' in page
    # and in the head, where readers and browsers look for a page's feed
    head = page.split("</head>")[0]
    assert 'type="application/atom+xml" title="订阅更新" href="/targets/T01/feed/"' in head
    page = get(client, "/projects/?sector=tertiary")
    assert 'href="/sectors/tertiary/feed/"' in page
    page = get(client, "/projects/?township=库伦镇")
    assert reverse("projects:township_feed_rss", args=["库伦镇"]) in page


def test_english_feed(client, data):
    _body, entries = atom(client, "/en/projects/KL2026-006/feed/")
    assert any(
        e.find(f"{ATOM}link").get("href").endswith("/en/projects/KL2026-006/#h-reports")
        for e in entries
    )
