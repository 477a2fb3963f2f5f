"""No public page scrolls sideways on a 360 px phone, in either language, standard or care mode.

Care mode's larger text is what widened the dashboard in English, so every page is measured in
all four modes. A table sits in a wrapper that scrolls on its own (overflow: auto), so the page
can be 360 px wide while the table is not: every wrapper is measured too. Chromium is
/usr/bin/chromium; without it these tests skip, unless REQUIRE_BROWSER=1 (as in CI), where a
missing browser is a failure.
"""

import pytest
from django.core.management import call_command

from projects.models import Project
from projects.services.plan import load_plan
from tests.public_data import build_public_plan, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODES = ["", "/en", "/care", "/care/en"]
# Each table wrapper whose content is wider than the wrapper itself: [table class, widths].
WIDE_TABLES = """[...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollWidth > w.clientWidth)
  .map(w => [w.querySelector('table').className, w.scrollWidth, w.clientWidth])"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 900})
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_at_360_pixels(phone, live_server, transactional_db):
    plan = build_public_plan()
    too_wide = []
    for mode in MODES:
        for url in public_pages(plan).values():
            phone.goto(f"{live_server.url}{mode}{url}")
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide.append((f"{mode}{url}", width))
            for table in phone.evaluate(WIDE_TABLES):
                too_wide.append((f"{mode}{url}", table))
    assert too_wide == []


def test_a_long_project_list_reads_as_cards_on_a_phone(phone, live_server, transactional_db):
    load_plan()
    call_command("generate_sample", projects=40, reports=80, seed=5)
    Project.objects.filter(code="KL2026-006").update(
        name="120万千瓦风电基地（含配套220千伏升压站、储能电站及送出线路工程）" * 2,
        name_en="Tongliao-Kulun-Qianshanwanshui-Bayanhushuo-Windpower-Base, phase II " * 3,
    )
    for mode in MODES:
        phone.goto(f"{live_server.url}{mode}/projects/?sort=investment")
        assert phone.locator("table.stack tbody tr").count() == 20, mode
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, mode
        assert phone.evaluate(WIDE_TABLES) == [], mode
        cell = phone.locator("table.stack tbody td").first
        assert cell.evaluate("td => getComputedStyle(td).display") == "block", mode
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert label.strip('"') == cell.get_attribute("data-label") != "", mode
    # The measurement can fail: the same table laid out as a plain table is wider than its box.
    phone.evaluate("document.querySelector('table.stack').classList.remove('stack')")
    assert phone.evaluate(WIDE_TABLES) != []


def test_the_project_list_is_a_table_with_visible_headers_on_a_desktop(
    browser, live_server, transactional_db
):
    load_plan()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/projects/")
    assert page.get_by_role("columnheader", name="建设阶段").is_visible()
    assert page.locator("table.stack td").first.evaluate("td => getComputedStyle(td).display") == (
        "table-cell"
    )
    assert page.locator("table.stack td").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    ) in ("none", "normal")
    context.close()


def test_stacked_tables_keep_their_roles_and_pass_axe_on_a_phone(
    phone, live_server, transactional_db
):
    from axe_playwright_python.sync_playwright import Axe

    plan = build_public_plan()
    pages = public_pages(plan)
    problems = []
    for url in (
        pages["projects"],
        pages["disclosure"],
        pages["target_projects"],
        pages["reporting"],
    ):
        for mode in ("", "/care/en"):
            phone.goto(f"{live_server.url}{mode}{url}")
            results = Axe().run(
                phone, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
            )
            if results.violations_count:
                problems.append(f"{mode}{url}\n{results.generate_report()}")
    assert problems == []
    phone.goto(f"{live_server.url}/projects/")
    # Screen readers still get a table: headers for each column, a row header for each project.
    assert phone.get_by_role("columnheader", name="领域").count() == 1
    assert phone.get_by_role("rowheader", name="120万千瓦风电基地").count() == 1
    assert phone.get_by_role("cell", name="领域：项目建设").count() == 1


def test_stage_table_sits_in_a_labelled_region_on_screen(phone, live_server, transactional_db):
    build_public_plan()
    phone.goto(f"{live_server.url}/care/en/")
    region = phone.get_by_role("region", name="By stage")
    assert region.locator("table.compact").count() == 1
    box = region.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
