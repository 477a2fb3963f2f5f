import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份全部数据（含修改历史和工作人员账号）及上传文件，写成一个 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="备份文件路径，默认 backup-<日期时间>.tar.gz",
        )

    def handle(self, *args, output=None, **options):
        output = output or Path(f"backup-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"无法写入备份文件 {output}：{error}") from None
        total = sum(n for label, n in manifest["counts"].items() if label.startswith("projects."))
        self.stdout.write(
            f"已备份到 {output}（计划数据 {total} 条，含历史记录；已读回核对，仅本账号可读）。"
        )
