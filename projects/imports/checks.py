"""The model's own validation of imported records, fast enough for 10,000 rows.

``Model.clean_fields`` runs every field's ``clean`` (type, length, choices, validators) on every
record. ``Field.clean`` looks only at the value, and in an import most columns repeat a handful
of values (stages, sectors, dates, units), so the engine runs it once per distinct cell value
(``value_messages``) and the record-level checks once per record (``record_messages``): the
same errors as ``full_clean`` would give, without its cost. Uniqueness is not checked here: the
unique fields of the imported models are their natural keys, which the engine matches itself.
"""

from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class FieldChecks:
    def __init__(self, model, file_attributes):
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.fields = {f.name: f for f in fields}
        # Names and descriptions are different on every row: for text whose only checks are
        # its length and NUL characters, those two are looked at here, and a value failing
        # either goes through ``Field.clean`` for Django's own message.
        self.text_limits = {f.name: _text_limit(f) for f in fields if _text_limit(f) is not None}
        # A new record must have what the file leaves out: required fields without a default.
        self.required_elsewhere = [
            f
            for f in fields
            if f.name not in file_attributes
            and not f.primary_key
            and not f.blank
            and not f.has_default()
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]

    def value_messages(self, name, value) -> tuple[str, ...]:
        """What ``Field.clean`` says about *value* for the model field *name* (may be empty)."""
        field = self.fields.get(name)
        if field is None:
            return ()  # many-to-many: the lookup found every record named
        if field.many_to_one:
            # The lookup found the record; only "required" is left to check.
            return ("必须填写。",) if value is None and not field.null else ()
        if value in field.empty_values:
            # Django's own words here are "这个值不能为 null" and the like.
            return () if field.blank else ("必须填写。",)
        limit = self.text_limits.get(name)
        if limit is not None and type(value) is str and len(value) <= limit and "\x00" not in value:
            return ()
        try:
            field.clean(value, None)
        except ValidationError as error:
            return tuple(error.messages)
        return ()

    def record_messages(self, obj, *, is_new: bool) -> dict[str, list[str]]:
        """Required fields missing from a new record, and the model's own ``clean()``."""
        errors = {}
        if is_new:
            for field in self.required_elsewhere:
                # A related record created by the same file has no id yet but is set.
                set_unsaved = field.many_to_one and field.get_cached_value(obj, None) is not None
                if getattr(obj, field.attname) in field.empty_values and not set_unsaved:
                    errors[field.name] = [f"新建时必须填写“{field.verbose_name}”。"]
        try:
            obj.clean()
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors.setdefault(name or NON_FIELD_ERRORS, []).extend(_texts(messages))
        return errors


def _text_limit(field) -> float | None:
    """The longest text *field* takes, if length and NUL characters are all it checks."""
    if field.get_internal_type() not in ("CharField", "TextField") or field.choices:
        return None
    plain = (validators.MaxLengthValidator, validators.ProhibitNullCharactersValidator)
    if any(type(check) not in plain for check in field.validators):
        return None
    return field.max_length if field.max_length is not None else float("inf")


def _texts(messages):
    for message in messages:
        if isinstance(message, ValidationError):
            yield from message.messages
        else:
            yield str(message)
