"""Building the search index: one entry per public record, with the bigrams of its text.

An entry holds everything a result shows (title, summary, where it belongs, in both languages)
and, normalised, everything a visitor may search it by. Drafts have no entry; a news item
scheduled for later has one that the search ignores until its time (``visible_from``).

Entries are replaced, never edited: ``refresh(kind, ids)`` drops the entries of those records
and writes new ones for the records that are public, ``rebuild()`` does it for all of them.
"""

import html

import nh3
from django.db import connection, connections
from django.utils import translation

from portal.cache import bump_after_commit
from projects.imports import writing
from projects.models import Level, News, Project, SearchEntry, SearchGram, SearchKind, Target
from projects.views.news import render_body

from .text import grams, normalise

# Words a record of each kind is also found by, so that 风电项目 finds a wind project whose
# own texts never say 项目.
KIND_WORDS = {
    SearchKind.PROJECT: "项目 建设项目 project",
    SearchKind.TARGET: "指标 目标 目标指标 target",
    SearchKind.NEWS: "新闻 动态 news",
}
CHUNK = 500  # rows a statement: 1,000 parameters fit every supported database
MANY = 1000  # records refreshed at once after which the tables' statistics are renewed
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


def _raw_delete(queryset) -> None:
    # No signals: the page cache is told by whoever changed the records themselves, and the
    # collector would otherwise read every row of a large index before deleting it.
    queryset._raw_delete(queryset.db)


def _insert_grams(entries) -> int:
    rows = [(gram, entry.pk) for entry in entries for gram in grams(entry.text)]
    table = connection.ops.quote_name(SearchGram._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the whole index's half a million rows in one second, not six.
            with cursor.copy(f"COPY {table} (gram, entry_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        head = f"INSERT INTO {table} (gram, entry_id) VALUES "
        for start in range(0, len(rows), CHUNK):
            batch = rows[start : start + CHUNK]
            values = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(head + values, [v for row in batch for v in row])
    return len(rows)


def _write(entries) -> None:
    writing.insert(SearchEntry, entries, [SearchEntry._meta.pk.attname])
    _insert_grams(entries)


def _analyze() -> None:
    # After many rows at once: the query planner's idea of the tables' sizes and of how
    # common each bigram is would otherwise stay that of the empty tables (PostgreSQL plans a
    # rare bigram's lookup as a scan of every entry until autovacuum comes by).
    with connection.cursor() as cursor:
        for model in (SearchEntry, SearchGram):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def refresh(kind: str, ids) -> None:
    """Bring the entries of the records *ids* of *kind* in step with them."""
    ids = list(ids)
    if not ids:
        return
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        stale = SearchEntry.objects.filter(kind=kind, object_id__in=part)
        _raw_delete(SearchGram.objects.filter(entry__in=stale.values("pk")))
        _raw_delete(stale)
        _write(BUILDERS[kind](part))
    if len(ids) >= MANY:
        _analyze()


def refresh_records(model, ids) -> None:
    """``refresh`` for records of *model* written in bulk; other models have no entries."""
    kind = {Project: SearchKind.PROJECT, Target: SearchKind.TARGET, News: SearchKind.NEWS}.get(
        model
    )
    if kind is not None:
        refresh(kind, ids)


def rebuild() -> dict[str, int]:
    """Build the whole index afresh; returns how many entries of each kind it holds."""
    _raw_delete(SearchGram.objects.all())
    _raw_delete(SearchEntry.objects.all())
    counts = {}
    for kind, build in BUILDERS.items():
        entries = build()
        _write(entries)
        counts[kind] = len(entries)
    _analyze()
    bump_after_commit()  # cached result pages were made from the old index
    return counts


def fill_if_empty(sender=None, using="default", **kwargs) -> None:
    """After ``migrate``: build the index of a database that has public records and no index
    yet (one migrated from before the search existed)."""
    if SearchEntry._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the index
    if SearchEntry.objects.exists():
        return
    public = [
        Project.objects.published(),
        Target.objects.published(),
        News.objects.filter(is_published=True),
    ]
    if any(queryset.exists() for queryset in public):
        rebuild()
