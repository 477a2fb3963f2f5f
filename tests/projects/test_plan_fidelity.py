"""What the portal shows as the plan's words is the plan article's text, checked against the
article itself: only Traditional characters turned Simplified, no word added, no number made up.

The article is kept in the repository as published (``projects/plan_2026_article.txt``).
Without it these tests fail: a silently skipped check would let the wording drift again.
"""

import re
from pathlib import Path

import pytest
from opencc_purepy import OpenCC

from projects import plan_2026
from projects.models import Project, Target, TargetKind
from projects.services.plan import load_plan

ARTICLE = Path(__file__).resolve().parents[2] / "projects" / "plan_2026_article.txt"
# The article glosses some characters with their pinyin in ASCII brackets: 經(jīng)濟(jì).
PINYIN_GLOSS = re.compile(r"\([a-zA-Z\u00c0-\u024f]+\)")
CJK = re.compile(r"[\u3400-\u9fff]")
PRODUCTION_SENTENCE = "加快胜华新材料石油压裂砂、协鑫矿业铅锌矿采选等项目的投产达效"


@pytest.fixture(scope="module")
def article() -> str:
    assert ARTICLE.is_file(), f"the plan article is missing: {ARTICLE}"
    text = PINYIN_GLOSS.sub("", ARTICLE.read_text(encoding="utf-8"))
    simplified = OpenCC("t2s").convert(text)
    assert "库伦旗" in simplified and "庫倫" not in simplified
    return simplified


def test_the_article_is_read_as_published(article):
    # The converter must not touch the article's punctuation: ASCII commas, curly quotes.
    assert "落地,打造“绿电+耐火材料”产业集聚区。" in article
    assert "(jīng)" not in article and "经济工作会议" in article


@pytest.mark.parametrize("spec", plan_2026.TARGETS, ids=lambda spec: spec["code"])
def test_every_target_wording_is_the_article_verbatim(article, spec):
    assert spec["wording"] in article, spec["wording"]


def test_the_wordings_that_had_drifted_are_the_article_again():
    wording = {spec["code"]: spec["wording"] for spec in plan_2026.TARGETS}
    assert wording["T07"] == "再争取30万亩"  # not 「（在此基础上）再争取30万亩」
    assert wording["T11"] == "装机规模达到170万千瓦"  # not 「新能源装机规模…」
    for code in ("T12", "T21"):
        assert "," in wording[code] and "，" not in wording[code], code
    assert "“绿电+耐火材料”" in wording["T12"]


@pytest.mark.django_db
def test_the_loaded_targets_and_their_pages_show_the_article_text(client, article):
    load_plan()
    assert Target.objects.count() == 22
    for target in Target.objects.all():
        assert target.wording in article, target.code
    for code in ("T07", "T11", "T12", "T21"):
        target = Target.objects.get(code=code)
        assert target.wording in client.get(f"/targets/{code}/").content.decode(), code


def test_t15_claims_no_count_the_article_does_not_give(article):
    spec = next(s for s in plan_2026.TARGETS if s["code"] == "T15")
    assert spec["wording"] == "常态化举办中国摩托车越野锦标赛、全国航模锦标赛等品牌赛事"
    assert spec["kind"] == TargetKind.MILESTONE
    assert spec["figure"] is None and spec["unit"] == "" and spec["unit_en"] == ""
    assert not re.search(r"\d", spec["wording"])


def test_every_target_has_an_english_rendering_of_its_wording():
    for spec in plan_2026.TARGETS:
        english = spec["wording_en"]
        assert english.strip(), spec["code"]
        assert not CJK.search(english), spec["code"]
    english = {spec["code"]: spec["wording_en"] for spec in plan_2026.TARGETS}
    assert "1.7 million kilowatts" in english["T11"]
    assert "1.3 million" in english["T16"] and "950 million yuan" in english["T17"]
    assert not re.search(r"\d", english["T15"])  # no count here either


@pytest.mark.django_db
def test_shenghua_and_gcl_say_what_the_plan_says(article):
    assert PRODUCTION_SENTENCE in article
    load_plan()
    for code in ("KL2026-009", "KL2026-010"):
        project = Project.objects.get(code=code)
        assert project.content.startswith(f"计划原文：{PRODUCTION_SENTENCE}。"), code
        assert "into production and up to their designed output" in project.content_en, code
        assert "full production soon" not in project.content_en, code
