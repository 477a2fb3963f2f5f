"""Number and date inputs that accept what staff type, the same way the importer reads files.

Staff copy figures out of Excel and WPS (1,234.50, full-width digits, 35%) and write dates as
2026年3月1日 or 2026.3.1; the admin understands all of them instead of refusing them.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models

from projects.imports import coordinates, values
from projects.models.projects import PERCENT


class FlexibleDecimalField(forms.DecimalField):
    # A text box: a browser's number box drops "1,234.50" and sends nothing at all.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 16})
    parse = staticmethod(values.decimal)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = self.parse(value)
            except values.BadValue as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(None if value is None else str(value))


class FlexiblePercentField(FlexibleDecimalField):
    """35, 35%, 35 % and ３５％ are all 35; a bare 0.35 is refused as the importer refuses it."""

    widget = forms.TextInput(attrs={"size": 8})
    parse = staticmethod(values.percent)

    def prepare_value(self, value):
        # A stored 0.5 (per cent) shown as "0.5" would be refused as ambiguous on the next
        # save of the form; shown as "0.5%", as the export writes it, it saves unchanged.
        if not isinstance(value, str) and value is not None and 0 < value <= 1:
            return f"{values.number_text(value)}%"
        return super().prepare_value(value)


class CoordinateField(forms.DecimalField):
    """A latitude or longitude typed as decimal degrees or 度分秒 (see ``coordinates``)."""

    widget = forms.TextInput(attrs={"size": 24})

    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("label", coordinates.NAMES[kind])
        kwargs.setdefault("help_text", f"例如 {coordinates.EXAMPLES[kind]}。")
        super().__init__(max_digits=9, decimal_places=6, required=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = coordinates.read(value, self.kind)
            except values.BadValue as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(None if value is None else str(value))


def is_percent(db_field) -> bool:
    """A progress percentage (形象进度): the importer reads the same fields as percentages."""
    return isinstance(db_field, models.DecimalField) and any(
        v in PERCENT for v in db_field.validators
    )


class FlexibleDateField(forms.DateField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            try:
                return values.date(value)
            except values.BadValue as error:
                raise ValidationError(str(error), code="invalid") from None


FLEXIBLE_INPUTS = {
    models.DecimalField: {"form_class": FlexibleDecimalField},
    models.DateField: {"form_class": FlexibleDateField, "widget": AdminDateWidget},
}


class FlexibleInputs:
    """For model admins and inlines: the flexible inputs, with percentages read as such."""

    formfield_overrides = FLEXIBLE_INPUTS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_percent(db_field):
            kwargs.setdefault("form_class", FlexiblePercentField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
