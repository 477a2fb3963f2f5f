"""English project text at /en/, the dashboard's stage table on a phone, and the project level
as the pages name it (not only its code) in the downloads."""

import io
import json
import re

import pytest
from openpyxl import load_workbook

from projects import plan_2026
from projects.models import Project
from projects.services.plan import load_plan
from tests.public_data import build_public_plan

from .test_views_downloads import csv_rows

pytestmark = pytest.mark.django_db

BOILERPLATE = "计划原文未给出"


# English project pages


def test_english_project_page_shows_no_chinese_boilerplate(client):
    load_plan()
    english = client.get("/en/projects/KL2026-001/").content.decode()
    assert BOILERPLATE not in english  # body, meta description and og:description alike
    assert "The plan does not give this project" in english
    assert BOILERPLATE in client.get("/projects/KL2026-001/").content.decode()


def test_every_plan_project_is_loaded_with_english_content():
    load_plan()
    projects = Project.objects.filter(code__in=[p["code"] for p in plan_2026.PROJECTS])
    assert projects.count() == len(plan_2026.PROJECTS) == 13
    for project in projects:
        assert BOILERPLATE in project.content
        assert project.content_en, project.code
        assert not re.search(r"[\u4e00-\u9fff]", project.content_en), project.code


def test_downloads_carry_the_english_construction_content(client):
    load_plan()
    rows = {r["Code"]: r for r in csv_rows(client.get("/en/data/projects.csv"))}
    assert rows["KL2026-001"]["Construction content in English"].startswith("The plan does not")
    assert BOILERPLATE in rows["KL2026-001"]["Construction content"]


# The dashboard's stage table on a phone


@pytest.mark.parametrize("prefix", ["", "/en", "/care", "/care/en"])
def test_stage_table_scrolls_in_its_own_labelled_box(client, prefix):
    build_public_plan()
    page = client.get(f"{prefix}/").content.decode()
    box = re.search(r'<div class="table-wrap"([^>]*)>\s*<table class="data-table compact">', page)
    assert box, "the stage table must sit in a scroll box of its own"
    attributes = box.group(1)
    assert 'role="region"' in attributes and 'tabindex="0"' in attributes
    label = re.search(r'aria-labelledby="([^"]+)"', attributes).group(1)
    assert f'<h3 id="{label}">' in page


# Project level as a label in the downloads


@pytest.fixture
def plan(db):
    return build_public_plan()


def test_project_csv_has_level_label_next_to_code_as_the_page_shows_it(client, plan):
    rows = {r["项目编号"]: r for r in csv_rows(client.get("/data/projects.csv"))}
    wind = rows[plan.wind.code]
    assert (wind["项目级别代码"], wind["项目级别"]) == ("city_key", "市级重点")
    assert "<dd>市级重点</dd>" in client.get(f"/projects/{plan.wind.code}/").content.decode()
    header = list(rows[plan.wind.code])
    assert header.index("项目级别") == header.index("项目级别代码") + 1


def test_english_project_csv_has_english_level_label(client, plan):
    rows = {r["Code"]: r for r in csv_rows(client.get("/en/data/projects.csv"))}
    assert (rows[plan.wind.code]["Level code"], rows[plan.wind.code]["Level"]) == (
        "city_key",
        "City-level key",
    )
    assert rows[plan.formula.code]["Level"] == "General"
    page = client.get(f"/en/projects/{plan.wind.code}/").content.decode()
    assert "<dd>City-level key</dd>" in page


def test_ungraded_project_gets_the_pages_words(client, plan):
    Project.objects.filter(pk=plan.formula.pk).update(level="")
    rows = {r["项目编号"]: r for r in csv_rows(client.get("/data/projects.csv"))}
    assert (rows[plan.formula.code]["项目级别代码"], rows[plan.formula.code]["项目级别"]) == (
        "",
        "尚未定级",
    )
    assert "<dd>尚未定级</dd>" in client.get(f"/projects/{plan.formula.code}/").content.decode()


@pytest.mark.parametrize(
    ("prefix", "header", "label"),
    [("", "项目级别", "市级重点"), ("/en", "Level", "City-level key")],
)
def test_filtered_project_download_has_level_label(client, plan, prefix, header, label):
    rows = csv_rows(client.get(f"{prefix}/projects/download.csv?level=city_key"))
    assert [r[header] for r in rows] == [label]


def test_project_xlsx_and_json_have_level_label(client, plan):
    response = client.get("/en/data/projects.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["projects"]
    header = [c.value for c in sheet[1]]
    assert header.index("Level") == header.index("Level code") + 1
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(2)]
    assert {r["Code"]: r["Level"] for r in rows} == {
        plan.wind.code: "City-level key",
        plan.formula.code: "General",
    }
    data = json.loads(b"".join(client.get("/data/projects.json").streaming_content))
    by_code = {r["code"]: r for r in data["rows"]}
    assert by_code[plan.wind.code]["level"] == "city_key"
    assert by_code[plan.wind.code]["level_label"] == "市级重点"
    field = next(f for f in data["fields"] if f["key"] == "level_label")
    assert field["label"] == "项目级别" and "与项目页面一致" in field["description"]


def test_dictionary_explains_the_level_label_in_both_languages(client, plan):
    chinese = client.get("/data/").content.decode()
    english = client.get("/en/data/").content.decode()
    for page, label, meaning in [
        (chinese, "项目级别", "与项目页面一致"),
        (english, "Level", "as the project pages name it"),
    ]:
        row = re.search(
            r'<th scope="row">([^<]*)</th><td[^>]*><code>level_label</code>.*?</tr>', page
        )
        assert row and row.group(1) == label
        assert meaning in row.group(0)
