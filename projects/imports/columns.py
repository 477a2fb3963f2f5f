"""What every import/export resource shares: columns with Chinese headers, the natural key.

A ``Column`` is a django-import-export field that also knows its English aliases and how to
explain itself in the downloadable templates. ``RecordResource`` is the base of the kinds in
``resources``, with the hooks the engine calls; files are imported by ``service.import_file``
only, never by the library's row-by-row ``import_data`` (see PITFALLS.md).
"""

from import_export import fields, resources

from projects.imports import widgets as w
from projects.imports.headers import UNIT_SPELLINGS, header_key, header_units, unit_key

#: Put in a text cell of every template's example row; the import refuses rows carrying it.
EXAMPLE_MARK = "（示例）"


def field_names(text: str) -> tuple[str, ...]:
    """Field names written as one string: long resource declarations stay readable."""
    return tuple(text.split())


class Column(fields.Field):
    """A column of an import file: its Chinese header, English aliases and explanation."""

    def __init__(
        self, attribute, header, widget=None, *, aliases=(), note="", example="", recorded=True
    ):
        super().__init__(attribute=attribute, column_name=header, widget=widget or w.Text())
        self.header = header
        #: False for a column that is no field of the record but says something about the
        #: change (修改原因): read with the row, never compared or written to the record.
        self.recorded = recorded
        self.aliases = tuple(dict.fromkeys((attribute, *aliases)))
        self.note = note
        self.example = example
        # The unit a number column is recorded in, as its header says: 总投资(万元) -> 万元.
        units = header_units(header) if isinstance(self.widget, w.Number) else []
        self.unit = units[0] if units else ""

    def header_keys(self):
        return {header_key(name) for name in (self.header, *self.aliases)}

    def wrong_unit(self, header) -> str:
        """The unit a file's header gives this column if it is not the recorded one, else "".

        A header 总投资（亿元） over numbers in 亿元 would otherwise be read as 万元: 10,000 times
        too small. Brackets over columns without a fixed unit (纬度, 建设规模) are not units.
        """
        if not self.unit:
            return ""
        same = UNIT_SPELLINGS.get(self.unit, {unit_key(self.unit)})
        for written in header_units(header):
            if unit_key(written) and unit_key(written) not in same:
                return written
        return ""


class RecordResource(resources.ModelResource):
    """What every kind shares; subclasses list their columns and their natural key."""

    #: attributes that identify a record across files (the natural key)
    key: tuple[str, ...] = ()
    #: short Chinese name of one record, for messages
    noun = "记录"

    def columns(self) -> list[Column]:
        return [field for field in self.get_export_fields() if isinstance(field, Column)]

    def column(self, attribute) -> Column:
        return next(column for column in self.columns() if column.attribute == attribute)

    def model_field(self, column):
        return self._meta.model._meta.get_field(column.attribute)

    def notes(self) -> list[str]:
        """The attributes of the columns that are not fields of the record."""
        return [column.attribute for column in self.columns() if not column.recorded]

    def is_required(self, column) -> bool:
        """Whether a new record needs this column filled (the key always does)."""
        if column.attribute in self.key:
            return True
        if not column.recorded:
            return False
        field = self.model_field(column)
        if field.many_to_many or field.has_default():
            return False
        return not field.blank

    def meaning(self, column) -> str:
        if not column.recorded:
            return f"{column.header}：{column.note}"
        field = self.model_field(column)
        parts = [str(field.verbose_name)]
        if column.note or field.help_text:
            parts.append(column.note or str(field.help_text))
        return "：".join(parts)

    def describe(self, obj) -> str:
        """How a record is named in the preview and in error lists."""
        return str(obj)

    def filter_export(self, queryset, **kwargs):
        lookups = [c for c in self.columns() if isinstance(c.widget, w.Lookup)]
        related = [c.attribute for c in lookups if not isinstance(c.widget, w.ManyLookup)]
        related += [c.attribute for c in self.columns() if isinstance(c.widget, w.ResponsibleUnit)]
        many = [c.attribute for c in lookups if isinstance(c.widget, w.ManyLookup)]
        if related:  # select_related() without names would follow every foreign key
            queryset = queryset.select_related(*related)
        return queryset.prefetch_related(*many)

    def get_queryset(self):
        return self._meta.model._default_manager.order_by(*self.key)

    #: money fields whose change by a factor of 1,000 or more must be confirmed
    large_change_fields: tuple[str, ...] = ()

    def unusual_amounts(self, planned, header_of, label) -> list:
        """Amounts 1,000 times off a figure they belong with (``plausibility``)."""
        return []

    # Hooks for the engine; the defaults suit records whose related records already exist.

    def prepare_table(self, table, options, notes):
        """Complete *table* with what the clerk gave besides the file (``options``) before
        its header is matched; raise ``FileProblem`` when something needed is missing."""

    def statements(self, records) -> list[str]:
        """What the preview and the result say about the file's records once imported."""
        return []

    def before_check(self, table, columns):
        """Prepare lookups before the rows are read."""

    def new_instance(self, row_values):
        """An unsaved record with the row's values (many-to-many ones excepted)."""
        return self._meta.model(**row_values)

    def row_problems(self, row_values, raw) -> list[tuple[str, str]]:
        """Problems between the cells of one row: (attribute, reason). Run on every row that
        was read, whether or not it changes its record."""
        return []

    def check_plan(self, plan) -> list[tuple[int, str, str]]:
        """Problems that only show across rows: (row number, attribute, reason)."""
        return []

    def review_change(self, planned, changes, *, published) -> list[tuple[str, str]]:
        """Problems of a row that creates or changes its record, seen with what it changes:
        (attribute, reason). ``planned.before`` holds the stored values (None for a new
        record), ``planned.notes`` the row's cells of columns that are not fields; a resource
        may add to the change here (and to *changes*, shown in the preview)."""
        return []

    def creation_batches(self, created) -> list[list]:
        """New records in the order they must be created."""
        return [created] if created else []

    def after_write(self, *, created, updated, user, reason):
        """Follow-up work once records are written, inside the same transaction."""

    def after_draft_write(self, *, created, updated, user, reason):
        """Follow-up work once a reporter's drafts are written (``for_review``)."""
        self.after_write(created=created, updated=updated, user=user, reason=reason)

    def import_data(self, *args, **kwargs):
        """Refused: the library's loop saves row by row and keeps the valid rows of a file
        with invalid ones. Files go through ``service.import_file``, all or nothing."""
        raise TypeError(
            "Import files with projects.imports.service.import_file, which checks every row "
            "before anything is written."
        )
