"""Storing the search index: the entries of ``projects.search.entries`` and their bigrams.

``refresh(kind, ids)`` brings the entries of those records in step: a record no longer public
loses its entry, a new one gets one, and a changed one has its entry updated in place with only
the bigrams that changed added and removed (a save that changes nothing searched writes
nothing, a renamed sector a few bigrams per project). ``rebuild()`` writes the whole index
afresh.
"""

from collections import defaultdict

from django.db import connection, connections

from portal.cache import bump_after_commit
from projects.imports import writing
from projects.models import News, Project, SearchEntry, SearchGram, SearchKind, Target

from .entries import BUILDERS
from .text import grams

CHUNK = 500  # rows a statement: 1,000 parameters fit every supported database
MANY = 1000  # records refreshed at once after which the tables' statistics are renewed
# What an entry holds besides its identity (kind, object_id) and id.
FIELDS = [f.attname for f in SearchEntry._meta.concrete_fields
          if f.attname not in ("id", "kind", "object_id")]  # fmt: skip


def _raw_delete(queryset) -> None:
    # No signals: the page cache is told by whoever changed the records themselves, and the
    # collector would otherwise read every row of a large index before deleting it.
    queryset._raw_delete(queryset.db)


def _insert_grams(rows) -> None:
    """INSERT (gram, entry id) *rows*."""
    if not rows:
        return
    table = connection.ops.quote_name(SearchGram._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the whole index's half a million rows in one second, not six.
            with cursor.copy(f"COPY {table} (gram, entry_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        head = f"INSERT INTO {table} (gram, entry_id) VALUES "
        for start in range(0, len(rows), CHUNK):
            batch = rows[start : start + CHUNK]
            values = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(head + values, [v for row in batch for v in row])


def _add(entries) -> None:
    writing.insert(SearchEntry, entries, [SearchEntry._meta.pk.attname])
    _insert_grams([(gram, entry.pk) for entry in entries for gram in grams(entry.text)])


def _update(pairs) -> None:
    """Write the new content of each (stored, fresh) entry over the stored one."""
    for stored, fresh in pairs:
        fresh.pk = stored.pk
    writing.update(SearchEntry, [fresh for _, fresh in pairs], FIELDS)
    gone, added = defaultdict(list), []
    for stored, fresh in pairs:
        before, after = grams(stored.text), grams(fresh.text)
        for gram in before - after:
            gone[gram].append(stored.pk)
        added.extend((gram, stored.pk) for gram in after - before)
    # By bigram: a renamed sector takes the same few bigrams from many entries.
    for gram, pks in gone.items():
        for start in range(0, len(pks), CHUNK):
            _raw_delete(SearchGram.objects.filter(gram=gram, entry__in=pks[start : start + CHUNK]))
    _insert_grams(added)


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
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        fresh = {entry.object_id: entry for entry in BUILDERS[kind](part)}
        stored = {e.object_id: e for e in SearchEntry.objects.filter(kind=kind, object_id__in=part)}
        gone = [entry.pk for object_id, entry in stored.items() if object_id not in fresh]
        if gone:
            _raw_delete(SearchGram.objects.filter(entry__in=gone))
            _raw_delete(SearchEntry.objects.filter(pk__in=gone))
        _add([entry for object_id, entry in fresh.items() if object_id not in stored])
        changed = [
            (stored[object_id], entry)
            for object_id, entry in fresh.items()
            if object_id in stored
            and any(getattr(stored[object_id], f) != getattr(entry, f) for f in FIELDS)
        ]
        if changed:
            _update(changed)
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
        _add(entries)
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
