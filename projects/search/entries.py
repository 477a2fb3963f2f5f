"""The search entry of each public record: everything a result shows (title, summary, where
it belongs, in both languages) and, normalised, everything a visitor may search it by.

Drafts have no entry; a news item scheduled for later has one that the search ignores until its
time (``visible_from``). ``BUILDERS[kind](ids)`` makes the entries of those records (of all
public ones without *ids*), unsaved; ``projects.search.index`` stores them.
"""

import html

import nh3
from django.utils import translation

from projects.models import Level, News, Project, SearchEntry, SearchKind, Target
from projects.views.news import render_body

from .text import normalise

# Words a record of each kind is also found by, so that 风电项目 finds a wind project whose
# own texts never say 项目.
KIND_WORDS = {
    SearchKind.PROJECT: "项目 建设项目 project",
    SearchKind.TARGET: "指标 目标 目标指标 target",
    SearchKind.NEWS: "新闻 动态 news",
}
# Characters of a summary kept for showing: enough to show the part around a match.
DETAIL_LENGTH = 2000


def _both(row: dict, prefix: str) -> tuple[str, str]:
    """A field of a ``values()`` row and its English twin."""
    return row.get(prefix) or "", row.get(f"{prefix}_en") or ""


def _joined(*parts) -> str:
    return " · ".join(p for p in parts if p)


def _clipped(text: str) -> str:
    return text if len(text) <= DETAIL_LENGTH else text[: DETAIL_LENGTH - 1] + "…"


def _level_labels() -> dict[str, tuple[str, str]]:
    labels = {}
    for value in Level.values:
        with translation.override("zh-hans"):
            zh = str(Level(value).label)
        with translation.override("en"):
            en = str(Level(value).label)
        labels[value] = (zh, en)
    return labels


def _entry(kind, row, *, key, title, detail, context, searched, sort_key, visible_from=None):
    title_zh, title_en = title
    texts = [key, title_zh, title_en, *searched, KIND_WORDS[kind]]
    return SearchEntry(
        kind=kind,
        object_id=row["pk"],
        key=key,
        title=title_zh[:300],
        title_en=title_en[:300],
        detail=_clipped(detail[0]),
        detail_en=_clipped(detail[1]),
        context=context[0][:300],
        context_en=context[1][:400],
        title_text=normalise(f"{key} {title_zh} {title_en}"),
        text=normalise(" ".join(texts)),
        sort_key=sort_key,
        visible_from=visible_from,
    )


SECTOR_FIELDS = ["sector__name", "sector__name_en", "sector__parent__name",
                 "sector__parent__name_en"]  # fmt: skip
UNIT_FIELDS = ["responsible_unit__name", "responsible_unit__name_en", "responsible_unit__aliases"]


def _sector(row) -> tuple[str, str]:
    zh = _joined(row["sector__parent__name"], row["sector__name"])
    en = _joined(
        row["sector__parent__name_en"] or row["sector__parent__name"],
        row["sector__name_en"] or row["sector__name"],
    )
    return zh, en


def _sector_and_unit(row) -> list[str]:
    """The names of the record's sector, its area and its responsible unit (with the unit's
    other spellings), in both languages."""
    return [row[f] or "" for f in [*SECTOR_FIELDS, *UNIT_FIELDS]]


def project_entries(ids=None) -> list[SearchEntry]:
    rows = Project.objects.published().order_by()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    fields = ["pk", "code", "name", "name_en", "content", "content_en", "owner", "leader",
              "township", "level", "category__name", "category__name_en", *SECTOR_FIELDS,
              *UNIT_FIELDS]  # fmt: skip
    levels = _level_labels()
    entries = []
    for row in rows.values(*fields).iterator(chunk_size=2000):
        sector_zh, sector_en = _sector(row)
        category = _both(row, "category__name")
        place = row["township"]
        searched = [*_both(row, "content"), row["owner"], row["leader"], place, *category,
                    *levels.get(row["level"], ()), *_sector_and_unit(row)]  # fmt: skip
        entries.append(
            _entry(
                SearchKind.PROJECT,
                row,
                key=row["code"],
                title=_both(row, "name"),
                detail=_both(row, "content"),
                context=(
                    _joined(sector_zh, category[0], place),
                    _joined(sector_en, category[1] or category[0], place),
                ),
                searched=searched,
                sort_key=row["code"],
            )
        )
    return entries


def target_entries(ids=None) -> list[SearchEntry]:
    rows = Target.objects.published().order_by()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    fields = ["pk", "code", "order", "title", "title_en", "wording", "wording_en", "unit",
              "unit_en", *SECTOR_FIELDS, *UNIT_FIELDS]  # fmt: skip
    entries = []
    for row in rows.values(*fields).iterator(chunk_size=2000):
        searched = [*_both(row, "wording"), *_both(row, "unit"), *_sector_and_unit(row)]
        entries.append(
            _entry(
                SearchKind.TARGET,
                row,
                key=row["code"],
                title=_both(row, "title"),
                detail=_both(row, "wording"),
                context=_sector(row),
                searched=searched,
                sort_key=f"{row['order']:05d} {row['code']}",
            )
        )
    return entries


def plain_text(markdown_text: str) -> str:
    """A news body as the page shows it, without its markup: what a reader can find in it."""
    return " ".join(html.unescape(nh3.clean(render_body(markdown_text), tags=set())).split())


# Newest first under an ascending sort: seconds counted back from a date far ahead.
NEWS_EPOCH_END = 10**11


def news_entries(ids=None) -> list[SearchEntry]:
    # Scheduled items too: they are found from their publication time on (see visible_from).
    rows = News.objects.filter(is_published=True).order_by()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    fields = ["pk", "slug", "title", "title_en", "summary", "summary_en", "body", "body_en",
              "source", "published_at"]  # fmt: skip
    entries = []
    for row in rows.values(*fields).iterator(chunk_size=500):
        body = (plain_text(row["body"]), plain_text(row["body_en"]))
        summary = _both(row, "summary")
        day = row["published_at"].date().isoformat()
        entries.append(
            _entry(
                SearchKind.NEWS,
                row,
                key=row["slug"],
                title=_both(row, "title"),
                detail=(summary[0] or body[0], summary[1] or body[1]),
                context=(_joined(day, row["source"]), day),
                searched=[*summary, *body, row["source"]],
                sort_key=f"{NEWS_EPOCH_END - int(row['published_at'].timestamp()):012d}",
                visible_from=row["published_at"],
            )
        )
    return entries


BUILDERS = {
    SearchKind.PROJECT: project_entries,
    SearchKind.TARGET: target_entries,
    SearchKind.NEWS: news_entries,
}
