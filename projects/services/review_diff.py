"""What a reviewer compares: each field as the public sees it now, and as it would be."""

import copy
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from projects.services.review import RevisionAction, apply, encode, reviewed_fields


@dataclass
class FieldChange:
    label: str
    public: str
    proposed: str
    changed: bool


def shown(field, obj) -> str:
    """A field's value as a clerk reads it: choices by name, linked records by name."""
    value = getattr(obj, field.name) if field.is_relation else field.value_from_object(obj)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.FileField):
        return value.name if hasattr(value, "name") else str(value)
    if isinstance(field, models.DecimalField):
        return format(value.normalize(), "f")
    return str(value)


def load_records(revisions) -> None:
    """Fetch the records of many revisions in one query per kind, for the review page."""
    by_kind = {}
    for revision in revisions:
        by_kind.setdefault(revision.content_type_id, []).append(revision)
    for kind, group in by_kind.items():
        model = ContentType.objects.get_for_id(kind).model_class()
        # The record a report or figure belongs to: its checks and its label read it.
        parents = [f.name for f in model._meta.fields if f.name in ("project", "target")]
        manager = model._default_manager.select_related(*parents)
        found = manager.in_bulk([r.object_id for r in group])
        for revision in group:
            revision._record = found.get(revision.object_id)


def label(field) -> str:
    """The field's name with its unit, as a reviewer compares amounts: 2026年计划投资（万元）."""
    name = str(field.verbose_name)
    help_text = str(field.help_text)
    if help_text.startswith("单位：万元") and "万元" not in name:
        return f"{name}（万元）"
    return name


def revision_rows(revision) -> list[FieldChange]:
    """For a change, the changed fields; for a new record, every field it fills."""
    public = revision.record()
    if public is None:
        return []
    fields = reviewed_fields(type(public))
    if revision.action == RevisionAction.PUBLISH:
        return [
            FieldChange(label(f), "（尚未公开）", shown(f, public), True)
            for f in fields
            if shown(f, public) != "—"
        ]
    proposed = copy.copy(public)
    proposed._state = copy.copy(public._state)
    proposed._state.fields_cache = {}
    apply(proposed, revision.changes)
    rows = []
    for f in fields:
        if f.attname in revision.changes:
            rows.append(
                FieldChange(
                    label(f),
                    shown(f, public),
                    shown(f, proposed),
                    encode(f, public) != encode(f, proposed),
                )
            )
    return rows


def public_url(obj) -> str:
    """Where the public sees *obj*: its own page, or its project's or target's."""
    if obj is None:
        return ""
    owner = getattr(obj, "project", None) or getattr(obj, "target", None) or obj
    return owner.get_absolute_url()
