"""manage.py send_reminders: mail each unit's members what is overdue and what falls due soon.

Run from cron on working days, e.g. ``0 8 * * 1-5 cd /srv/portal && .venv/bin/python
manage.py send_reminders``. Mail goes through Django's e-mail settings (the console unless
EMAIL_HOST is set).
"""

from __future__ import annotations

import datetime
import smtplib

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.services import calendar, reminders


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无法识别，请写成 2026-11-30 这样的格式。") from None


class Command(BaseCommand):
    help = (
        "给每个责任单位的成员发送报送提醒邮件，列出本单位逾期未报和近期到期的项目进展报告、"
        "指标进展数据；没有这类事项的单位不发。每个工作日由 cron 运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="按这一天计算（格式 2026-11-30，默认今天），用于补发或核对"
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="列出多少天内到期的事项（默认取设置 REPORT_REMIND_DAYS）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只列出将发给谁、什么标题，不发送邮件"
        )

    def handle(self, *args, date, days, dry_run, **options):
        today = _date(date) if date else timezone.localdate()
        days = calendar.soon_days() if days is None else days
        if not 0 <= days <= 60:
            raise CommandError(f"--days 须在 0 到 60 之间，不能是 {days}。")
        found = reminders.reminders(today=today, days=days)
        outgoing = [(r, m) for r in found for m in reminders.messages(r, today, days)]
        sent, failed = 0, []
        if dry_run:
            for _, message in outgoing:
                self.stdout.write(f"将发送给 {message.to[0]}：{message.subject}")
        elif outgoing:
            sent, failed = self._send(outgoing)
        self._summary(today, found, len(outgoing), sent, failed, dry_run)
        if failed:
            raise CommandError(f"{len(failed)} 封邮件发送失败：\n" + "\n".join(failed))

    def _send(self, outgoing) -> tuple[int, list[str]]:
        """Send over one connection; a refused address does not stop the others."""
        connection = get_connection()
        try:
            connection.open()
        except (smtplib.SMTPException, OSError) as error:
            raise CommandError(f"无法连接邮件服务器，没有发出任何邮件：{error}") from None
        sent, failed = 0, []
        try:
            for reminder, message in outgoing:
                message.connection = connection
                try:
                    sent += message.send()
                except (smtplib.SMTPException, OSError) as error:
                    failed.append(f"{message.to[0]}（{reminder.unit.name}）：{error}")
        finally:
            connection.close()
        return sent, failed

    def _summary(self, today, found, planned, sent, failed, dry_run):
        missing = [
            f"{user.get_full_name() or user.username}（{r.unit.name}）"
            for r in found
            for user in r.without_email
        ]
        done = f"将发送提醒邮件 {planned} 封（试运行，未发送）" if dry_run else f"已发送 {sent} 封"
        lines = [f"{today:%Y-%m-%d}：有逾期或近期到期事项的单位 {len(found)} 个，{done}。"]
        for reminder in found:
            lines.append(
                f"  {reminder.unit.name}：逾期未报 {len(reminder.overdue)} 项，"
                f"近期到期 {len(reminder.soon)} 项，"
                + (f"信息公开事项 {len(reminder.disclosure)} 条，" if reminder.disclosure else "")
                + f"收件人 {len(reminder.members)} 名"
            )
        if missing:
            lines.append(f"没有电子邮箱、收不到提醒的成员 {len(missing)} 名：{'、'.join(missing)}")
        alone = [r.unit.name for r in found if not r.members and not r.without_email]
        if alone:
            lines.append(f"有待报事项、但还没有成员账号的单位：{'、'.join(alone)}")
        self.stdout.write("\n".join(lines))
