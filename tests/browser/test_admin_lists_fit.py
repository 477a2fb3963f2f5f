"""The admin's main lists fit a 1280-pixel screen: no table scrolls sideways inside its box."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User

from projects.models import (
    DisclosureItem,
    Measurement,
    News,
    ProgressReport,
    Project,
    Stage,
    Target,
)
from projects.services.plan import load_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTS = ["project", "target", "progressreport", "measurement", "news", "disclosureitem"]


def test_main_lists_fit_1280_pixels(browser, live_server, transactional_db):
    load_plan()
    User.objects.create_superuser("boss", "boss@example.com", "pw-for-tests-only")
    project = Project.objects.get(code="KL2026-001")
    ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 4, 1), stage=Stage.NEW_START, text="开工"
    )
    Measurement.objects.create(
        target=Target.objects.get(code="T16"),
        date=datetime.date(2026, 6, 30),
        value=D(60),
        source="旗文化旅游体育局统计科",
        note="上半年接待游客数据，来自全旗各景区售票系统汇总",
    )
    DisclosureItem.objects.create(
        project=project, category=2, matter="water", number="通水保许〔2026〕118号",
        date=datetime.date(2026, 3, 2), authority="通辽市水利局",
        formed_on=datetime.date(2026, 3, 2),
    )  # fmt: skip
    News.objects.create(slug="n1", title="全旗重点项目集中开工仪式在库伦镇举行" * 2, body="正文")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    too_wide = []
    for name in LISTS:
        page.goto(f"{live_server.url}/admin/projects/{name}/")
        widths = page.evaluate(
            "[document.scrollingElement.scrollWidth,"
            " document.querySelector('.results').scrollWidth,"
            " document.querySelector('.results').clientWidth]"
        )
        if widths[0] > 1280 or widths[1] > widths[2]:
            too_wide.append((name, widths))
    context.close()
    assert too_wide == []
