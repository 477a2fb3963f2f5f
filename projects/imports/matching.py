"""Matching each row to its stored record by the natural key, and what the row would change.

The records of all keys are found in a few queries (``find_existing``); each row is then
compared with its record field by field (``compare``): a new record, the fields an update
changes with their old and new values for the preview, or nothing. An empty cell is never a
change (``blanks``).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Upper

from projects.imports.outcome import Change

CHUNK = 500  # keys per query: well under every database's limit on query parameters


@dataclass
class Planned:
    row: int
    obj: models.Model
    raw: dict
    is_new: bool
    changed: set = field(default_factory=set)
    many: dict = field(default_factory=dict)
    before: dict | None = None  # the stored record's values (attname -> value) before the row
    notes: dict = field(default_factory=dict)  # cells of the columns that are no fields


def find_existing(resource, keys, attributes) -> dict:
    """The stored records of these natural keys, a few hundred keys per query.

    Related records are not loaded with them: the lookups already hold every one by id. Only
    the key's own related record is, to name the record in the preview.
    """
    model = resource._meta.model
    attnames = [model._meta.get_field(attr).attname for attr in resource.key]
    named_by = [attr for attr in resource.key if model._meta.get_field(attr).many_to_one]
    queryset = model._default_manager.all()
    if named_by:  # select_related() without names would follow every foreign key
        queryset = queryset.select_related(*named_by)
    many = [c for c in resource.columns() if c.widget.many and c.attribute in attributes]
    # Codes are read in upper case; one saved in lower case before that rule is the same
    # record, and must be updated rather than given an upper-case twin.
    upper = getattr(resource.column(resource.key[0]).widget, "upper", False)
    lookup = f"{attnames[0]}__in"
    if upper:
        queryset = queryset.annotate(import_code=Upper(attnames[0]))
        lookup = "import_code__in"
    firsts = sorted({key[0] for key in keys}, key=str)
    found = {}
    for start in range(0, len(firsts), CHUNK):
        chunk = firsts[start : start + CHUNK]
        objs = list(queryset.filter(**{lookup: chunk}))
        for column in many:
            _attach_links(model, column, objs)
        for obj in objs:
            key = tuple(getattr(obj, name) for name in attnames)
            if upper:
                # Of two records differing only in case, the one already in upper case wins.
                exact = key[0] == obj.import_code
                key = (obj.import_code, *key[1:])
                if key in found and not exact:
                    continue
            found[key] = obj
    return found


def _attach_links(model, column, objs):
    """The records' current many-to-many values, from one query on the link table."""
    field_ = model._meta.get_field(column.attribute)
    through = field_.remote_field.through
    source = field_.m2m_field_name() + "_id"
    target = field_.m2m_reverse_field_name() + "_id"
    links = {}
    pairs = through.objects.filter(**{f"{source}__in": [obj.pk for obj in objs]})
    for owner, related in pairs.values_list(source, target):
        links.setdefault(owner, []).append(column.widget.by_pk[related])
    for obj in objs:
        obj.__dict__.setdefault("_import_links", {})[column.attribute] = links.get(obj.pk, [])


class Slot(NamedTuple):
    """What comparing one column's value with the stored one needs, worked out once."""

    column: object
    widget: object
    many: bool
    fk_attname: str | None  # the id attribute of a foreign key, found in the lookups
    keyed: bool  # part of the natural key: only a code's case can differ


def slots_of(resource) -> dict:
    model = resource._meta.model
    slots = {}
    for column in resource.columns():
        widget = column.widget
        try:
            field_ = model._meta.get_field(column.attribute)
        except FieldDoesNotExist:  # a column that is no field (修改原因)
            field_ = None
        fk = field_.attname if field_ is not None and field_.many_to_one else None
        keyed = column.attribute in resource.key
        slots[column.attribute] = Slot(column, widget, widget.many, fk, keyed)
    return slots


def _current(obj, attr, slot):
    """The stored value of *attr* for *obj*, related records taken from the lookups."""
    if slot.many:
        return obj._import_links[attr]
    if slot.fk_attname is not None:
        pk = getattr(obj, slot.fk_attname)
        return None if pk is None else slot.widget.by_pk.get(pk) or getattr(obj, attr)
    return getattr(obj, attr)


def new_values(columns, row) -> list[Change]:
    # A new record has no 编号 yet: the database gives it one when it is written.
    return [
        Change(columns[a].header, "", columns[a].widget.fmt(val))
        for a, val in row.values.items()
        if a != "id" and a not in row.blanks and val not in (None, "", [])
    ]


def compare(resource, slots, row, obj):
    """What this row would do to its record: (Planned, changes), or (None, []) if nothing."""
    if obj is None:
        plain = {a: val for a, val in row.values.items() if not slots[a].many}
        planned = Planned(row.number, resource.new_instance(plain), row.raw, is_new=True)
        planned.changed = set(row.values)
        planned.many = {a: val for a, val in row.values.items() if slots[a].many}
        return planned, []
    planned = Planned(row.number, obj, row.raw, is_new=False)
    changes = []
    blanks_ = row.blanks
    for attr, value in row.values.items():
        if attr in blanks_:
            continue  # blank never erases: clearing needs （清空）
        slot = slots[attr]
        widget = slot.widget
        # The key matched; only a code saved in lower case before codes were capitals can
        # differ, and is then shown and written in capitals like any other change.
        if slot.keyed and (not getattr(widget, "upper", False) or getattr(obj, attr) == value):
            continue
        current = _current(obj, attr, slot)
        if widget.same(current, value):
            continue
        changes.append(Change(slot.column.header, widget.fmt(current), widget.fmt(value)))
        if slot.many:
            planned.many[attr] = value
        else:
            setattr(obj, attr, value)
        planned.changed.add(attr)
    if not changes:
        return None, []
    return planned, changes
