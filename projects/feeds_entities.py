"""Follow one thing: Atom and RSS feeds of a project, a target, a sector or a township.

Each feed lists the dated, published changes of its subject (progress reports, disclosure items,
stage changes, measurements, milestone steps done), newest first. Only published records of
published parents appear, by the same ``published()`` rules the pages use. A withheld
disclosure item shows its category and the reason only. The feeds read no query parameter and
set no cookie, so the page cache keeps one copy per address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from projects.disclosure import ItemState, WithheldReason
from projects.models import (
    DisclosureItem,
    Measurement,
    MilestoneStep,
    ProgressReport,
    Project,
    Sector,
    Target,
)
from projects.models.choices import Stage
from projects.places import TOWNSHIPS
from projects.services import progress as rule

FEED_SIZE = 50
TEXT_LENGTH = 200


@dataclass
class Entry:
    title: str
    link: str
    guid: str
    day: datetime.date
    description: str


@dataclass
class Subject:
    """What a feed follows, with the host its entry ids are minted under."""

    title: str
    link: str
    description: str
    host: str
    entries: list[Entry]


def _short(text: str) -> str:
    return Truncator(" ".join((text or "").split())).chars(TEXT_LENGTH)


def _guid(host: str, kind: str, pk) -> str:
    # A tag URI (RFC 4151): stable for the record whatever its title or language.
    return f"tag:{host},2026:{kind}/{pk}"


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else _("待核实")


def report_entries(reports, host: str) -> list[Entry]:
    entries = []
    for r in reports:
        link = reverse("projects:project_detail", args=[r.project.code]) + "#h-reports"
        progress = f" {rule.fmt(r.progress)}%" if r.progress is not None else ""
        entries.append(
            Entry(
                title=_("%(code)s 进展：%(date)s %(stage)s%(progress)s")
                % {
                    "code": r.project.code,
                    "date": f"{r.date:%Y-%m-%d}",
                    "stage": _stage_label(r.stage),
                    "progress": progress,
                },
                link=link,
                guid=_guid(host, "report", r.pk),
                day=r.date,
                description=_short(f"{r.project.display_name}：{r.display_text}"),
            )
        )
    return entries


def _item_description(item: DisclosureItem) -> str:
    category = item.get_category_display()
    if item.state == ItemState.WITHHELD:
        # Only the category and why: nothing of what is withheld.
        reason = WithheldReason(item.withheld_reason).label if item.withheld_reason else ""
        return _short(f"{category} · {_('不予公开')}：{reason} {item.reason}")
    if item.state == ItemState.NOT_APPLICABLE:
        return _short(f"{category} · {_('不适用')}：{item.reason}")
    spec = item.matter_spec
    parts = [f"{label}：{value}" for label, value in item.elements()]
    head = f"{category} · {spec.label}" if spec else category
    return _short(" ".join([head, *parts]))


def disclosure_entries(items, host: str) -> list[Entry]:
    return [
        Entry(
            title=_("%(code)s 信息公开：%(date)s %(category)s")
            % {
                "code": item.project.code,
                "date": f"{item.published_on:%Y-%m-%d}",
                "category": item.get_category_display(),
            },
            link=reverse("projects:project_detail", args=[item.project.code])
            + f"#dc-{item.category}",
            guid=_guid(host, f"disclosure/{item.pk}", f"{item.published_on:%Y-%m-%d}"),
            day=item.published_on,
            description=_item_description(item),
        )
        for item in items
    ]


def stage_entries(project: Project, host: str) -> list[Entry]:
    """Each day the project entered a new stage, from its stage history and current stage."""
    held = [(row.since, row.stage) for row in project.stage_history.all()]
    if project.stage_date:
        held.append((project.stage_date, project.stage))
    entries, before = [], None
    link = reverse("projects:project_detail", args=[project.code])
    for since, stage in held:
        if stage and stage != before:
            entries.append(
                Entry(
                    title=_("%(code)s 建设阶段：%(date)s %(stage)s")
                    % {
                        "code": project.code,
                        "date": f"{since:%Y-%m-%d}",
                        "stage": _stage_label(stage),
                    },
                    link=link,
                    guid=_guid(host, f"stage/{project.code}", f"{since:%Y-%m-%d}"),
                    day=since,
                    description=_short(f"{project.display_name}：{_stage_label(stage)}"),
                )
            )
        before = stage
    return entries


def measurement_entries(measurements, host: str) -> list[Entry]:
    entries = []
    for m in measurements:
        target = m.target
        entries.append(
            Entry(
                title=_("%(code)s 数据：%(date)s %(value)s%(unit)s")
                % {
                    "code": target.code,
                    "date": f"{m.date:%Y-%m-%d}",
                    "value": rule.fmt(m.value),
                    "unit": target.display_unit,
                },
                link=reverse("projects:target_detail", args=[target.code]) + "#h-chart",
                guid=_guid(host, "measurement", m.pk),
                day=m.date,
                description=_short(
                    f"{target.display_title}（{_('数据来源')}：{m.source}）{m.note}"
                ),
            )
        )
    return entries


def step_entries(steps, host: str) -> list[Entry]:
    return [
        Entry(
            title=_("%(code)s 步骤完成：%(date)s %(step)s")
            % {
                "code": s.target.code,
                "date": f"{s.done_date:%Y-%m-%d}",
                "step": s.display_title,
            },
            link=reverse("projects:target_detail", args=[s.target.code]) + "#h-steps",
            guid=_guid(host, f"step/{s.pk}", f"{s.done_date:%Y-%m-%d}"),
            day=s.done_date,
            description=_short(f"{s.target.display_title}：{s.display_title} {s.note}"),
        )
        for s in steps
    ]


def newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.day, e.guid), reverse=True)[:FEED_SIZE]


def _reports():
    return ProgressReport.objects.published().select_related("project").order_by("-date", "-pk")


def _measurements():
    return Measurement.objects.published().select_related("target__sector").order_by("-date", "-pk")


def _steps():
    return (
        MilestoneStep.objects.filter(target__is_published=True, done_date__isnull=False)
        .select_related("target__sector")
        .order_by("-done_date", "-pk")
    )


class EntityFeed(Feed):
    """The shared part: a subject built in ``subject()``, its entries as feed items."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return self.subject(request.get_host(), **kwargs)

    def subject(self, host: str, **kwargs) -> Subject:
        raise NotImplementedError

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def description(self, obj):
        return obj.description

    def subtitle(self, obj):
        return obj.description

    def feed_guid(self, obj):
        return _guid(obj.host, "feed", obj.link)

    def items(self, obj):
        return obj.entries

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_description(self, item):
        # Readers render the description as HTML; the text is plain, so it is escaped.
        return escape(item.description)

    def item_pubdate(self, item):
        return _as_datetime(item.day)

    def item_updateddate(self, item):
        return _as_datetime(item.day)


def _as_datetime(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class ProjectFeed(EntityFeed):
    def subject(self, host, code):
        project = get_object_or_404(Project.objects.published(), code=code)
        reports = _reports().filter(project=project)[:FEED_SIZE]
        items = (
            DisclosureItem.objects.published()
            .filter(project=project, published_on__isnull=False)
            .select_related("project")
            .order_by("-published_on", "-pk")[:FEED_SIZE]
        )
        entries = [
            *report_entries(reports, host),
            *disclosure_entries(items, host),
            *stage_entries(project, host),
        ]
        return Subject(
            title=_("%(code)s %(name)s · 更新") % {"code": code, "name": project.display_name},
            link=reverse("projects:project_detail", args=[code]),
            description=_("该项目已发布的进展报告、信息公开事项和建设阶段变化。"),
            host=host,
            entries=newest(entries),
        )


class TargetFeed(EntityFeed):
    def subject(self, host, code):
        target = get_object_or_404(Target.objects.published(), code=code)
        entries = [
            *measurement_entries(_measurements().filter(target=target)[:FEED_SIZE], host),
            *step_entries(_steps().filter(target=target)[:FEED_SIZE], host),
        ]
        return Subject(
            title=_("%(code)s %(title)s · 更新") % {"code": code, "title": target.display_title},
            link=reverse("projects:target_detail", args=[code]),
            description=_("该目标指标已发布的统计数据和已完成的工作步骤。"),
            host=host,
            entries=newest(entries),
        )


def _list_link(**query) -> str:
    return reverse("projects:project_list") + "?" + urlencode(query)


class SectorFeed(EntityFeed):
    def subject(self, host, slug):
        sector = get_object_or_404(Sector.objects.all(), slug=slug)
        ids = [sector.pk, *sector.children.values_list("pk", flat=True)]
        entries = [
            *report_entries(_reports().filter(project__sector_id__in=ids)[:FEED_SIZE], host),
            *measurement_entries(
                _measurements().filter(target__sector_id__in=ids)[:FEED_SIZE], host
            ),
            *step_entries(_steps().filter(target__sector_id__in=ids)[:FEED_SIZE], host),
        ]
        name = sector.display_name
        if sector.parent_id:
            name = f"{sector.parent.display_name} · {name}"
        return Subject(
            title=_("领域：%(name)s · 更新") % {"name": name},
            link=_list_link(sector=slug),
            description=_("该领域（含下级领域）项目的进展报告和目标指标的统计数据。"),
            host=host,
            entries=newest(entries),
        )


class TownshipFeed(EntityFeed):
    def subject(self, host, name):
        if name not in TOWNSHIPS:
            raise Http404("unknown township")
        reports = _reports().filter(project__township=name)[:FEED_SIZE]
        return Subject(
            title=_("%(name)s · 项目进展") % {"name": name},
            link=_list_link(township=name),
            description=_("位于该苏木镇（场）的项目已发布的进展报告。"),
            host=host,
            entries=newest(report_entries(reports, host)),
        )


def rss(feed_class):
    """The same feed as RSS 2.0."""
    return type(f"{feed_class.__name__}Rss", (feed_class,), {"feed_type": Rss201rev2Feed})
