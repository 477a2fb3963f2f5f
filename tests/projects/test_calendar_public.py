"""The public page 按时报送情况 counts each unit's published reports and figures of this year:
on time, late, missing; in Chinese at /reporting/ and in English at /en/reporting/."""

import re

import pytest

from projects.models import Stage, Unit

from .calendar_data import d, entered_on, figure, on, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(make_project, make_target):
    reform = Unit.objects.create(name="旗发改委", name_en="Development and Reform", order=1)
    tourism = Unit.objects.create(name="旗文旅局", name_en="Culture and Tourism", order=2)
    Unit.objects.create(name="旗统计局", order=3)  # owes nothing: not listed
    road = entered_on(d(2026, 6, 10), make_project, code="KL-ROAD", stage=Stage.CONTINUING,
                      responsible_unit=reform)  # fmt: skip
    report(road, d(2026, 6, 30))  # June on time
    report(road, d(2026, 7, 31), entered=d(2026, 8, 6))  # July late
    report(road, d(2026, 8, 31), is_published=False)  # August: a draft, missing in public
    hidden = entered_on(d(2026, 6, 10), make_project, code="KL-DRAFT", stage=Stage.CONTINUING,
                        responsible_unit=reform, is_published=False)  # fmt: skip
    report(hidden, d(2026, 6, 30))
    visitors = entered_on(d(2026, 6, 10), make_target, code="T16", responsible_unit=tourism)
    figure(visitors, d(2026, 6, 30), entered=d(2026, 7, 20))  # June on time
    figure(visitors, d(2026, 7, 31), entered=d(2026, 8, 26))  # July late
    return reform, tourism


def page(client, day, english=False):
    with on(day):
        return client.get("/en/reporting/" if english else "/reporting/")


def rows(response) -> dict:
    return {
        str(row["unit"]) if row["unit"] else None: (
            row["counts"].due,
            row["counts"].on_time,
            row["counts"].late,
            row["counts"].missing,
        )
        for row in response.context["rows"]
    }


def test_each_unit_is_counted_from_published_records(client, offices):
    response = page(client, d(2026, 9, 10))
    assert response.status_code == 200
    # 旗发改委: June, July, August reports due (September's is due 5 October); the draft
    # project owes nothing in public. 旗文旅局: June and July figures due (August's on 25 Sep).
    assert rows(response) == {"旗发改委": (3, 1, 1, 1), "旗文旅局": (2, 1, 1, 0)}
    html = response.content.decode()
    assert "旗统计局" not in html
    assert '<caption id="reporting-caption">2026年各单位报送情况（截至 2026-09-10）</caption>' in (
        html
    )
    assert re.search(r'<th scope="row">旗发改委</th>\s*<td class="num"[^>]*>3</td>', html)
    assert "最迟在次月 5 日" in html
    assert "月度数据 25 天，季度数据 30 天" in html


def test_the_page_changes_with_the_day(client, offices):
    assert rows(page(client, d(2026, 9, 25)))["旗文旅局"] == (2, 1, 1, 0)
    assert rows(page(client, d(2026, 9, 26)))["旗文旅局"] == (3, 1, 1, 1)


def test_the_english_page(client, offices):
    html = page(client, d(2026, 9, 10), english=True).content.decode()
    assert "<h1>Reporting on time</h1>" in html
    assert '<th scope="row">Development and Reform</th>' in html
    assert "Reporting by department in 2026 (as of 2026-09-10)" in html
    assert "due by day 5 of the next month" in html


def test_the_due_day_setting_is_stated(client, offices, settings):
    settings.REPORT_DUE_DAY = 10
    assert "最迟在次月 10 日" in page(client, d(2026, 9, 10)).content.decode()


def test_a_year_with_nothing_due_says_so(client):
    html = page(client, d(2026, 3, 1)).content.decode()
    assert "今年还没有到期的报送事项。" in html
    assert "<table" not in html


def test_the_footer_and_the_rules_page_link_it(client):
    assert 'href="/reporting/"' in client.get("/").content.decode()
    assert 'href="/reporting/"' in client.get("/about/").content.decode()
    assert 'href="/en/reporting/"' in client.get("/en/about/").content.decode()
