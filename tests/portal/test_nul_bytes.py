"""A NUL character in an address is refused with a clear message, on SQLite and PostgreSQL."""

import pytest

from projects.services.plan import load_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/projects/?q=%00", "/projects/?q=a%00b", "/projects/download.csv?q=%00",
     "/projects/%00/", "/targets/%00/", "/care/projects/?q=%00"],
)  # fmt: skip
def test_nul_in_an_address_is_a_bad_request_in_chinese(client, url):
    load_plan()
    response = client.get(url)
    assert response.status_code == 400
    assert "网址中含有无效字符" in response.content.decode()


def test_nul_under_en_is_refused_in_english(client):
    response = client.get("/en/projects/?q=%00")
    assert response.status_code == 400
    assert "invalid character" in response.content.decode()


def test_ordinary_search_still_works(client):
    load_plan()
    response = client.get("/projects/?q=%E8%82%89%E7%89%9B")  # 肉牛
    assert response.status_code == 200
    assert "中安信肉牛" in response.content.decode()
