"""The about page describes how figures really reach the site: entered by a unit's clerk,
compared and approved by a reviewer after a confidentiality review, public only then."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_about_page_describes_the_review(client):
    page = client.get("/about/").content.decode()

    assert "填报员在后台录入或成批导入，提交审核" in page
    assert "经保密审查后审核发布，或写明意见退回修改" in page
    assert "审核通过之前，公众看到的始终是上一次审核发布的内容" in page
    assert "每一次修改都记录修改人、时间和原因" in page
    assert "每一次发布、修改和撤回发布都记入公开发布账本" in page


def test_the_english_about_page_says_the_same(client):
    page = client.get("/en/about/").content.decode()

    assert "after a confidentiality review approves and publishes it" in page
    assert "Until a change is approved, the public sees the version last approved" in page
    assert "entered in the public publication ledger" in page
