from django.core.management.base import BaseCommand

from projects.services import plan_news
from projects.services.plan import load_plan

NEWS_STATES = {
    "created": "已新建并发布，本站发布时间记为此刻",
    "updated": "已按原文更新（此前只由本命令保存过）",
    "unchanged": "已存在，未改动",
    "kept": "已存在且经工作人员修改，保留不动",
    "deleted": "已被工作人员删除，不再重建",
}


class Command(BaseCommand):
    help = (
        "载入库伦旗2026年工作计划（领域、22项指标和计划点名的项目）和计划原文（转载为第一条"
        "新闻）。可重复运行："
        "不重复创建，也不覆盖工作人员修改过的记录。不录入任何进展数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--draft",
            action="store_true",
            help="以未发布状态创建新记录，供审核后再发布；已有记录的发布状态不变。",
        )

    def handle(self, *args, draft=False, **options):
        report = load_plan(publish=not draft)
        state = NEWS_STATES[report.state(plan_news.label())]
        if draft and state == NEWS_STATES["created"]:
            state = "已新建，未发布"
        self.stdout.write(f"计划原文转载新闻（网址标识 {plan_news.SLUG}）：{state}。")
        self.stdout.write(
            f"新建 {len(report.created)} 条，更新 {len(report.updated)} 条，"
            f"无变化 {len(report.unchanged)} 条，保留工作人员修改 {len(report.kept)} 条，"
            f"已被删除不再重建 {len(report.deleted)} 条。"
        )
        for label in report.kept:
            self.stdout.write(f"  保留（已被工作人员修改）：{label}")
        for label in report.deleted:
            self.stdout.write(f"  不再重建（已被工作人员删除）：{label}")
