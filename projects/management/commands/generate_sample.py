"""Synthetic projects and progress reports for demonstrations and benchmarks.

Every project made here has a code starting with ``SAMPLE-``, and its reports, stage history
and disclosure items belong to it (when the database has no sectors yet, sectors whose slug starts
with ``sample-`` are made too); ``--delete`` removes exactly those and nothing else. While
any sample project exists every public page says so in a banner.

Speed matters (10,000 projects and 50,000 reports in seconds), so rows are written with
``bulk_create`` and deleted with raw deletes. That bypasses django-simple-history and signals,
which is acceptable only because these records are synthetic: they have no real history to
keep. The page cache, the publication ledger and the search index are told explicitly, since
bulk writes send no signals: samples are public data while they exist, so they are entered as
published and, when deleted, as withdrawn.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ledger import recording as ledger
from portal import statistics
from portal.cache import bump_content_version
from projects import disclosure
from projects.disclosure import ItemState, WithheldReason
from projects.imports import writing
from projects.models import (
    Category,
    DisclosureItem,
    Level,
    News,
    ProgressReport,
    Project,
    ProjectStage,
    SearchKind,
    Sector,
    Stage,
    Unit,
)
from projects.outline import outline
from projects.places import TOWNSHIPS
from projects.search import index as search_index
from projects.services import stages, workdays

PREFIX = "SAMPLE-"
SECTOR_PREFIX = "sample-"
BATCH = 2000
KINDS = [
    "肉牛养殖",
    "光伏电站",
    "风电场",
    "耐火材料厂",
    "农畜产品加工",
    "道路改造",
    "学校建设",
    "污水处理",
    "景区提升",
    "仓储物流",
]
# Stages in the order a project passes through them; the last report's stage is the project's.
PATH = [
    Stage.RESERVE,
    Stage.PREPARATION,
    Stage.NEW_START,
    Stage.CONTINUING,
    Stage.COMPLETED,
    Stage.OPERATING,
]
LEVELS = [Level.CITY_KEY] * 1 + [Level.BANNER_KEY] * 3 + [Level.GENERAL] * 6


@contextlib.contextmanager
def given_timestamps():
    """Let bulk_create keep the updated_at we set, so samples are spread over past weeks and
    the list's sorting and the 30-day "not updated" flag have something to show."""
    field = Project._meta.get_field("updated_at")
    field.auto_now = False
    try:
        yield
    finally:
        field.auto_now = True


def leaf_sectors() -> list[Sector]:
    sectors = list(Sector.objects.all())
    parents = {s.parent_id for s in sectors}
    leaves = [s for s in sectors if s.pk not in parents]
    if leaves:
        return leaves
    area = Sector.objects.create(
        slug=f"{SECTOR_PREFIX}area", name="示例领域", name_en="Sample area"
    )
    return [
        Sector.objects.create(
            slug=f"{SECTOR_PREFIX}sector", name="示例子领域", name_en="Sample sector", parent=area
        )
    ]


UNIT_PREFIX = "示例责任单位"
SAMPLE_APPROVER = "系统（示例数据命令 generate_sample）"


def sample_units(count: int = 30) -> list[Unit]:
    """The synthetic units sample projects answer to, made once and shared by every run."""
    units = []
    for n in range(1, count + 1):
        unit, _ = Unit.objects.get_or_create(
            name=f"{UNIT_PREFIX}{n}（虚构）", defaults={"name_en": f"Sample unit {n} (synthetic)"}
        )
        units.append(unit)
    return units


def next_number() -> int:
    codes = Project.objects.samples().values_list("code", flat=True)
    numbers = [int(c[len(PREFIX) :]) for c in codes if c[len(PREFIX) :].isdigit()]
    return max(numbers, default=0) + 1


def _money(rng, low, high) -> Decimal:
    return Decimal(rng.randint(low * 10, high * 10)) / 10


def build(rng, number: int, n_reports: int, sectors, categories, units, today):
    """One project and its reports, consistent with each other (stage, progress, money)."""
    kind = rng.choice(KINDS)
    final = rng.randrange(1, len(PATH)) if n_reports else rng.randrange(0, 2)
    latest = today - datetime.timedelta(days=rng.randint(0, 75))
    planned = _money(rng, 200, 30000)
    rate = Decimal(rng.randint(0, 100)) / 100
    progress = Decimal(rng.randint(0, 100)) if PATH[final] not in (Stage.RESERVE,) else None
    category = rng.choice(categories) if categories and rng.random() < 0.8 else None
    project = Project(
        code=f"{PREFIX}{number:06d}",
        name=f"示例项目{number:06d}：{rng.choice(TOWNSHIPS)}{kind}（虚构）",
        name_en=f"Sample project {number:06d} (synthetic)",
        sector=rng.choice(sectors),
        category=category,
        level=rng.choice(LEVELS),
        stage=PATH[final],
        stage_date=latest if n_reports else None,
        owner=f"示例建设单位{rng.randint(1, 300)}",
        responsible_unit=rng.choice(units),
        leader=f"示例领导{rng.randint(1, 20)}",
        township=rng.choice(TOWNSHIPS),
        content=f"虚构的示例数据，用于演示和性能测试：{kind}。",
        total_investment=planned * rng.randint(1, 5),
        planned_2026=planned,
        completed_2026=(planned * rate).quantize(Decimal("0.01")),
        capacity=Decimal(rng.randint(1, 30)) if kind in ("光伏电站", "风电场") else None,
        capacity_unit="万千瓦" if kind in ("光伏电站", "风电场") else "",
        planned_start=today.replace(month=1, day=1) + datetime.timedelta(days=rng.randint(0, 150)),
        progress=progress,
        last_reported_on=latest if n_reports else None,
        is_published=True,
    )
    # 09:00 on the day of the latest report, but never later than now.
    nine = timezone.make_aware(datetime.datetime.combine(latest, datetime.time(9)))
    project.updated_at = min(nine, timezone.now())
    reports = []
    for i in range(n_reports):
        back = n_reports - 1 - i  # i = 0 is the oldest
        share = Decimal(i + 1) / n_reports
        stage = PATH[max(0, final - back // 3)] if back else PATH[final]
        reports.append(
            ProgressReport(
                date=latest - datetime.timedelta(days=14 * back),
                stage=stage,
                progress=(progress * share).quantize(Decimal("0.1")) if progress else None,
                completed_2026=(project.completed_2026 * share).quantize(Decimal("0.01")),
                text=f"示例进展报告（虚构）：第 {i + 1} 次报告，工程按计划推进。",
                text_en=f"Sample report (synthetic) number {i + 1}.",
                is_published=True,
            )
        )
    return project, reports


STARTED = {Stage.NEW_START, Stage.CONTINUING, Stage.COMPLETED, Stage.OPERATING}
DONE = {Stage.COMPLETED, Stage.OPERATING}
AUTHORITIES = ["示例旗发展和改革委员会", "示例旗住房和城乡建设局", "示例旗生态环境分局"]


def _item(rng, pk, today, category, matter="", **fields):
    """One public item formed on *fields*' formed_on (moved back before today), published a
    few days later, or, for about one in ten, after its time limit had run out."""
    formed = fields.pop("formed_on", None)
    published = None
    if formed is not None:
        formed = min(formed, today - datetime.timedelta(days=rng.randint(20, 60)))
        if fields.get("date") is not None:
            fields["date"] = formed
        if rng.random() < 0.1:
            spec = disclosure.matter(matter)
            days = spec.days if spec else workdays.PROACTIVE_DAYS
            due = workdays.due_date(formed, days).value
            published = due + datetime.timedelta(days=rng.randint(1, 20))
        else:
            published = formed + datetime.timedelta(days=rng.randint(1, 6))
        published = min(published, today)
    else:
        published = today - datetime.timedelta(days=rng.randint(0, 60))
    item = DisclosureItem(
        project_id=pk, category=category, matter=matter, formed_on=formed,
        published_on=published, is_published=True, **fields,
    )  # fmt: skip
    item.set_due()
    return item


def disclosure_items(rng, project, pk, today) -> list[DisclosureItem]:
    """What a county publishes for a project at its stage: its filing or approval once past
    the reserve, tender notices (links to the trading platform) and a construction permit once
    started, the builders once under way, the acceptance once complete; land expropriation not
    applicable to projects on land already held; now and then an item withheld."""
    if project.stage == Stage.RESERVE:
        return []
    code = project.code[len(PREFIX) :]
    start = project.planned_start
    authority = rng.choice(AUTHORITIES)
    items = []

    def add(category, matter="", **fields):
        items.append(_item(rng, pk, today, category, matter, **fields))

    early = start - datetime.timedelta(days=rng.randint(30, 120))
    if rng.random() < 0.5:
        add(2, "filing", number=f"示例备案〔2026〕{code}号", date=early,
            authority="示例旗发展和改革委员会", formed_on=early)  # fmt: skip
    else:
        add(2, "approval", number=f"示例发改审批〔2026〕{code}号", date=early,
            authority="示例旗发展和改革委员会", result="同意建设（示例）",
            formed_on=early)  # fmt: skip
    if rng.random() < 0.3:
        add(4, state=ItemState.NOT_APPLICABLE,
            reason="项目使用已有建设用地，不涉及征收土地（示例数据）。")  # fmt: skip
    if project.stage not in STARTED:
        return items
    notice = start - datetime.timedelta(days=rng.randint(10, 40))
    add(3, "tender_notice", date=notice, number=f"SAMPLE-ZB-{code}",
        link=f"https://ggzy.example.gov.cn/sample/{code}", formed_on=notice)  # fmt: skip
    awarded = notice + datetime.timedelta(days=rng.randint(20, 30))
    add(3, "award", date=awarded, link=f"https://ggzy.example.gov.cn/sample/{code}/award",
        formed_on=awarded)  # fmt: skip
    add(2, "construction_permit", number=f"示例施工许可〔2026〕{code}号", date=start,
        authority=authority, formed_on=start)  # fmt: skip
    add(6, "participants", date=start, formed_on=start,
        content="设计单位：示例设计院；施工单位：示例建设公司；"
        "监理单位：示例监理公司（虚构）。")  # fmt: skip
    if rng.random() < 0.05:
        add(3, "contract", state=ItemState.WITHHELD,
            withheld_reason=WithheldReason.COMMERCIAL_SECRET, formed_on=awarded,
            reason="合同价款涉及商业秘密，依据《中华人民共和国政府信息公开条例》第十五条不予公开"
            "（示例数据）。")  # fmt: skip
    if project.stage in DONE:
        done = today - datetime.timedelta(days=rng.randint(20, 90))
        add(8, "acceptance", date=done, result="合格（示例）", formed_on=done)
    return items


WITHOUT_PLACE = 0.2  # the share of sample projects left without coordinates, as real ones are


def sample_place(rng) -> tuple[Decimal | None, Decimal | None]:
    """A random point inside the banner's outline (synthetic, like every sample value), or no
    coordinates at all for about one project in five."""
    if rng.random() < WITHOUT_PLACE:
        return None, None
    banner = outline()
    west, south, east, north = banner.bounds
    while True:
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        if banner.contains(lat, lon, tolerance_m=0):
            return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def create_samples(*, projects: int, reports: int, seed: int | None = None) -> tuple[int, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    sectors = leaf_sectors()
    categories = list(Category.objects.all())
    units = sample_units()
    first = next_number()
    per, extra = divmod(reports, projects) if projects else (0, 0)
    built = [
        build(rng, first + i, per + (1 if i < extra else 0), sectors, categories, units, today)
        for i in range(projects)
    ]
    # A generator of its own, so that the other sample values stay what a seed gave before.
    place_rng = random.Random(None if seed is None else f"{seed}-places")
    for project, _ in built:
        project.latitude, project.longitude = sample_place(place_rng)
    with transaction.atomic(), given_timestamps():
        Project.objects.bulk_create([p for p, _ in built], batch_size=BATCH)
        ids = dict(Project.objects.samples().values_list("code", "pk"))
        rows = []
        items = []
        for project, project_reports in built:
            pk = ids[project.code]
            for report in project_reports:
                report.project_id = pk
                rows.append(report)
            items.extend(disclosure_items(rng, project, pk, today))
        ProgressReport.objects.bulk_create(rows, batch_size=BATCH)
        for project, _ in built:
            project.pk = ids[project.code]
        # The history their reports imply, written as it is for real projects.
        stages.rebuild_stage_histories([project for project, _ in built])
        # One prepared statement for ~5 items a project (bulk_create compiles SQL for ~70 at a
        # time on SQLite); their ledger entries follow their projects' below.
        writing.insert_rows(DisclosureItem, items)
        ledger.record(Project, [project.pk for project, _ in built], approved_by=SAMPLE_APPROVER)
        search_index.refresh(SearchKind.PROJECT, [project.pk for project, _ in built])
        statistics.renew(Project, ProgressReport, DisclosureItem, written=len(built) + len(rows))
    bump_content_version()
    return len(built), len(rows)


def delete_samples() -> tuple[int, int]:
    """Remove every SAMPLE- project with its reports, stage history, disclosure items and links;
    nothing else."""
    with transaction.atomic():
        ids = Project.objects.samples().values("pk")
        gone_projects = list(ids.values_list("pk", flat=True))
        gone_reports = list(
            ProgressReport.objects.filter(project__in=ids).values_list("pk", flat=True)
        )
        gone_items = list(
            DisclosureItem.objects.filter(project__in=ids).values_list("pk", flat=True)
        )
        # Raw deletes: the rows are synthetic and had no history to record on the way out.
        deleted = {}
        for qs in (
            ProgressReport.objects.filter(project__in=ids),
            ProjectStage.objects.filter(project__in=ids),
            DisclosureItem.objects.filter(project__in=ids),
            Project.related_targets.through.objects.filter(project__in=ids),
            News.projects.through.objects.filter(project__in=ids),
        ):
            deleted[qs.model] = qs._raw_delete(qs.db)
        samples = Project.objects.samples()
        n_projects = samples._raw_delete(samples.db)
        # Sample sectors go only when nothing real points at them any more; sectors first,
        # then the areas they emptied.
        sample_sectors = Sector.objects.filter(slug__startswith=SECTOR_PREFIX)
        for sector in [
            *sample_sectors.filter(parent__isnull=False),
            *sample_sectors.filter(parent__isnull=True),
        ]:
            in_use = sector.projects.exists() or sector.targets.exists()
            if not in_use and not sector.children.exists():
                sector.delete()
        Unit.objects.filter(
            name__startswith=UNIT_PREFIX, projects__isnull=True, targets__isnull=True
        ).delete()
        ledger.record(ProgressReport, gone_reports, approved_by=SAMPLE_APPROVER)
        ledger.record(DisclosureItem, gone_items, approved_by=SAMPLE_APPROVER)
        ledger.record(Project, gone_projects, approved_by=SAMPLE_APPROVER)
        search_index.refresh(SearchKind.PROJECT, gone_projects)  # their entries go
    bump_content_version()
    return n_projects, deleted[ProgressReport]


class Command(BaseCommand):
    help = (
        "生成虚构的示例项目和进展报告（编号以 SAMPLE- 开头），用于演示和性能测试；"
        "存在示例数据时，网站每个页面都会提示。--delete 删除全部示例数据，不影响真实记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=100, help="示例项目个数（默认 100）")
        parser.add_argument("--reports", type=int, default=0, help="示例进展报告总条数（默认 0）")
        parser.add_argument("--seed", type=int, default=None, help="随机种子，便于重现")
        parser.add_argument("--delete", action="store_true", help="删除全部示例数据")

    def handle(self, *args, projects, reports, seed, delete, **options):
        if delete:
            n_projects, n_reports = delete_samples()
            self.stdout.write(f"已删除示例项目 {n_projects} 个、示例进展报告 {n_reports} 条。")
            return
        if projects < 0 or reports < 0:
            raise CommandError("项目数和报告数不能为负数。")
        if reports and not projects:
            raise CommandError("没有示例项目，就不能生成示例进展报告。")
        n_projects, n_reports = create_samples(projects=projects, reports=reports, seed=seed)
        self.stdout.write(
            f"已生成示例项目 {n_projects} 个、示例进展报告 {n_reports} 条（编号以 {PREFIX} 开头）。"
            "删除：manage.py generate_sample --delete"
        )
