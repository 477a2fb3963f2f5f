"""A filter value the project list does not know is said to be unknown, not silently dropped."""

import pytest


@pytest.fixture
def projects(make_project):
    make_project(code="KL-U1", township="库伦镇")
    make_project(code="KL-U2", township="扣河子镇")


def test_an_unknown_sector_and_stage_are_named_and_ignored(client, projects):
    page = client.get("/projects/?sector=no-such-sector&stage=flying&township=库伦镇").content
    text = page.decode()
    assert "没有领域“no-such-sector”，这一筛选条件未生效。" in text
    assert "没有建设阶段“flying”，这一筛选条件未生效。" in text
    assert "找到 1 个项目" in text  # the known township filter still applies
    assert "KL-U1" in text and "KL-U2" not in text


def test_known_values_raise_no_notice(client, projects):
    text = client.get("/projects/?township=库伦镇").content.decode()
    assert "这一筛选条件未生效" not in text


def test_the_notice_is_english_on_english_pages(client, projects):
    text = client.get("/en/projects/?township=nowhere").content.decode()
    assert "There is no Township “nowhere”: that filter was not applied." in text
