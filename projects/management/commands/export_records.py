import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.imports import service


class Command(BaseCommand):
    help = (
        "导出全部记录为 CSV（UTF-8 带 BOM，Excel 可直接打开）或 Excel（.xlsx）文件，"
        "列与导入模板相同，导出的文件可以原样再导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=service.KIND_CHOICES, help="导出的记录种类。")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="file_format")
        parser.add_argument("--output", help="写入的文件；不填则输出到标准输出。")

    def handle(self, *args, kind, file_format="csv", output=None, **options):
        data = service.export_file(kind=kind, file_format=file_format)
        if output:
            Path(output).write_bytes(data)
            self.stdout.write(f"已导出到 {output}。")
        elif file_format == "csv":
            self.stdout.write(data.decode("utf-8"), ending="")
        elif hasattr(sys.stdout, "buffer") and not sys.stdout.isatty():
            sys.stdout.buffer.write(data)
        else:
            raise CommandError("XLSX 是二进制文件，请用 --output 指定要写入的文件。")
