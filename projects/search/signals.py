"""Keeping the index in step with saves and deletes made one record at a time.

A project, target or news item saved (admin, shell, the plan loader, a project brought in step
with its reports) has its entry replaced in the same transaction; a sector, category or unit
saved has the entries of every project and target that shows its name replaced. Bulk writers
send no signals and call ``projects.search.index.refresh`` themselves (imports, approvals of a
reporter's submission, sample data). ``raw`` saves (loaddata, as a restore does) are skipped:
the restore rebuilds the whole index once it has loaded everything.
"""

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


def record_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not SEARCHED[sender] & set(update_fields)):
        return
    index.refresh(KINDS[sender], [instance.pk])


def record_deleted(sender, instance, **kwargs):
    index.refresh(KINDS[sender], [instance.pk])


def _refresh_users(projects, targets) -> None:
    index.refresh(SearchKind.PROJECT, projects.values_list("pk", flat=True))
    index.refresh(SearchKind.TARGET, targets.values_list("pk", flat=True))


def sector_saved(sender, instance, raw=False, **kwargs):
    # An area's name is shown and searched with the sectors under it.
    if raw:
        return
    under = Q(sector=instance) | Q(sector__parent=instance)
    _refresh_users(Project.objects.filter(under), Target.objects.filter(under))


def category_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_users(Project.objects.filter(category=instance), Target.objects.none())


def unit_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_users(
            Project.objects.filter(responsible_unit=instance),
            Target.objects.filter(responsible_unit=instance),
        )


def connect() -> None:
    for model in KINDS:
        label = model._meta.model_name
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"search-delete-{label}")
    post_save.connect(sector_saved, sender=Sector, dispatch_uid="search-sector")
    post_save.connect(category_saved, sender=Category, dispatch_uid="search-category")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid="search-unit")
