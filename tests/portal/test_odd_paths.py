"""Odd addresses get the ordinary 404 page: never a 500, never a link to another site."""

import logging
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
OWN_HOSTS = {"", "testserver"}
# What the page links to on purpose: the licence of the open data.
KNOWN_HOSTS = {"creativecommons.org"}


def get(path_info: str):
    # The test client reads "//host" as a host name, as a browser would; a server is sent it
    # as the path, which is what PATH_INFO holds here (already percent-decoded, as in WSGI).
    client = Client(raise_request_exception=False)
    return client.get("/", PATH_INFO=path_info)


def links(response) -> list[str]:
    return re.findall(r'(?:href|content)="([^"]*)"', response.content.decode())


@pytest.mark.parametrize("path_info", ["//|]", "//]", "/en//|]", "/care//]", "//[", "/%/"])
def test_paths_a_url_parser_refuses_give_the_404_page(path_info):
    response = get(path_info)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "Page not found" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "path_info",
    ["//evil.example/x", "//evil.example", "/en//evil.example/", "/care//evil.example/",
     "/\\evil.example/", "/en/\\evil.example/", "/en/\\\\evil.example", "///evil.example/",
     "/en///evil.example/"],
)  # fmt: skip
def test_the_404_page_links_to_no_other_site(path_info):
    response = get(path_info)
    assert response.status_code == 404
    found = links(response)
    assert found
    for link in found:
        assert not link.startswith(("//", "/\\")), link
        if link.startswith(("http:", "https:")):
            assert urlsplit(link).hostname in OWN_HOSTS | KNOWN_HOSTS, link
    assert "evil.example" not in {urlsplit(link).hostname for link in found}


def test_a_failing_404_page_is_logged_with_its_traceback(monkeypatch, caplog):
    from django.views import defaults

    def broken(*args, **kwargs):
        raise ValueError("the 404 template broke")

    monkeypatch.setattr(defaults, "page_not_found", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = get("/nope/")
    assert response.status_code == 500
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info and errors[0].exc_info[0] is ValueError
