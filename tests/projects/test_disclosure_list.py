"""/disclosure/: every published project's completeness and timeliness, filtered, paged, as CSV."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.disclosure import ItemState
from projects.models import Unit

from .test_disclosure_public import add

pytestmark = pytest.mark.django_db

d = datetime.date
NOT_APPLICABLE = dict(state=ItemState.NOT_APPLICABLE, matter="", number="", date=None,
                      authority="", formed_on=None, reason="不涉及。")  # fmt: skip


def complete(project, late=False):
    """Every category covered: a filing in 2, not applicable in the seven others."""
    add(project, published_on=d(2026, 11, 9) if late else d(2026, 10, 8))
    for category in (1, 3, 4, 5, 6, 7, 8):
        add(project, category=category, **NOT_APPLICABLE)


@pytest.fixture
def three(make_project, tourism, energy):
    a = make_project(code="KL-A", name="甲项目", responsible_unit=tourism)
    b = make_project(code="KL-B", name="乙项目", responsible_unit=energy)
    c = make_project(code="KL-C", name="丙项目", responsible_unit=energy)
    make_project(code="KL-DRAFT", name="草稿项目", is_published=False)
    complete(a)
    complete(b, late=True)
    add(c, published_on=None)
    return a, b, c


def codes(html) -> list[str]:
    return [code for code in ("KL-A", "KL-B", "KL-C", "KL-DRAFT") if f">{code}<" in html]


def test_the_list_shows_completeness_and_timeliness(client, three):
    html = client.get("/disclosure/").content.decode()
    assert codes(html) == ["KL-A", "KL-B", "KL-C"]
    assert "1 / 1" in html  # KL-A and KL-B: one applicable category, covered
    assert "1 / 8" in html  # KL-C
    assert "最长 4 个工作日" in html
    assert "发改办投资〔2019〕621号" in html and "公开层级" in html
    assert html.count("公开依据") == 1  # the metadata table once, not per project
    assert "谁审批、谁公开" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("completeness=complete", ["KL-A", "KL-B"]),
        ("completeness=incomplete", ["KL-C"]),
        ("late=1", ["KL-B"]),
        ("q=丙", ["KL-C"]),
        ("completeness=nonsense", ["KL-A", "KL-B", "KL-C"]),
    ],
)
def test_filters(client, three, query, expected):
    assert codes(client.get(f"/disclosure/?{query}").content.decode()) == expected


def test_filter_by_responsible_unit_and_sector(client, three, energy, make_project):
    html = client.get(f"/disclosure/?unit={energy.pk}").content.decode()
    assert codes(html) == ["KL-B", "KL-C"]
    everyone = ["KL-A", "KL-B", "KL-C"]
    # The area includes its sectors; an unknown sector is ignored.
    assert codes(client.get("/disclosure/?sector=industry").content.decode()) == everyone
    assert codes(client.get("/disclosure/?sector=no-such").content.decode()) == everyone


def test_the_csv_holds_the_filtered_list(client, three):
    response = client.get("/disclosure/download.csv?late=1&utm=x")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["项目编号", "项目名称", "责任单位", "已公开类别数", "应公开类别数"]
    assert [r[0] for r in rows[1:]] == ["KL-B"]
    assert rows[1][7:11] == ["0", "1", "4", "0"]
    assert rows[1][-1] == "http://testserver/projects/KL-B/"


def test_the_list_is_paged(client, make_project):
    for n in range(25):
        make_project(code=f"KL-{n:03d}")
    first = client.get("/disclosure/").content.decode()
    assert "KL-019" in first and "KL-020" not in first
    assert "KL-020" in client.get("/disclosure/?page=2").content.decode()


def count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_projects(client, make_project):
    def grow_to(n):
        for i in range(Unit.objects.count(), n):
            unit = Unit.objects.create(name=f"单位{i}")
            project = make_project(code=f"KL-Q{i:03d}", responsible_unit=unit)
            complete(project, late=i % 2 == 1)

    grow_to(3)
    few = [count(client, url) for url in ("/disclosure/", "/disclosure/download.csv?late=1")]
    grow_to(30)
    many = [count(client, url) for url in ("/disclosure/", "/disclosure/download.csv?late=1")]
    assert few == many
    # the page: sectors, units, how many match, a page of projects, its items, samples;
    # the file: sectors, units, projects, items
    assert few == [6, 4]


def test_the_english_list_shows_english_labels(client, three):
    html = client.get("/en/disclosure/").content.decode()
    for text in ("Disclosure catalogue", "Disclosure rules", "All disclosed", "Some missing",
                 "Time limit", "Approval services"):  # fmt: skip
        assert text in html, text
