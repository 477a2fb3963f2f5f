"""A stage nobody has verified reads 待核实 everywhere public, and a project's 最近更新 and its
30-day flag come from its last published report, never from the last save of its record."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from projects.models import Project, Stage
from projects.services.plan import load_plan

from .test_views_downloads import csv_rows

pytestmark = pytest.mark.django_db

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.date(2026, 6, 30)
d = datetime.date


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 30, 10, 0, tzinfo=BEIJING), tick=False):
        yield


def meta(page: str) -> str:
    return re.search(r'<p class="meta">.*?</p>', page, re.S).group(0)


# 待核实


def test_a_loaded_project_page_shows_no_stage_and_no_update_it_does_not_have(client, frozen):
    load_plan()
    page = client.get("/projects/KL2026-006/").content.decode()
    head = meta(page)
    assert '<span class="tag">待核实</span>' in head
    assert "最近更新：尚无进展报告" in head
    assert "<time" not in head  # the day the loader saved the record is not an update
    assert timezone.localdate().isoformat() not in head
    assert "<dt>建设阶段</dt><dd>待核实</dd>" in page
    assert ">储备<" not in page
    assert "已超过" not in page  # no report: no claim either way about its age


def test_the_list_names_unverified_stages_and_filters_them(client, make_project):
    make_project(code="P-BLANK", name="未核实项目", stage="")
    make_project(code="P-START", name="开工项目", stage=Stage.NEW_START)
    make_project(code="P-PREP", name="前期项目", stage=Stage.PREPARATION)

    page = client.get("/projects/").content.decode()
    row = re.search(r"<tr>\s*<th scope=\"row\"><a href=\"/projects/P-BLANK/\">.*?</tr>", page, re.S)
    assert '<td data-label="建设阶段：">待核实<br>' in row.group(0)
    assert '<input type="checkbox" name="stage" value="unverified"> 待核实</label>' in page

    def codes(query):
        return re.findall(
            r'href="/projects/(P-[A-Z]+)/"', client.get(f"/projects/?{query}").content.decode()
        )

    assert codes("stage=unverified") == ["P-BLANK"]
    assert codes("stage=unverified&stage=new_start") == ["P-BLANK", "P-START"]
    assert codes("stage=new_start") == ["P-START"]
    assert codes("stage=nonsense") == ["P-BLANK", "P-PREP", "P-START"]  # ignored, not an error
    checked = client.get("/projects/?stage=unverified").content.decode()
    assert 'value="unverified" checked> 待核实' in checked
    rows = csv_rows(client.get("/projects/download.csv?stage=unverified"))
    assert [(r["项目编号"], r["建设阶段代码"], r["建设阶段"]) for r in rows] == [
        ("P-BLANK", "", "待核实")
    ]


def test_downloads_and_dictionary_name_the_unverified_stage(client):
    load_plan()
    rows = {r["项目编号"]: r for r in csv_rows(client.get("/data/projects.csv"))}
    assert (rows["KL2026-006"]["建设阶段代码"], rows["KL2026-006"]["建设阶段"]) == ("", "待核实")
    assert rows["KL2026-006"]["进入本阶段日期"] == "" and rows["KL2026-006"]["最近进展日期"] == ""
    page = client.get("/data/").content.decode()
    for key, words in [("stage", "为空表示尚未核实"), ("stage_label", "待核实")]:
        row = re.search(rf"<td[^>]*><code>{key}</code>.*?</tr>", page, re.S)
        assert row and words in row.group(0), key
    english = client.get("/en/data/").content.decode()
    row = re.search(r"<td[^>]*><code>stage_label</code>.*?</tr>", english, re.S)
    assert "To be verified" in row.group(0)


# 最近更新 and the 30-day flag, judged on the last report


@pytest.fixture
def reported(make_project, frozen):
    """Projects whose last report is 30 days old (not stale), 31 days old (stale) or missing,
    and one whose record was saved long ago but which reported ten days ago."""
    projects = {
        "P-D30": make_project(code="P-D30", last_reported_on=TODAY - datetime.timedelta(30)),
        "P-D31": make_project(code="P-D31", last_reported_on=TODAY - datetime.timedelta(31)),
        "P-NONE": make_project(code="P-NONE", last_reported_on=None),
        "P-OLDSAVE": make_project(code="P-OLDSAVE", last_reported_on=d(2026, 6, 20)),
    }
    long_ago = timezone.now() - datetime.timedelta(days=90)
    Project.objects.filter(code="P-OLDSAVE").update(updated_at=long_ago)
    return projects


def list_cells(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr>\s*<th scope="row"><a href="/projects/([^/]+)/">.*?</tr>', page, re.S)
    cells = re.findall(
        r"<tr>\s*<th scope=\"row\">.*?<td[^>]*>((?:(?!</td>).)*)</td>\s*</tr>", page, re.S
    )
    return dict(zip(rows, cells, strict=True))


def test_the_list_shows_the_last_report_date_and_flags_only_what_is_stale(client, reported):
    cells = list_cells(client.get("/projects/").content.decode())
    assert cells["P-D30"].startswith('<time datetime="2026-05-31">2026-05-31</time>')
    assert "超30天未更新" not in cells["P-D30"]
    assert cells["P-D31"].startswith('<time datetime="2026-05-30">2026-05-30</time>')
    assert "超30天未更新" in cells["P-D31"]
    assert cells["P-NONE"] == '<span class="muted">尚无进展报告</span>'
    # Saved 90 days ago but reported ten days ago: up to date, and dated by its report.
    assert cells["P-OLDSAVE"] == '<time datetime="2026-06-20">2026-06-20</time>'


def test_the_project_page_judges_the_30_days_on_the_last_report(client, reported):
    def page(code):
        return client.get(f"/projects/{code}/").content.decode()

    assert "已超过 30 天未更新" not in page("P-D30")
    assert "已超过 30 天未更新" in page("P-D31")
    none = page("P-NONE")
    assert "已超过" not in none and "最近更新：尚无进展报告" in meta(none)
    old_save = page("P-OLDSAVE")
    assert "已超过" not in old_save
    assert '最近更新：<time datetime="2026-06-20">2026-06-20</time>' in meta(old_save)


def test_sorting_by_last_update_follows_the_reports(client, reported):
    page = client.get("/projects/?sort=updated").content.decode()
    order = re.findall(r'<th scope="row"><a href="/projects/([^/]+)/">', page)
    assert order == ["P-OLDSAVE", "P-D30", "P-D31", "P-NONE"]
