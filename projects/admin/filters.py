"""List filters whose choices are read once per request.

With facets shown, Django builds every filter again for each facet it counts, and each related
filter reads its choices again: on the project list (eight facets, three related filters and
the townships) that was about 30 of its 59 queries. These read them once and keep them on the
request.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path


def _kept(request, key, read):
    kept = request.__dict__.setdefault("_filter_choices", {})
    if key not in kept:
        kept[key] = read()
    return kept[key]


class RelatedOnce(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        key = ("related", model_admin.model, self.field_path)
        return _kept(request, key, lambda: super(RelatedOnce, self).field_choices(
            field, request, model_admin
        ))  # fmt: skip


class AllValuesOnce(admin.AllValuesFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        key = ("values", model_admin.model, field_path)
        found = self.lookup_choices
        self.lookup_choices = _kept(request, key, lambda: list(found))


PLAIN = {"BooleanField", "NullBooleanField", "DateField", "DateTimeField"}


def once(model, entries) -> list:
    """*entries* of a list_filter, with the filters above for plain field names of relations
    and of free values (the ones Django would give a related or all-values filter)."""
    result = []
    for entry in entries:
        if isinstance(entry, str):
            field = get_fields_from_path(model, entry)[-1]
            if field.is_relation and field.many_to_one:
                entry = (entry, RelatedOnce)
            elif not (field.is_relation or field.choices or field.get_internal_type() in PLAIN):
                entry = (entry, AllValuesOnce)
        result.append(entry)
    return result
