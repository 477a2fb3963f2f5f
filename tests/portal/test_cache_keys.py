"""A cached page is keyed on what it depends on, and only that: junk in the query string makes
no new page, the scheme does; OPTIONS and TRACE get no page at all."""

import re
from pathlib import Path

import pytest

from portal.query_params import QUERY_PARAMETERS
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plan(db):
    return build_public_plan()


def test_parameters_no_page_reads_make_no_new_page(client, plan):
    first = client.get("/?utm_source=junk0")
    assert first["X-Cache"] == "miss"
    for n in range(1, 20):
        assert client.get(f"/?utm_source=junk{n}")["X-Cache"] == "hit", n
    assert client.get("/")["X-Cache"] == "hit"
    # The page is the same for all of them, links included: none repeats the junk.
    assert "junk" not in first.content.decode()


def test_the_parameters_a_page_reads_still_make_their_page(client, plan):
    filtered = client.get("/projects/?stage=new_start&q=%E9%A3%8E%E7%94%B5&x=1")
    assert filtered["X-Cache"] == "miss"
    page = filtered.content.decode()
    assert plan.wind.code in page and plan.formula.code not in page
    # Same parameters in another order, with empty ones and more junk: the same page.
    again = client.get("/projects/?utm_medium=a&q=%E9%A3%8E%E7%94%B5&sector=&stage=new_start")
    assert again["X-Cache"] == "hit"
    assert client.get("/projects/")["X-Cache"] == "miss"
    assert client.get("/projects/?sector=&q=&page=")["X-Cache"] == "hit"


def test_the_scheme_is_part_of_the_key(client, plan):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    secure = client.get("/robots.txt", secure=True)
    assert secure["X-Cache"] == "miss"
    assert "Sitemap: https://testserver/sitemap.xml" in secure.content.decode()


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE"])
@pytest.mark.parametrize("url", ["/", "/projects/", "/en/targets/T16/", "/data/projects.xlsx"])
def test_options_and_trace_get_405_not_a_page(client, plan, method, url):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert b"<html" not in response.content
    assert "X-Cache" not in response


def test_every_parameter_a_view_reads_is_listed():
    """A view reading a parameter not listed would get it dropped before it runs."""
    listed = set().union(*QUERY_PARAMETERS.values())
    sources = [
        *ROOT.glob("projects/views/*.py"),
        *ROOT.glob("portal/*.py"),
        ROOT / "projects/feeds.py",
    ]
    read = set()
    for source in sources:
        text = source.read_text()
        read |= set(re.findall(r"""(?:GET|\bget)\.get(?:list)?\(\s*["'](\w+)["']""", text))
    assert read, "the search found no parameter at all: the pattern is out of date"
    assert read <= listed, read - listed
