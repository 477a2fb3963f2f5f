"""Labels for the admin's history list (templates/simple_history/object_history_list.html)."""

from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.filter
def field_label(record, name: str) -> str:
    """The Chinese label of a historical record's field (调整依据文号), not its code name."""
    try:
        return record._meta.get_field(name).verbose_name
    except (AttributeError, FieldDoesNotExist):
        return name
