"""The project map in a real Chromium: accessible on a phone too, and its marks are links.

The public pages' walks (axe at 1280 px, no sideways scroll at 360 px) include the map pages;
here axe also runs at 360 px on them, and the marks are checked as a reader meets them: named
links, inside the drawn outline, that lead to their projects.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.public_data import build_public_plan

from .test_public_browser import WCAG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_no_wcag_violation_on_the_map_pages_at_360_pixels(phone, live_server):
    plan = build_public_plan()
    axe = Axe()
    reports = []
    for mode in ["", "/en", "/care"]:
        for url in [
            "/projects/map/",
            "/projects/map/?stage=preparation",
            f"/projects/{plan.wind.code}/",
        ]:
            phone.goto(f"{live_server.url}{mode}{url}")
            results = axe.run(phone, options={"runOnly": {"type": "tag", "values": WCAG}})
            if results.violations_count:
                reports.append(f"{mode}{url}\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)


def test_a_mark_is_a_named_link_inside_the_outline_that_leads_to_its_project(phone, live_server):
    plan = build_public_plan()
    phone.goto(f"{live_server.url}/projects/map/")
    mark = phone.get_by_role("link", name="120万千瓦风电基地（新开工）")
    box, outline = mark.bounding_box(), phone.locator(".map-svg > path").first.bounding_box()
    assert outline["x"] <= box["x"] and box["x"] + box["width"] <= outline["x"] + outline["width"]
    assert outline["y"] <= box["y"] and box["y"] + box["height"] <= outline["y"] + outline["height"]
    mark.click()
    phone.wait_for_url(f"**/projects/{plan.wind.code}/")
    assert phone.get_by_role("img", name="项目位置示意图").is_visible()
