"""Keeping the index in step with saves and deletes made one record at a time.

A project, target or news item saved (admin, shell, the plan loader, a project brought in step
with its reports) has its entry replaced in the same transaction; a sector, category or unit
saved has the entries of every project and target that shows its name replaced. Inside
``deferred()`` (the plan loader) the records are noted and their entries replaced together at
the end. Bulk writers send no signals and call ``projects.search.index.refresh`` themselves
(imports, approvals of a reporter's submission, sample data). ``raw`` saves (loaddata, as a
restore does) are skipped: the restore rebuilds the whole index once it has loaded everything.
"""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from projects.models import Category, News, Project, SearchKind, Sector, Target, Unit

from . import index

# The fields an entry is made of; a save that names only other fields (a project brought in
# step with its newest report: stage, progress, money) leaves the entry as it is.
SEARCHED = {
    Project: {"code", "name", "name_en", "content", "content_en", "owner", "leader", "township",
              "level", "sector", "category", "responsible_unit", "is_published"},
    Target: {"code", "order", "title", "title_en", "wording", "wording_en", "unit", "unit_en",
             "sector", "responsible_unit", "is_published"},
    News: {"slug", "title", "title_en", "summary", "summary_en", "body", "body_en", "source",
           "published_at", "is_published"},
}  # fmt: skip
KINDS = {Project: SearchKind.PROJECT, Target: SearchKind.TARGET, News: SearchKind.NEWS}
# Whose names the entries of projects and targets show.
NAMED_BY = {Sector: "sectors", Category: "categories", Unit: "units"}


@dataclass
class Changes:
    """Records saved or deleted, by kind, and the sectors, categories and units renamed."""

    records: dict = field(default_factory=lambda: {kind: set() for kind in KINDS.values()})
    sectors: set = field(default_factory=set)
    categories: set = field(default_factory=set)
    units: set = field(default_factory=set)

    def apply(self) -> None:
        projects, targets = set(self.records[SearchKind.PROJECT]), self.records[SearchKind.TARGET]
        named = Q(category__in=self.categories) | Q(responsible_unit__in=self.units)
        if self.sectors:
            # An area's name is shown and searched with the sectors under it.
            named |= Q(sector__in=self.sectors) | Q(sector__parent__in=self.sectors)
        if self.sectors or self.categories or self.units:
            projects |= set(Project.objects.filter(named).values_list("pk", flat=True))
            named = Q(sector__in=self.sectors) | Q(sector__parent__in=self.sectors)
            named |= Q(responsible_unit__in=self.units)
            targets = targets | set(Target.objects.filter(named).values_list("pk", flat=True))
        index.refresh(SearchKind.PROJECT, sorted(projects))
        index.refresh(SearchKind.TARGET, sorted(targets))
        index.refresh(SearchKind.NEWS, sorted(self.records[SearchKind.NEWS]))


_waiting: ContextVar[Changes | None] = ContextVar("search_changes_waiting", default=None)


@contextlib.contextmanager
def deferred():
    """Note the changes made inside and bring their entries in step once, at the end (unless
    it ends in an error, which rolls the changes back anyway)."""
    if _waiting.get() is not None:
        yield  # an outer deferred() applies them
        return
    changes = Changes()
    token = _waiting.set(changes)
    try:
        yield
    finally:
        _waiting.reset(token)
    changes.apply()


def _note(add) -> None:
    changes = _waiting.get()
    if changes is not None:
        add(changes)
        return
    changes = Changes()
    add(changes)
    changes.apply()


def record_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not SEARCHED[sender] & set(update_fields)):
        return
    _note(lambda changes: changes.records[KINDS[sender]].add(instance.pk))


def record_deleted(sender, instance, **kwargs):
    _note(lambda changes: changes.records[KINDS[sender]].add(instance.pk))


def name_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _note(lambda changes: getattr(changes, NAMED_BY[sender]).add(instance.pk))


def connect() -> None:
    for model in KINDS:
        label = model._meta.model_name
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"search-delete-{label}")
    for model in NAMED_BY:
        label = model._meta.model_name
        post_save.connect(name_saved, sender=model, dispatch_uid=f"search-name-{label}")
