from django.core.management.base import BaseCommand
from django.db import transaction

from projects.search.index import rebuild


class Command(BaseCommand):
    help = (
        "重建全站搜索的索引（已发布的项目、指标和新闻）。索引平时随记录的保存自动更新；"
        "直接改动数据库之后，或升级改变了检索内容之后运行。"
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = rebuild()
        self.stdout.write(
            f"搜索索引已重建：项目 {counts['project']} 个，指标 {counts['target']} 项，"
            f"新闻 {counts['news']} 条。"
        )
