"""What an empty cell and the mark （清空） mean.

An empty cell (or — / 无 in a number or date column) says nothing: an existing record keeps its
stored value, whether one cell is empty or the clerk left the whole column blank, so a
template filled in partly changes only what was filled. A new record takes the model's default
for it, as a record made in the admin would. Clearing a stored value needs the explicit mark
（清空） (or (清空)); a field a record must have cannot be cleared.
"""

from projects.imports import values as v


def has_default(field_checks, attr) -> bool:
    """Whether a new record gets a value of its own (the model default) for an empty cell."""
    field = field_checks.fields.get(attr)
    return field is not None and field.has_default()


def cleared(column, field_checks):
    """(the empty value a （清空） cell sets, or None; why it cannot be cleared, or None)."""
    try:
        value = column.widget.cleared()
    except v.BadValue as error:
        return None, error.message
    if field_checks.value_messages(column.attribute, value):
        return None, (
            f"“{column.header}”是必填项，不能清空。请填写新的内容；留空则保持原来的内容不变。"
        )
    return value, None
