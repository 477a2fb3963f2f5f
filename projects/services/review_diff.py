"""What a reviewer compares: each field as the public sees it now, and as it would be."""

from dataclasses import dataclass

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


def revision_rows(revision) -> list[FieldChange]:
    """For a change, the changed fields; for a new record, every field it fills."""
    public = revision.record()
    if public is None:
        return []
    fields = reviewed_fields(type(public))
    if revision.action == RevisionAction.PUBLISH:
        return [
            FieldChange(str(f.verbose_name), "（尚未公开）", shown(f, public), True)
            for f in fields
            if shown(f, public) != "—"
        ]
    proposed = type(public)._default_manager.get(pk=public.pk)
    apply(proposed, revision.changes)
    rows = []
    for f in fields:
        if f.attname in revision.changes:
            rows.append(
                FieldChange(
                    str(f.verbose_name),
                    shown(f, public),
                    shown(f, proposed),
                    encode(f, public) != encode(f, proposed),
                )
            )
    return rows
