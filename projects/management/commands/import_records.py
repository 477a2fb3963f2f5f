import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from projects.imports import options as import_options
from projects.imports import service
from projects.imports.outcome import NEW, UPDATE


class Command(BaseCommand):
    help = (
        "从 CSV、Excel（.xlsx、.xls）或 .ods 文件导入记录，与管理后台的导入相同：先逐行检查，"
        "任何一行有错则一条也不导入，列出每处错误并以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=service.KIND_CHOICES, help="导入的记录种类。")
        parser.add_argument("file", help="CSV、.xlsx、.xls 或 .ods 文件路径。")
        parser.add_argument(
            "--dry-run", action="store_true", help="只检查并报告将发生的变化，不写入。"
        )
        parser.add_argument(
            "--user",
            help=(
                "记入历史记录的导入人（用户名）；不填则历史中导入人为空。填报员的导入只限本单位的"
                "记录，并作为一份报送提交审核，与管理后台相同。"
            ),
        )
        parser.add_argument(
            "--date",
            help=(
                "仅用于 reports：整个文件的报告日期，如 2026-10-31；文件中有“报告日期”列的按该列，"
                "标题写明“截至10月31日”的可不填。"
            ),
        )
        publish = parser.add_mutually_exclusive_group()
        publish.add_argument(
            "--publish",
            dest="publish",
            action="store_const",
            const=True,
            help="仅用于 reports：导入的进展报告发布（文件没有“已发布”列或该列留空的行）。",
        )
        publish.add_argument(
            "--no-publish",
            dest="publish",
            action="store_const",
            const=False,
            help="仅用于 reports：导入的进展报告暂不发布，需在后台发布。",
        )
        parser.add_argument(
            "--accept-large-changes",
            action="store_true",
            help="确认已核对与原值相差 1000 倍以上的金额（总投资、2026年计划投资），照此导入。",
        )

    def handle(self, *args, kind, file, dry_run=False, user=None, verbosity=1, **options):
        given = _options(kind, options)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror}") from error
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"没有用户名为“{user}”的用户。")
        outcome = service.import_file(
            kind=kind, data=data, file_name=path.name, user=actor, dry_run=dry_run, options=given
        )
        # How the file was read (sheet, hidden rows, skipped lines and columns, units): said
        # before anything else, so a clerk sees what was and was not taken from the file.
        for note in outcome.notes:
            self.stdout.write(note)
        if dry_run and outcome.warnings:
            self.stdout.write(
                "请核对（金额与原值或对照的金额相差 1000 倍以上，"
                "正式导入须加 --accept-large-changes）："
            )
        elif outcome.warnings and not outcome.unconfirmed:
            self.stdout.write(
                "已按 --accept-large-changes 导入以下与原值或对照的金额相差 1000 倍以上的金额："
            )
        if not outcome.unconfirmed:
            for change in outcome.warnings:
                self.stdout.write(f"    {change.line()}")
        if outcome.has_errors:
            for line in outcome.error_lines():
                self.stderr.write(line)
            raise CommandError(outcome.summary())
        # A dry run shows every new and changed record with its values, as the admin preview
        # does; a real run only when asked (-v 2).
        if dry_run or verbosity > 1:
            for row in outcome.rows:
                if row.status in (NEW, UPDATE):
                    self.stdout.write(f"第 {row.row} 行 {row.status_label}：{row.label}")
                    for change in row.details:
                        if row.status == NEW:
                            self.stdout.write(f"    {change.column}：{change.new}")
                        else:
                            self.stdout.write(f"    {change.column}：{change.old} → {change.new}")
        note = "（试运行，未写入）" if dry_run else ""
        self.stdout.write(outcome.summary() + note)
        if outcome.submission_id is not None:
            url = reverse("admin:projects_submission_change", args=[outcome.submission_id])
            self.stdout.write(f"报送编号 {outcome.submission_id}，审核员在管理后台审核：{url}")


def _options(kind, options) -> import_options.ImportOptions:
    day = options.get("date")
    publish = options.get("publish")
    if kind != "reports" and (day or publish is not None):
        raise CommandError("--date、--publish 和 --no-publish 只用于进展报告（reports）。")
    report_date = None
    if day:
        try:
            report_date = datetime.date.fromisoformat(day.strip())
        except ValueError as error:
            raise CommandError(f"--date “{day}”不是日期，请写成 2026-10-31 的形式。") from error
    return import_options.ImportOptions(
        report_date=report_date,
        report_date_source=import_options.FROM_COMMAND,
        publish=publish,
        accept_large_changes=bool(options.get("accept_large_changes")),
    )
