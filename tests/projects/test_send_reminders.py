"""send_reminders mails each unit's active members, with an address, what the unit has overdue
and what falls due soon; units with nothing due get nothing; --dry-run sends nothing."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.models import Stage, Unit, UnitMembership

from .calendar_data import d, entered_on, figure, report

pytestmark = pytest.mark.django_db


def member(unit, username, email, active=True, name=""):
    user = User.objects.create_user(username, email, "pw-for-tests-only", first_name=name)
    user.is_active = active
    user.save()
    UnitMembership.objects.create(unit=unit, user=user)
    return user


@pytest.fixture
def offices(make_project, make_target):
    reform = Unit.objects.create(name="旗发改委", order=1)
    tourism = Unit.objects.create(name="旗文旅局", order=2)
    quiet = Unit.objects.create(name="旗统计局", order=3)
    road = entered_on(d(2026, 9, 1), make_project, code="KL-ROAD", name="国道改造",
                      stage=Stage.CONTINUING, responsible_unit=reform)  # fmt: skip
    report(road, d(2026, 9, 30))  # September on time; October missing
    visitors = entered_on(d(2026, 9, 1), make_target, code="T16", responsible_unit=tourism)
    figure(visitors, d(2026, 9, 30), entered=d(2026, 10, 2))
    figure(visitors, d(2026, 10, 31), entered=d(2026, 11, 20))  # November's is due 25 Dec
    member(reform, "wang", "wang@example.gov.cn", name="王")
    member(reform, "li", "li@example.gov.cn")
    member(reform, "zhao", "")  # no address
    member(reform, "gone", "gone@example.gov.cn", active=False)
    member(tourism, "zhou", "zhou@example.gov.cn")
    member(quiet, "sun", "sun@example.gov.cn")
    return reform, tourism, quiet


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_active_member_with_an_address_gets_the_units_mail(offices, mailoutbox):
    output = run("--date", "2026-11-30")
    assert sorted(m.to[0] for m in mailoutbox) == ["li@example.gov.cn", "wang@example.gov.cn"]
    assert all(len(m.to) == 1 for m in mailoutbox)  # nobody sees the others' addresses
    mail = next(m for m in mailoutbox if m.to == ["wang@example.gov.cn"])
    assert mail.subject == "【报送提醒】旗发改委：逾期未报 1 项，7 天内到期 1 项"
    assert mail.body.startswith("王，您好：\n\n截至 2026年11月30日，旗发改委有以下事项需要报送。")
    assert (
        "逾期未报（1 项）：\n1. 项目 KL-ROAD 国道改造：2026年10月月度进展报告，"
        "应于 2026-11-05 前报送，已逾期 25 天。"
    ) in mail.body
    assert (
        "7 天内到期（1 项）：\n1. 项目 KL-ROAD 国道改造：2026年11月月度进展报告，"
        "应于 2026-12-05 前报送，还有 5 天。"
    ) in mail.body
    assert "最迟在次月 5 日" in mail.body
    assert "旗发改委：逾期未报 1 项，近期到期 1 项，收件人 2 名" in output
    assert "没有电子邮箱、收不到提醒的成员 1 名：zhao（旗发改委）" in output
    assert "有逾期或近期到期事项的单位 1 个，已发送 2 封" in output


def test_units_with_nothing_due_get_no_mail(offices, mailoutbox):
    run("--date", "2026-11-30")
    assert "zhou@example.gov.cn" not in [m.to[0] for m in mailoutbox]  # figures all in
    assert "sun@example.gov.cn" not in [m.to[0] for m in mailoutbox]  # nothing owed


def test_the_due_day_itself_and_the_day_after(offices, mailoutbox):
    run("--date", "2026-11-25", "--days", "0")
    assert [m.to[0] for m in mailoutbox if "旗文旅局" in m.subject] == []
    run("--date", "2026-12-26", "--days", "0")
    tourism = [m for m in mailoutbox if "旗文旅局" in m.subject]
    assert [m.to for m in tourism] == [["zhou@example.gov.cn"]]
    assert "指标 T16 年接待游客：2026年11月进展数据，应于 2026-12-25 前报送，已逾期 1 天。" in (
        tourism[0].body
    )


def test_a_dry_run_sends_nothing_and_says_what_it_would(offices, mailoutbox):
    output = run("--date", "2026-11-30", "--dry-run")
    assert mailoutbox == []
    assert "将发送给 wang@example.gov.cn：【报送提醒】旗发改委：逾期未报 1 项，7 天内到期 1 项" in (
        output
    )
    assert "将发送提醒邮件 2 封（试运行，未发送）" in output


def test_the_days_option_widens_what_is_due_soon(offices, mailoutbox):
    run("--date", "2026-11-25", "--days", "30")
    mail = next(m for m in mailoutbox if "旗文旅局" in m.subject)
    assert mail.subject == "【报送提醒】旗文旅局：逾期未报 0 项，30 天内到期 1 项"


def test_the_mail_links_the_admin_when_the_site_address_is_set(offices, mailoutbox, settings):
    settings.SITE_URL = "https://kulun.example.gov.cn"
    run("--date", "2026-11-30")
    assert "https://kulun.example.gov.cn/admin/" in mailoutbox[0].body


def test_bad_options_are_refused_in_chinese(offices, mailoutbox):
    with pytest.raises(CommandError, match="日期“2026-11-31”无法识别"):
        run("--date", "2026-11-31")
    with pytest.raises(CommandError, match="--days 须在 0 到 60 之间"):
        run("--days", "-1")
    assert mailoutbox == []
