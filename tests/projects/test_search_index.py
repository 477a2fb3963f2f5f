"""The search index follows the records when they are written in bulk, and can be rebuilt."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.imports.options import ImportOptions
from projects.models import News, Project, SearchEntry, SearchGram, SearchKind, Submission
from projects.search import index
from projects.services.plan import load_plan

from .admin_forms import form_data
from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db


def keys(client, q):
    page = client.get("/search/", {"q": q}).content.decode()
    return {key for key in SearchEntry.objects.values_list("key", flat=True) if f"/{key}/" in page}


def test_one_entry_for_each_public_record_of_the_plan():
    load_plan()
    published = {
        SearchKind.PROJECT: Project.objects.published().count(),
        SearchKind.TARGET: 22,
        SearchKind.NEWS: 1,  # the plan article, reprinted
    }
    assert {k: SearchEntry.objects.filter(kind=k).count() for k in published} == published
    wind = SearchEntry.objects.get(kind=SearchKind.PROJECT, key="KL2026-006")
    assert "风电" in wind.text and "新能源" in wind.text and "第二产业" in wind.text
    assert SearchGram.objects.filter(entry=wind, gram="风电").exists()
    assert not SearchGram.objects.filter(entry=wind, gram="ne").exists()  # Latin: by LIKE
    article = SearchEntry.objects.get(kind=SearchKind.NEWS)
    assert article.key == News.objects.get().slug
    assert "张博" in article.text


def test_generated_samples_are_found_and_go_with_them(client):
    load_plan()
    call_command("generate_sample", projects=30, seed=3, stdout=io.StringIO())
    assert SearchEntry.objects.filter(key__startswith="SAMPLE-").count() == 30
    assert any(key.startswith("SAMPLE-") for key in keys(client, "示例项目"))
    call_command("generate_sample", delete=True, stdout=io.StringIO())
    assert not SearchEntry.objects.filter(key__startswith="SAMPLE-").exists()
    assert not SearchGram.objects.exclude(entry__in=SearchEntry.objects.all()).exists()


def test_an_import_brings_the_index_in_step(client, sector):
    rows = [["项目编号", "项目名称", "所属领域", "已发布"],
            ["KL-I1", "导入的光伏电站", "tertiary", "是"],
            ["KL-I2", "导入的草稿光伏", "tertiary", "否"]]  # fmt: skip
    outcome = run("projects", csv_bytes(rows), dry_run=False, options=ImportOptions())
    assert outcome.applied, outcome.problems
    assert keys(client, "光伏电站") == {"KL-I1"}
    assert keys(client, "草稿光伏") == set()
    rows[1][1] = "导入后改名的储能电站"
    outcome = run("projects", csv_bytes(rows), dry_run=False, options=ImportOptions())
    assert outcome.applied, outcome.problems
    assert keys(client, "储能电站") == {"KL-I1"} and keys(client, "光伏电站") == set()


def test_an_approved_submission_brings_the_index_in_step(
    client, reporter, reviewer, tourism, make_project
):
    project = make_project(code="KL-T1", name="冰雪旅游项目", responsible_unit=tourism)
    url = reverse("admin:projects_project_change", args=[project.pk])
    client.force_login(reporter)
    data = form_data(client.get(url))
    data["name"] = "冰雪运动公园"
    client.post(url, data)
    client.logout()
    assert keys(client, "运动公园") == set()  # waiting for review: not public yet
    client.force_login(reviewer)
    submission = Submission.objects.get()
    approve = reverse("admin:projects_submission_change", args=[submission.pk])
    client.post(approve, {"approve": "1", "secrecy_checked": "on"})
    client.logout()
    assert keys(client, "运动公园") == {"KL-T1"}


def test_a_save_of_other_fields_leaves_the_entry_alone():
    load_plan()
    entry = SearchEntry.objects.get(key="KL2026-006")
    project = Project.objects.get(code="KL2026-006")
    project.progress = 30
    project.save(update_fields=["progress", "updated_at"])
    assert SearchEntry.objects.get(key="KL2026-006").pk == entry.pk
    project.name = "120万千瓦风电基地（一期）"
    project.save(update_fields=["name", "updated_at"])
    assert SearchEntry.objects.get(key="KL2026-006").title == "120万千瓦风电基地（一期）"


def test_the_command_rebuilds_a_lost_index(client):
    load_plan()
    before = set(SearchEntry.objects.values_list("kind", "key", "text"))
    SearchGram.objects.all().delete()
    SearchEntry.objects.all().delete()
    assert keys(client, "风电项目") == set()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().strip() == "搜索索引已重建：项目 13 个，指标 22 项，新闻 1 条。"
    assert set(SearchEntry.objects.values_list("kind", "key", "text")) == before
    assert "KL2026-006" in keys(client, "风电项目")


def test_migrate_fills_an_index_it_finds_empty():
    load_plan()
    SearchEntry.objects.all().delete()
    index.fill_if_empty()
    assert SearchEntry.objects.count() == 36  # 13 projects, 22 targets, the plan article
    entry = SearchEntry.objects.get(key="T10")
    index.fill_if_empty()  # not again once there is one
    assert SearchEntry.objects.get(key="T10").pk == entry.pk


def test_entries_changed_in_place_keep_their_bigrams_true_to_their_text():
    from projects.models import Sector
    from projects.search.text import grams

    load_plan()
    wind = SearchEntry.objects.get(key="KL2026-006")
    secondary = Sector.objects.get(slug="secondary")
    secondary.name = "工业"
    secondary.save()
    project = Project.objects.get(code="KL2026-001")
    project.name = "中安信肉羊屠宰加工产业园"
    project.save()
    Project.objects.get(code="KL2026-002").delete()
    assert SearchEntry.objects.get(key="KL2026-006").pk == wind.pk  # updated, not replaced
    assert not SearchEntry.objects.filter(key="KL2026-002").exists()
    for entry in SearchEntry.objects.all():
        assert set(entry.grams.values_list("gram", flat=True)) == grams(entry.text), entry.key
    assert not SearchGram.objects.filter(gram="二产", entry=wind).exists()
    assert SearchGram.objects.filter(gram="工业", entry=wind).exists()
