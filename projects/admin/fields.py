"""Number and date inputs that accept what staff type, the same way the importer reads files.

Staff copy figures out of Excel and WPS (1,234.50, full-width digits) and write dates as
2026年3月1日 or 2026.3.1; the admin understands all of them instead of refusing them.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models

from projects.imports import values


class FlexibleDecimalField(forms.DecimalField):
    # A text box: a browser's number box drops "1,234.50" and sends nothing at all.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 16})

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = values.decimal(value)
            except values.BadValue as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(None if value is None else str(value))


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
