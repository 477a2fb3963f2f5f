import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledger.verify import check_database, check_file

SHOWN = 50  # problems listed; the count says how many there are in all


class Command(BaseCommand):
    help = (
        "核对公开发布账本：重新计算每条记录的哈希和链接，并把每条公开记录的当前内容与账本"
        "最新记录比对。发现任何不符时列出并以非零状态退出。--file 核对下载的 ledger.json，"
        "可再用 --dataset 附上下载的数据文件（如 projects.json）一并比对，用 --earlier 附上先前"
        "下载的副本核对已公布的记录未被改写；离线核对不需要数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="下载的 ledger.json 的路径（离线核对）")
        parser.add_argument(
            "--earlier",
            help="与 --file 一起使用：先前下载的 ledger.json，核对其中每条记录仍原样保留",
        )
        parser.add_argument(
            "--dataset",
            action="append",
            default=[],
            help="与 --file 一起使用：下载的数据文件（如 projects.json），可重复",
        )

    def handle(self, *args, file=None, dataset=(), earlier=None, **options):
        if (dataset or earlier) and not file:
            raise CommandError("--dataset 和 --earlier 须与 --file 一起使用。")
        if file:
            before = _read(earlier) if earlier else None
            report = check_file(_read(file), [_read(path) for path in dataset], before)
            source = f"文件 {file}"
        else:
            report = check_database()
            source = "数据库中的账本"
        self.stdout.write(
            f"核对{source}：账本记录 {report.entries} 条，比对公开记录 {report.records} 条。"
        )
        problems = [*report.breaks, *report.mismatches]
        for line in problems[:SHOWN]:
            self.stdout.write(f"  {line}")
        if len(problems) > SHOWN:
            self.stdout.write(f"  ……另有 {len(problems) - SHOWN} 处，未逐一列出。")
        for line in report.waiting[:SHOWN]:
            self.stdout.write(f"  （提示）{line}")
        if not report.ok:
            raise CommandError(
                f"账本核对未通过：链条断裂 {len(report.breaks)} 处，"
                f"公开记录与账本不符 {len(report.mismatches)} 处。"
            )
        self.stdout.write(self.style.SUCCESS("账本核对通过：链条完整，公开记录与账本一致。"))


def _read(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror or error}") from error
    except ValueError as error:
        raise CommandError(f"文件 {path} 不是有效的 JSON：{error}") from error
