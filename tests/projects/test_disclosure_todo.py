"""我的待办 · 信息公开时限: items not yet public that are overdue or due within 5 working days."""

import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project

from .disclosure_data import TODAY, d, filing, permit
from .personas import staff
from .test_review import change_url

HOME = reverse("admin:index")


@pytest.fixture
def ours(make_project, tourism):
    return make_project(code="KL-T1", name="冰雪旅游项目", responsible_unit=tourism)


@pytest.fixture
def theirs(make_project, energy):
    return make_project(code="KL-E1", name="风电项目", responsible_unit=energy)


def section(client) -> str:
    with time_machine.travel(TODAY, tick=False):
        page = client.get(HOME).content.decode()
    found = re.search(r'<div class="todo-section" id="todo-disclosure">.*?</p>\n</div>', page,
                      re.S)  # fmt: skip
    return found.group(0) if found else ""


def rows(html: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr class=\"todo-[a-z]+\">(.*?)</tr>", html, re.S)
    ]


def test_the_reporter_sees_their_units_overdue_and_due_soon_items(client, reporter, ours, theirs):
    late = permit(ours, d(2026, 9, 30), "库建施〔2026〕1号")
    permit(ours, d(2026, 10, 14), "库建施〔2026〕2号")
    filing(ours, d(2026, 10, 14), "库发改备〔2026〕3号")  # due 11 Nov: not yet
    permit(ours, d(2026, 9, 30), "库建施〔2026〕4号", is_published=True)  # public: done
    permit(theirs, d(2026, 9, 30), "库建施〔2026〕9号")  # another unit's
    client.force_login(reporter)
    html = section(client)
    assert "旗文旅体育局：逾期未公开 1 条，5 个工作日内到期 1 条" in html
    assert rows(html) == [
        "施工许可（开工报告） 库建施〔2026〕1号 KL-T1 冰雪旅游项目 2026-09-30 2026-10-15 "
        "逾期 2 个工作日 草稿，未报送",
        "施工许可（开工报告） 库建施〔2026〕2号 KL-T1 冰雪旅游项目 2026-10-14 2026-10-23 "
        "还有 4 个工作日 草稿，未报送",
    ]
    assert change_url(late) in html
    assert "旗能源局" not in html


def test_an_item_sent_for_review_says_so_and_estimated_dates_are_marked(client, reporter, ours):
    client.force_login(reporter)
    add = f"{reverse('admin:projects_disclosureitem_add')}?project={ours.pk}"
    with time_machine.travel(TODAY, tick=False):
        client.post(
            add,
            {
                "project": ours.pk, "category": "2", "state": "disclosed",
                "matter": "construction_permit", "number": "库建施〔2026〕5号",
                "date": "2026-09-30", "authority": "库伦旗住房和城乡建设局",
                "formed_on": "2026-09-30",
            },
        )  # fmt: skip
    assert "逾期 2 个工作日 待审核" in rows(section(client))[0]


def test_an_administrator_sees_every_unit(client, ours, theirs, tourism, energy):
    permit(ours, d(2026, 9, 30), "库建施〔2026〕1号")
    permit(theirs, d(2026, 10, 15), "库建施〔2026〕9号")  # due Mon 26 Oct, the 5th day
    nowhere = Project.objects.create(code="KL-X1", name="无单位项目", sector=ours.sector)
    permit(nowhere, d(2026, 9, 30), "库建施〔2026〕0号")
    client.force_login(staff("boss", "管理员"))
    html = section(client)
    assert "旗文旅体育局：逾期未公开 1 条" in html
    assert "旗能源局：逾期未公开 0 条，5 个工作日内到期 1 条" in html
    assert "还有 5 个工作日" in html
    assert "未指定责任单位：逾期未公开 1 条" in html


def test_a_unit_with_nothing_due_is_told_so(client, reporter, ours):
    filing(ours, d(2026, 10, 14), "库发改备〔2026〕3号")
    client.force_login(reporter)
    assert "旗文旅体育局</strong>：没有逾期未公开" in section(client)


def queries(client) -> int:
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as done:
        assert client.get(HOME).status_code == 200
    return len(done.captured_queries)


def test_the_section_takes_the_same_queries_for_many_items(client, reporter, ours, theirs):
    client.force_login(reporter)
    permit(ours, d(2026, 9, 30), "库建施〔2026〕1号")
    few = queries(client)
    for n in range(30):
        permit(ours, d(2026, 9, 28 + n % 3), f"库建施〔2026〕{n + 10}号")
        permit(theirs, d(2026, 9, 30), f"库建施〔2026〕{n + 100}号")
    assert queries(client) == few
    html = section(client)
    assert "另有 11 条未列出" in html
    assert "deadline=overdue&amp;project__responsible_unit__id__exact=" in html


def test_the_unit_table_counts_each_units_overdue_items(client, ours, theirs, admin_user):
    permit(ours, d(2026, 9, 30), "库建施〔2026〕1号")
    permit(ours, d(2026, 10, 14), "库建施〔2026〕2号")  # due soon, not overdue
    permit(theirs, d(2026, 9, 30), "库建施〔2026〕9号", is_published=True)
    client.force_login(admin_user)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("admin:projects_unit_reporting")).content.decode()
    assert 'aria-label="1，查看旗文旅体育局逾期未公开的信息公开事项"' in page
    assert "查看旗能源局逾期未公开" not in page


def test_the_reminder_mail_names_the_units_items_not_yet_public(ours, theirs, reporter, mailoutbox):
    reporter.email = "clerk@example.com"
    reporter.save()
    permit(ours, d(2026, 9, 30), "库建施〔2026〕1号")
    permit(ours, d(2026, 10, 14), "库建施〔2026〕2号")
    permit(theirs, d(2026, 9, 30), "库建施〔2026〕9号")  # a unit without members
    with time_machine.travel(TODAY, tick=False):
        call_command("send_reminders", stdout=io.StringIO())
    (mail,) = [m for m in mailoutbox if m.to == ["clerk@example.com"]]
    assert "信息公开逾期未公开 1 条" in mail.subject
    assert (
        "1. 项目 KL-T1：施工许可（开工报告） 库建施〔2026〕1号，应于 2026-10-15 前公开，"
        "已逾期 2 个工作日。" in mail.body
    )
    assert "库建施〔2026〕2号，应于 2026-10-23 前公开，还有 4 个工作日。" in mail.body
    assert "库建施〔2026〕9号" not in mail.body
