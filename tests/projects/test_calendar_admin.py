"""The calendar in the admin: each member's to-do shows their own units' items, the
administrators' table by unit counts them, and the project list filters the overdue."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from projects.models import Stage, Unit, UnitMembership

from .calendar_data import d, entered_on, figure, on, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return Unit.objects.create(name="旗发改委", order=1), Unit.objects.create(
        name="旗文旅局", order=2
    )


@pytest.fixture
def clerk(units):
    """A staff member of the first unit who may add reports and figures, nothing about units."""
    user = User.objects.create_user("clerk", "clerk@example.com", "pw-for-tests-only")
    user.is_staff = True
    user.save()
    codenames = ["view_project", "add_progressreport", "view_progressreport", "view_target",
                 "add_measurement", "view_measurement"]  # fmt: skip
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    UnitMembership.objects.create(unit=units[0], user=user)
    return user


@pytest.fixture
def calendar(units, make_project, make_target):
    """Unit one: a project with March on time, April late, May missing, and a target whose
    October figure is missing. Unit two: a project with everything missing."""
    reform, tourism = units
    mine = entered_on(d(2026, 2, 15), make_project, code="KL-MINE", name="发改委项目",
                      stage=Stage.CONTINUING, responsible_unit=reform)  # fmt: skip
    report(mine, d(2026, 2, 28))
    report(mine, d(2026, 3, 31), entered=d(2026, 4, 5))
    report(mine, d(2026, 4, 30), entered=d(2026, 5, 7))
    theirs = entered_on(d(2026, 2, 15), make_project, code="KL-THEIRS", name="文旅局项目",
                        stage=Stage.CONTINUING, responsible_unit=tourism)  # fmt: skip
    visitors = entered_on(d(2026, 9, 1), make_target, code="T16", responsible_unit=reform)
    figure(visitors, d(2026, 9, 30), entered=d(2026, 10, 20))
    return {"mine": mine, "theirs": theirs, "visitors": visitors}


def home(client, user, day) -> str:
    with on(day):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def todo(html: str) -> str:
    start = html.index('id="todo-heading"')
    return html[start : html.index("</section>", start)]


def test_the_to_do_shows_the_members_own_units_only(client, clerk, calendar):
    section = todo(home(client, clerk, d(2026, 6, 8)))
    assert "KL-MINE" in section
    assert "KL-THEIRS" not in section
    assert "旗发改委：逾期未报 1 项，7 天内到期 0 项" in section
    assert "逾期 3 天" in section  # May's report, due 5 June
    assert "按单位报送情况" not in section  # not an administrator


def test_the_to_do_lists_what_is_due_soon_and_links_a_filled_in_form(client, clerk, calendar):
    section = todo(home(client, clerk, d(2026, 6, 29)))
    assert "还有 6 天" in section  # June's report, due 5 July
    add = reverse("admin:projects_progressreport_add")
    pk = calendar["mine"].pk
    assert f'href="{add}?project={pk}&amp;date=2026-06-29"' in section
    # May's report, overdue: the form suggests the last day of May, which still counts for it.
    assert f'href="{add}?project={pk}&amp;date=2026-05-31"' in section


def test_the_to_do_lists_a_targets_overdue_figure(client, clerk, calendar):
    section = todo(home(client, clerk, d(2026, 11, 30)))
    add = reverse("admin:projects_measurement_add")
    assert "T16 年接待游客" in section
    assert f'href="{add}?target={calendar["visitors"].pk}&amp;date=2026-10-31"' in section
    assert "逾期 5 天" in section  # October, due 25 November


def test_the_suggested_date_opens_a_report_form_that_counts_for_the_month(client, clerk, calendar):
    with on(d(2026, 6, 8)):
        client.force_login(clerk)
        page = client.get(
            reverse("admin:projects_progressreport_add"),
            {"project": calendar["mine"].pk, "date": "2026-05-31"},
        )
    assert page.status_code == 200
    assert re.search(r'name="date" value="2026-05-31"', page.content.decode())


def test_a_user_without_a_unit_is_told_to_ask_for_one(client, editor, calendar):
    section = todo(home(client, editor, d(2026, 6, 8)))
    assert "您的账号还不属于任何责任单位" in section
    assert "KL-MINE" not in section
    # The editor may view and change units: an administrator, offered the table.
    assert reverse("admin:projects_unit_reporting") in section


def test_the_app_list_is_still_on_the_home_page(client, clerk, calendar):
    html = home(client, clerk, d(2026, 6, 8))
    assert reverse("admin:projects_progressreport_changelist") in html


def test_a_unit_with_nothing_due_says_so(client, clerk, units):
    section = todo(home(client, clerk, d(2026, 6, 8)))
    assert "旗发改委</strong>：没有逾期未报或 7 天内到期的事项" in section


def table(client, user, day, **query):
    with on(day):
        client.force_login(user)
        return client.get(reverse("admin:projects_unit_reporting"), query)


def counts(response) -> dict:
    return {
        (str(row["unit"]) if row["unit"] else None): (
            row["counts"].due,
            row["counts"].on_time,
            row["counts"].late,
            row["counts"].missing,
            row["counts"].soon,
        )
        for row in response.context["rows"]
    }


def test_the_unit_table_counts_each_units_items(client, admin_user, calendar):
    response = table(client, admin_user, d(2026, 11, 30))
    assert response.status_code == 200
    # 旗发改委: February to October reports (9) and the September and October figures (2)
    # are due: February, March and the September figure on time, April late, the rest
    # missing; November's report is due on 5 December, within the week.
    assert counts(response) == {"旗发改委": (11, 3, 1, 7, 1), "旗文旅局": (9, 0, 0, 9, 1)}
    total = response.context["total"]
    assert (total.due, total.on_time, total.late, total.missing, total.soon) == (20, 3, 1, 16, 2)
    html = response.content.decode()
    assert "<caption>2026 年各单位报送情况（截至 2026-11-30）</caption>" in html
    assert '<th scope="col" class="number">逾期未报</th>' in html
    assert '<td class="number">27%</td>' in html  # 3 of 11 on time


def test_the_unit_table_links_the_overdue_projects(client, admin_user, calendar, units):
    html = table(client, admin_user, d(2026, 11, 30)).content.decode()
    url = reverse("admin:projects_project_changelist")
    assert f"{url}?overdue=yes&amp;responsible_unit__id__exact={units[0].pk}" in html


def test_the_unit_table_refuses_an_unknown_year_in_chinese(client, admin_user, calendar):
    response = table(client, admin_user, d(2026, 11, 30), year="1999")
    assert "没有“1999”年的报送情况，可选的年份为：2026。下表为 2026 年。" in (
        response.content.decode()
    )
    assert response.context["year"] == 2026


def test_the_unit_table_is_for_administrators_only(client, clerk, calendar):
    assert table(client, clerk, d(2026, 11, 30)).status_code == 403


def test_the_unit_list_links_the_table_for_administrators(client, admin_user, clerk, units):
    url = reverse("admin:projects_unit_reporting")
    client.force_login(admin_user)
    assert url in client.get(reverse("admin:projects_unit_changelist")).content.decode()
    view_units = Permission.objects.get(codename="view_unit")
    clerk.user_permissions.add(view_units)
    client.force_login(clerk)
    page = client.get(reverse("admin:projects_unit_changelist"))
    assert page.status_code == 200
    assert url not in page.content.decode()


def test_the_overdue_filter_lists_projects_with_an_overdue_report(client, editor, calendar,
                                                                  make_project):  # fmt: skip
    done = entered_on(d(2026, 5, 1), make_project, code="KL-DONE", stage=Stage.CONTINUING)
    report(done, d(2026, 5, 31))
    with on(d(2026, 6, 8)):
        client.force_login(editor)
        page = client.get(reverse("admin:projects_project_changelist"), {"overdue": "yes"})
    listed = {p.code for p in page.context["cl"].result_list}
    assert listed == {"KL-MINE", "KL-THEIRS"}
    assert "报送逾期" in page.content.decode()


def test_the_overdue_filter_sees_a_report_entered_since(client, editor, calendar):
    def listed():
        page = client.get(reverse("admin:projects_project_changelist"), {"overdue": "yes"})
        return {p.code for p in page.context["cl"].result_list}

    with on(d(2026, 6, 8)):
        client.force_login(editor)
        assert "KL-MINE" in listed()
        report(calendar["mine"], d(2026, 5, 31), entered=d(2026, 6, 8))
        assert "KL-MINE" not in listed()


def test_months_missing_for_one_project_are_one_row(client, clerk, calendar):
    section = todo(home(client, clerk, d(2026, 11, 30)))
    assert section.count("KL-MINE 发改委项目") == 2  # the months overdue, and November's due
    assert "2026年5月至10月（6 期）" in section
    assert "2026-06-05 起" in section
    assert "填报2026年5月月度进展报告" in section  # the earliest one first


def test_periods_are_named_in_short():
    from projects.admin.reporting_todo import periods_text
    from projects.services.calendar import FIGURE, OVERDUE, Item

    def item(start, end):
        return Item(FIGURE, None, 1, "T19", "县域内就诊率", start, end, end, OVERDUE)

    months = [item(d(2026, m, 1), d(2026, m + 1, 1) - datetime.timedelta(days=1))
              for m in (2, 3, 5, 6, 7, 11)]  # fmt: skip
    assert periods_text(months) == "2026年2月、3月、5月至7月、11月"
    quarters = [item(d(2026, 1, 1), d(2026, 3, 31)), item(d(2026, 4, 1), d(2026, 6, 30))]
    assert periods_text(quarters) == "2026年第一季度、2026年第二季度"
