"""The about page describes how figures really reach the site: there is no separate review
step yet, so it must not claim one."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_about_page_says_who_enters_and_who_publishes(client):
    page = client.get("/about/").content.decode()

    assert "经审核后" not in page
    assert "由有发布权限的工作人员发布" in page
    assert "每一次修改都记录修改人、时间和原因" in page


def test_the_english_about_page_says_the_same(client):
    page = client.get("/en/about/").content.decode()

    assert "after review" not in page
    assert "published by staff with the right to publish" in page
