"""The kinds of public record the ledger follows, and what of each one the public sees.

A record's public content is the part of its row in the open data (``/data/<dataset>.json``,
the Chinese files) that is the record's own: what staff enter and approve, not what the site
computes from it on the day (a target's status), nor addresses, labels or bookkeeping
(``updated_at``). Kinds with no open dataset (milestone steps, news) name their fields here.
An outsider can so hash the rows of a downloaded file and compare them with the ledger.

A record is public when its own ``is_published`` is set (if it has one), for a kind with a
``parent`` when that parent is public too, and for a kind with a ``due`` time once that time has
come: exactly the rule of the open data files and pages, so a report of a withdrawn project
counts as withdrawn, and news published ahead of time enters the ledger when it appears, not
before (``recording.record`` catches it up at the next append).

Another model joins with one more ``Kind`` line below; one that gains ``is_published`` later
follows its flag without any change here. The next ``migrate`` gives its records already
public their first entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone

from ledger import hashing
from projects.models import (
    DisclosureItem,
    Measurement,
    MilestoneStep,
    News,
    ProgressReport,
    Project,
    Target,
)
from projects.views import datasets
from projects.views.data import as_json


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: type
    key: tuple[str, ...]  # content fields that, joined by "/", name the record publicly
    fields: tuple[str, ...]  # the content fields hashed
    rows: Callable[[object], Iterable[tuple[int, dict]]]  # queryset -> (pk, row)
    parent: str = ""  # the relation whose record must be public too
    depends: tuple[str, ...] = ()  # other relations whose names the content shows
    dataset: str = ""  # the open dataset holding the rows, if any
    due: str = ""  # a time field: public only once it has passed
    # (pk, row) of records just written, from memory (``object_values``): for the kinds whose
    # public rule is their own is_published alone, and whose imports must stay fast.
    object_rows: Callable[[list], Iterable[tuple[int, dict]]] | None = None

    def public(self):
        rule = Q()
        try:
            self.model._meta.get_field("is_published")
            rule &= Q(is_published=True)
        except FieldDoesNotExist:
            pass
        if self.parent:
            rule &= Q(**{f"{self.parent}__is_published": True})
        if self.due:
            rule &= Q(**{f"{self.due}__lte": timezone.now()})
        return self.model._base_manager.filter(rule)

    def relations(self) -> tuple[str, ...]:
        return ((self.parent,) if self.parent else ()) + self.depends

    def content_hash(self, row: dict) -> str:
        """SHA-256 of the record's public content, from its row (see ``hashing``)."""
        return hashing.content_sha256({name: row[name] for name in self.fields})

    def key_of(self, row: dict) -> str:
        return "/".join(str(as_json(row[name])) for name in self.key)[:300]


def _by_fields(columns: dict[str, str]):
    """Rows read with values(): {content field: model field path}."""

    def rows(queryset):
        for row in queryset.values("pk", *columns.values()).iterator(chunk_size=2000):
            yield row["pk"], {name: row[path] for name, path in columns.items()}

    return rows


def object_values(model, objs, paths):
    """What ``values(*paths)`` would read for *objs*, records of *model* just written and still
    in memory: their own attributes, and the fields of related records (``sector__parent__name``)
    from one query per related model rather than one read of every record back."""
    walks, needed = {}, defaultdict(set)
    for path in paths:
        walk, current = [], model
        for name in path.split("__"):
            field = current._meta.pk if name == "pk" else current._meta.get_field(name)
            walk.append((current, field.attname))
            if current is not model:
                needed[current].add(field.attname)
            current = field.related_model
        walks[path] = walk
    tables = {
        related: {row["pk"]: row for row in related._base_manager.values("pk", *names)}
        for related, names in needed.items()
    }
    own = [(path, walk[0][1]) for path, walk in walks.items() if len(walk) == 1]
    related = [(path, walk[0][1], walk[1:]) for path, walk in walks.items() if len(walk) > 1]
    for obj in objs:
        stored = obj.__dict__  # a loaded field's value, without the descriptor's work
        row = {path: stored[a] if a in stored else getattr(obj, a) for path, a in own}
        for path, first, rest in related:
            value = stored[first]
            for model_, attname in rest:
                value = None if value is None else tables[model_][value][attname]
            row[path] = value
        yield row


def _project_objects(objs):
    values = object_values(Project, objs, datasets.PROJECT_FIELDS[:-1])  # no updated_at
    return datasets.keyed_project_rows(values=values)


def _target_rows(queryset):
    for target in queryset.select_related("sector__parent", "responsible_unit"):
        yield target.pk, datasets.target_record(target)


def _of_fields(name, label, model, key, columns, **options) -> Kind:
    return Kind(name, label, model, key, tuple(columns), _by_fields(columns), **options)


PROJECT_FIELDS = (
    "code", "name", "name_en", "area", "sector", "category", "level", "stage", "stage_date",
    "owner", "department", "leader", "township", "latitude", "longitude", "content",
    "content_en", "total_investment", "planned_2026", "completed_2026", "investment_note",
    "capacity", "capacity_unit", "planned_start", "planned_end", "actual_start", "actual_end",
    "progress", "last_reported_on",
)  # fmt: skip
TARGET_FIELDS = (*datasets.TARGET_OWN_BEFORE, *datasets.TARGET_OWN_AFTER, "responsible_unit")
STEP_COLUMNS = {
    "target_code": "target__code",
    "order": "order",
    "title": "title",
    "title_en": "title_en",
    "planned_date": "planned_date",
    "done_date": "done_date",
    "note": "note",
}
NEWS_COLUMNS = {
    name: name
    for name in (
        "slug", "title", "title_en", "summary", "summary_en", "body", "body_en", "source",
        "authors", "published_at", "cover", "cover_alt",
    )
}  # fmt: skip

KINDS = [
    Kind(
        "project", "项目", Project, ("code",), PROJECT_FIELDS,
        lambda qs: datasets.keyed_project_rows(qs),
        depends=("sector", "sector__parent", "category", "responsible_unit"), dataset="projects",
        object_rows=_project_objects,
    ),
    Kind(
        "report", "项目进展", ProgressReport, ("project_code", "date"),
        ("project_code", "date", "stage", "progress", "completed_2026", "text"),
        datasets.keyed_report_rows, parent="project", dataset="reports",
    ),
    Kind(
        "target", "目标指标", Target, ("code",), TARGET_FIELDS, _target_rows,
        depends=("sector", "sector__parent", "responsible_unit"), dataset="targets",
    ),
    Kind(
        "measurement", "进展数据", Measurement, ("target_code", "date"),
        ("target_code", "date", "value", "source", "note", "is_final"),
        datasets.keyed_measurement_rows, parent="target", dataset="measurements",
    ),
    _of_fields(
        "milestone", "里程碑步骤", MilestoneStep, ("target_code", "title"), STEP_COLUMNS,
        parent="target",
    ),
    Kind(
        "disclosure", "信息公开事项", DisclosureItem, ("project_code", "id"),
        tuple(datasets.DISCLOSURE_FIELDS), datasets.keyed_disclosure_rows, parent="project",
        dataset="disclosure",
    ),
    _of_fields("news", "新闻动态", News, ("slug",), NEWS_COLUMNS, due="published_at"),
]  # fmt: skip
BY_NAME = {kind.name: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}


def related_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def dependents(model) -> list[tuple[Kind, str]]:
    """(kind, relation) for every kind whose public state or content reads *model*'s records."""
    return [
        (kind, path)
        for kind in KINDS
        for path in kind.relations()
        if related_model(kind.model, path) is model
    ]


def watched_models() -> set:
    """The models whose saves and deletes can change what the ledger records."""
    return {kind.model for kind in KINDS} | {
        related_model(kind.model, path) for kind in KINDS for path in kind.relations()
    }
