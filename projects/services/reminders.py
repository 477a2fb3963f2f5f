"""Reminder mails: each unit's active members hear what the unit has overdue and what falls
due within a few days, one plain-text mail each, in Chinese. ``manage.py send_reminders``
runs it from cron; the rules of what is due are ``projects.services.calendar``'s."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from projects import disclosure
from projects.models import Unit, UnitMembership
from projects.services import calendar
from projects.services import calendar_disclosure as clock
from projects.services.calendar import DUE, OVERDUE

LISTED = 50  # items written out per list in one mail; the rest are counted


@dataclass
class Reminder:
    """What one unit is reminded of, and whom the mail goes to."""

    unit: Unit
    overdue: list = field(default_factory=list)
    soon: list = field(default_factory=list)
    disclosure: list = field(default_factory=list)  # (row, Clock) of items not yet public
    members: list = field(default_factory=list)  # active accounts with an e-mail address
    without_email: list = field(default_factory=list)  # active accounts without one


def reminders(*, today: datetime.date, days: int) -> list[Reminder]:
    """The units with something overdue or due within *days* days, with their members."""
    since, until = calendar.open_span(today, days)
    horizon = today + datetime.timedelta(days=days)
    by_unit: dict[int, Reminder] = {}
    units = {unit.pk: unit for unit in Unit.objects.all()}
    for item in calendar.due_items(today=today, since=since, until=until, unit_ids=units):
        if item.status == OVERDUE:
            kind = "overdue"
        elif item.status == DUE and item.due <= horizon:
            kind = "soon"
        else:
            continue
        reminder = by_unit.setdefault(item.unit_id, Reminder(units[item.unit_id]))
        getattr(reminder, kind).append(item)
    for row, when in disclosure_items(today, units):
        unit_id = row["project__responsible_unit"]
        by_unit.setdefault(unit_id, Reminder(units[unit_id])).disclosure.append((row, when))
    memberships = UnitMembership.objects.filter(unit__in=list(by_unit), user__is_active=True)
    for membership in memberships.select_related("user").order_by("user__username"):
        reminder = by_unit[membership.unit_id]
        if membership.user.email.strip():
            reminder.members.append(membership.user)
        else:
            reminder.without_email.append(membership.user)
    return sorted(by_unit.values(), key=lambda r: (r.unit.order, r.unit.name))


def disclosure_items(today: datetime.date, units) -> list[tuple[dict, clock.Clock]]:
    """The units' disclosure items not yet public, overdue or due within the next working
    days (the to-do's 信息公开时限), earliest first: one query."""
    rows = (
        clock.unpublished()
        .filter(clock.due_between(None, clock.horizon(today)))
        .filter(project__responsible_unit__in=list(units))
        .values(
            "matter",
            "number",
            "due_on",
            "due_estimated",
            "project__code",
            "project__responsible_unit",
        )
    )
    found = [(row, clock.Clock.of(row["due_on"], row["due_estimated"], today)) for row in rows]
    return sorted(found, key=lambda pair: (pair[1].due, pair[0]["project__code"]))


def subject(reminder: Reminder, days: int) -> str:
    text = (
        f"【报送提醒】{reminder.unit.name}：逾期未报 {len(reminder.overdue)} 项，"
        f"{days} 天内到期 {len(reminder.soon)} 项"
    )
    if reminder.disclosure:
        late = sum(when.overdue for _, when in reminder.disclosure)
        text += f"；信息公开逾期未公开 {late} 条"
    return text


def _disclosure_listing(pairs) -> list[str]:
    if not pairs:
        return []
    soon = clock.SOON_WORKING_DAYS
    lines = [f"信息公开事项尚未公开、已逾期或 {soon} 个工作日内到期（{len(pairs)} 条）："]
    for number, (row, when) in enumerate(pairs[:LISTED], start=1):
        spec = disclosure.matter(row["matter"])
        what = f"{spec.label if spec else '信息公开事项'} {row['number']}".strip()
        due = f"{when.due:%Y-%m-%d}{'（推算）' if when.estimated else ''}"
        if when.overdue:
            state = f"已逾期 {when.days} 个工作日"
        elif when.days == 0:
            state = "今天到期"
        else:
            state = f"还有 {when.days} 个工作日"
        lines.append(f"{number}. 项目 {row['project__code']}：{what}，应于 {due} 前公开，{state}。")
    if len(pairs) > LISTED:
        lines.append(f"另有 {len(pairs) - LISTED} 条未列出，请登录管理后台查看。")
    return [*lines, ""]


def _line(number: int, item, today: datetime.date) -> str:
    who = "项目" if item.kind == calendar.REPORT else "指标"
    when = f"应于 {item.due:%Y-%m-%d} 前报送"
    if item.status == OVERDUE:
        when += f"，已逾期 {(today - item.due).days} 天"
    elif item.due == today:
        when += "，今天到期"
    else:
        when += f"，还有 {(item.due - today).days} 天"
    return f"{number}. {who} {item.code} {item.name}：{item.period_label}{item.what}，{when}。"


def _listing(title: str, items, today: datetime.date) -> list[str]:
    if not items:
        return []
    lines = [f"{title}（{len(items)} 项）："]
    lines += [_line(n, item, today) for n, item in enumerate(items[:LISTED], start=1)]
    if len(items) > LISTED:
        lines.append(f"另有 {len(items) - LISTED} 项未列出，请登录管理后台查看。")
    return [*lines, ""]


def body(reminder: Reminder, user, today: datetime.date, days: int) -> str:
    name = user.get_full_name() or user.username
    lines = [
        f"{name}，您好：",
        "",
        f"截至 {today.year}年{today.month}月{today.day}日，"
        f"{reminder.unit.name}有以下事项需要报送。",
        "",
        *_listing("逾期未报", reminder.overdue, today),
        *_listing(f"{days} 天内到期", reminder.soon, today),
        *_disclosure_listing(reminder.disclosure),
    ]
    if settings.SITE_URL:
        lines += [f"请登录管理后台填报，首页“我的待办”列出了全部事项：{admin_url()}", ""]
    else:
        lines += ["请登录管理后台填报，首页“我的待办”列出了全部事项。", ""]
    lines += [
        f"报送规则：项目开工后、竣工前每月报送一次进展报告，最迟在次月 {calendar.due_day()} 日"
        f"（每月 1 日至 {calendar.due_day()} 日写的报告算上个月的）；指标进展数据在每个统计期"
        f"结束后按指标的发布时限报送（未单独规定的：{calendar.lag_text()}）。",
        "",
        "本邮件由库伦旗2026年工作计划公开平台自动发送，请勿直接回复。",
    ]
    return "\n".join(lines)


def admin_url() -> str:
    return settings.SITE_URL + reverse("admin:index")


def messages(reminder: Reminder, today: datetime.date, days: int) -> list[EmailMessage]:
    """One mail per member, so that no one sees the others' addresses."""
    return [
        EmailMessage(subject(reminder, days), body(reminder, user, today, days), to=[user.email])
        for user in reminder.members
    ]
