"""No public page scrolls sideways on a 360 px phone, in either language, standard or care mode.

Care mode's larger text is what widened the dashboard in English, so every page is measured in
all four modes. Chromium is /usr/bin/chromium; without it these tests skip, unless
REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""

import pytest

from tests.public_data import build_public_plan, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODES = ["", "/en", "/care", "/care/en"]


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
    assert too_wide == []


def test_stage_table_sits_in_a_labelled_region_on_screen(phone, live_server, transactional_db):
    build_public_plan()
    phone.goto(f"{live_server.url}/care/en/")
    region = phone.get_by_role("region", name="By stage")
    assert region.locator("table.compact").count() == 1
    box = region.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
