from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "把 backup 命令生成的备份恢复到一个空数据库（先运行 migrate）。"

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="备份文件（.tar.gz）")

    def handle(self, *args, source, **options):
        if not source.is_file():
            raise CommandError(f"找不到备份文件：{source}")
        try:
            manifest = restore_backup(source)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已恢复 {source}（备份于 {manifest['created']}）。")
