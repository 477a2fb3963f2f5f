"""A small public plan for the page tests: published and draft records of every kind.

Built by a plain function (not a fixture) so page tests, the many-rows query tests and the
browser tests (which need committed data) can all build the same plan.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal as D

from django.utils import timezone

from projects.models import (
    Category,
    DisclosureItem,
    Level,
    Measurement,
    MilestoneStep,
    News,
    ProgressReport,
    Project,
    Sector,
    Stage,
    Target,
    TargetKind,
    Unit,
)

d = datetime.date


@dataclass
class Plan:
    visitors: Target
    key_projects: Target
    scenic: Target
    draft_target: Target
    wind: Project
    formula: Project
    draft_project: Project
    news: News
    draft_news: News
    future_news: News


def build_public_plan() -> Plan:
    area = Sector.objects.create(slug="industry", name="产业升级", name_en="Industry", order=2)
    tertiary = Sector.objects.create(
        slug="tertiary", name="第三产业", name_en="Services", parent=area, order=3
    )
    invest = Sector.objects.create(slug="invest", name="扩大投资", name_en="", order=1)
    building = Sector.objects.create(slug="building", name="项目建设", parent=invest, order=1)
    energy = Category.objects.create(slug="new-energy", name="新能源", name_en="New energy")

    visitors = Target.objects.create(
        code="T16", sector=tertiary, order=16, title="年接待游客", title_en="Visitors a year",
        wording="实现年接待游客突破130万人次", wording_en="Over 1.3 million visits a year",
        source="库伦旗2026年工作部署报道", kind=TargetKind.QUANTITY, comparison="above",
        figure=D(130), unit="万人次", unit_en="10k visits", is_published=True,
    )  # fmt: skip
    for day, value, published in [(d(2026, 3, 31), 20, True), (d(2026, 6, 30), 66, True),
                                  (d(2026, 8, 31), 999, False)]:  # fmt: skip
        Measurement.objects.create(
            target=visitors, date=day, value=D(value), source="旗文旅局", is_published=published
        )
    key_projects = Target.objects.create(
        code="T02", sector=building, order=2, title="市级重点项目开复工",
        wording="力争40个市级重点项目春季全部开复工", kind=TargetKind.PROJECTS,
        figure=D(40), unit="个", deadline=d(2026, 5, 31), rule_level=Level.CITY_KEY,
        rule_stages=[Stage.NEW_START, Stage.RESUMED, Stage.CONTINUING],
        records_complete=True, is_published=True,
    )  # fmt: skip
    scenic = Target.objects.create(
        code="T14", sector=tertiary, order=14, title="银沙湾5A级景区创建",
        wording="全力推动银沙湾国家5A级旅游景区创建", kind=TargetKind.MILESTONE,
        is_published=True,
    )  # fmt: skip
    MilestoneStep.objects.create(
        target=scenic, order=1, title="提交创建申请", done_date=d(2026, 3, 1)
    )
    MilestoneStep.objects.create(target=scenic, order=2, title="通过景观质量评审")
    draft_target = Target.objects.create(
        code="T99", sector=tertiary, title="草稿指标甲", wording="尚未公开的草稿指标",
        kind=TargetKind.QUANTITY, figure=D(5), unit="个", is_published=False,
    )  # fmt: skip

    wind = Project.objects.create(
        code="KL-001", name="120万千瓦风电基地", name_en="1.2 GW wind power base",
        sector=building, category=energy, level=Level.CITY_KEY, stage=Stage.NEW_START,
        stage_date=d(2026, 3, 1), owner="运达能源", township="库伦镇",
        content="建设风电机组及配套升压站。", total_investment=D("850000"),
        planned_2026=D("200000"), completed_2026=D("50000"), capacity=D(120),
        capacity_unit="万千瓦", progress=D("25.5"), latitude=D("42.736667"),
        longitude=D("121.775"), is_published=True,
    )  # fmt: skip
    wind.related_targets.add(visitors)
    formula = Project.objects.create(
        code="KL-002", name="=HYPERLINK(\"http://example.com\")肉牛屠宰加工",
        sector=tertiary, level=Level.GENERAL, stage=Stage.PREPARATION, township="扣河子镇",
        owner="+中安信", responsible_unit=Unit.objects.create(name="@旗发改委"),
        is_published=True,
    )  # fmt: skip
    draft_project = Project.objects.create(
        code="KL-DRAFT", name="草稿项目乙", sector=building, level=Level.CITY_KEY,
        stage=Stage.NEW_START, is_published=False,
    )  # fmt: skip
    DisclosureItem.objects.create(
        project=wind, category=2, matter="verification", number="通发改审批〔2026〕12号",
        date=d(2026, 2, 1), authority="通辽市发展和改革委员会", formed_on=d(2026, 2, 1),
        is_published=True,
    )  # fmt: skip
    ProgressReport.objects.create(
        project=wind, date=d(2026, 3, 1), stage=Stage.NEW_START, progress=D(10),
        text="风机基础开始浇筑。", text_en="Turbine foundations are being poured.",
        is_published=True,
    )  # fmt: skip
    ProgressReport.objects.create(
        project=wind, date=d(2026, 4, 1), stage=Stage.CONTINUING, progress=D(30),
        text="草稿报告丙，尚未审核。", is_published=False,
    )  # fmt: skip

    now = timezone.now()
    news = News.objects.create(
        slug="spring-start", title="2026年春季重点项目集中开工", title_en="Key projects start",
        summary="全旗重点项目集中开工。", body="**重点项目**集中开工。\n\n<script>alert(1)</script>"
        "[详情](https://example.com/a) <img src=\"https://tracker.example/x.png\" alt=\"x\">",
        source="库伦旗融媒体中心", authors="张博", published_at=now - datetime.timedelta(days=1),
        is_published=True,
    )  # fmt: skip
    news.projects.add(wind)
    news.targets.add(visitors)
    draft_news = News.objects.create(
        slug="draft-news", title="草稿新闻丁", body="草稿", is_published=False
    )
    future_news = News.objects.create(
        slug="future-news", title="定时新闻戊", body="以后发布",
        published_at=now + datetime.timedelta(days=3), is_published=True,
    )  # fmt: skip
    return Plan(visitors, key_projects, scenic, draft_target, wind, formula, draft_project,
                news, draft_news, future_news)  # fmt: skip


# What no public page, list, feed, sitemap or download may ever show.
DRAFT_MARKERS = [
    "草稿指标甲",
    "草稿项目乙",
    "草稿报告丙",
    "草稿新闻丁",
    "定时新闻戊",
    "KL-DRAFT",
    "T99",
]


def public_pages(plan: Plan) -> dict[str, str]:
    """Every public page of the plan, by a short name: the URLs the page tests walk through."""
    return {
        "home": "/",
        "targets": "/targets/",
        "target_quantity": f"/targets/{plan.visitors.code}/",
        "target_projects": f"/targets/{plan.key_projects.code}/",
        "target_milestone": f"/targets/{plan.scenic.code}/",
        "projects": "/projects/",
        "projects_filtered": "/projects/?q=风电&stage=new_start&sort=investment",
        "project": f"/projects/{plan.wind.code}/",
        "project_unplaced": f"/projects/{plan.formula.code}/",
        "projects_map": "/projects/map/",
        "projects_map_filtered": "/projects/map/?stage=new_start&stage=preparation&sort=name",
        "news_list": "/news/",
        "news": f"/news/{plan.news.slug}/",
        "data": "/data/",
        "about": "/about/",
        "reporting": "/reporting/",
        "disclosure": "/disclosure/",
        "site_map": "/sitemap/",
        "search": "/search/?q=风电项目",
    }
