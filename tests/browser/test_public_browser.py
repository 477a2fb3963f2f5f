"""The public site in a real Chromium: navigation, filters, language switch, accessibility.

Runs against pytest-django's live_server with committed data (transactional tests). Chromium is
Debian's /usr/bin/chromium; without it these tests skip, unless REQUIRE_BROWSER=1 (as in CI),
where a missing browser is a failure.
"""

import re
from urllib.parse import urlparse

import pytest

from tests.public_data import build_public_plan, public_pages

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.problems = []
    host = urlparse(live_server.url).netloc

    def on_console(message):
        if message.type == "error":
            page.problems.append(f"console: {message.text}")

    def on_request(request):
        if urlparse(request.url).netloc not in (host, ""):
            page.problems.append(f"request to another host: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("request", on_request)
    yield page
    context.close()


@pytest.fixture
def plan(transactional_db):
    return build_public_plan()


def test_home_to_a_sectors_target_to_a_related_project(page, live_server, plan):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "库伦旗2026年工作计划进展"
    services = page.locator("section.area", has=page.locator("h2", has_text="产业升级"))
    services.get_by_role("link", name=re.compile("年接待游客")).click()
    page.wait_for_url("**/targets/T16/")
    assert "实现年接待游客突破130万人次" in page.locator("blockquote").inner_text()
    page.get_by_role("link", name="120万千瓦风电基地").first.click()
    page.wait_for_url("**/projects/KL-001/")
    assert page.locator("h1").inner_text() == "120万千瓦风电基地"
    assert page.problems == []


def test_filter_and_search_the_project_list(page, live_server, plan):
    page.goto(live_server.url + "/projects/")
    page.get_by_label("关键词").fill("风电")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r".*q=%E9%A3%8E%E7%94%B5.*"))
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 1 and "风电" in rows.first.inner_text()

    page.goto(live_server.url + "/projects/")
    page.get_by_label("苏木镇（场）").select_option("扣河子镇")
    page.get_by_label("新开工").check()
    page.get_by_role("button", name="筛选").click()
    assert "没有符合条件的项目" in page.locator("main").inner_text()
    page.get_by_label("新开工").uncheck()
    page.get_by_role("button", name="筛选").click()
    assert page.locator("table.data-table tbody tr").count() == 1
    # The address carries the filters, so it can be shared.
    assert "township=" in page.url
    assert page.problems == []


def test_switch_to_english_and_back(page, live_server, plan):
    page.goto(live_server.url + "/projects/KL-001/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/projects/KL-001/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "1.2 GW wind power base"
    page.get_by_role("link", name="中文").click()
    page.wait_for_url("**/projects/KL-001/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.problems == []


def test_care_mode_is_larger_without_javascript(browser, live_server, plan):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    normal = page.evaluate("getComputedStyle(document.body).fontSize")
    page.get_by_role("link", name="关怀版（大字）").click()
    page.wait_for_url("**/care/")
    large = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(large.rstrip("px")) >= 1.2 * float(normal.rstrip("px"))
    page.get_by_role("link", name="建设项目", exact=True).click()
    page.wait_for_url("**/care/projects/")
    context.close()


def test_no_wcag_a_or_aa_violation_on_any_public_page(page, live_server, plan):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    urls = []
    for url in public_pages(plan).values():
        urls += [url, f"/en{url}", f"/care{url}"]
    urls += ["/no-such-page/"]
    reports = []
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        if results.violations_count:
            reports.append(f"{url}\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)
    # Chromium reports the deliberate 404 page as a failed load; nothing else may fail.
    assert [p for p in page.problems if "status of 404" not in p] == []


def test_pages_fit_a_360_pixel_phone(browser, live_server, plan):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for url in public_pages(plan).values():
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)
    context.close()
