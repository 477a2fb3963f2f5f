"""The import itself: check every row, then write all of them or none, in batches.

django-import-export's own loop saves row by row (a few hundred project rows a second on this
project's machines, see ``make bench-import``) and commits the valid rows of a file with
invalid ones. This engine keeps the library's resources, fields
and widgets but does the work in bulk:

1. match the file's headers to the resource's columns (Chinese names, English aliases);
2. read every cell with the column's widget; lookups come from one query per related table;
3. find the existing records of all natural keys in a few queries;
4. compare each row with its record (new / update with the changed fields / unchanged) and
   validate new and changed records with the model's own field checks and ``clean()``
   (``checks``);
5. only if no row has a problem, in one transaction: insert and update in bulk, with a history
   entry for every record carrying the user and the reason (``bulk``).

The admin runs it twice, as a dry run for the preview and for real on confirm.
"""

import datetime
import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Upper
from django.utils import translation

from portal.cache import bump_content_version
from projects.imports import blanks, bulk, plausibility
from projects.imports import values as v
from projects.imports.checks import FieldChecks
from projects.imports.columns import EXAMPLE_MARK, find_column, money_scales, to_wan_yuan
from projects.imports.files import FileProblem, reading_notes
from projects.imports.options import ImportOptions
from projects.imports.outcome import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    WHOLE_ROW,
    Change,
    Outcome,
    Problem,
    RowResult,
)

CHUNK = 500  # keys per query: well under every database's limit on query parameters
EXAMPLE_KEY = v.normalise(EXAMPLE_MARK)
MOVED = (
    "预览之后，相关数据已被修改（可能是其他工作人员同时在编辑）。"
    "为免覆盖他人的修改，本次未导入，请重新上传文件预览。"
)


def import_reason(file_name: str) -> str:
    return f"从 {file_name} 导入"


class ParsedRow(NamedTuple):
    number: int  # as Excel shows it
    values: dict  # attribute -> value read from the cell
    raw: dict  # attribute -> the cell as the file has it
    invalid: dict  # attribute -> what the model field says about a readable value
    problems: list  # cells that cannot be read at all, and duplicate or missing keys
    key: tuple  # the natural key
    blanks: frozenset = frozenset()  # attributes whose cells are empty: stored values stay


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


def run_import(
    resource, table, *, user=None, file_name="", dry_run=True, expected="", options=None
):
    """Check *table* against *resource* and, unless *dry_run*, write it all or nothing.

    *expected* is the fingerprint of the preview the user confirmed: if the data has moved since,
    nothing is written. *options* (``ImportOptions``) is what the clerk gave besides the file:
    a report date, a publish choice, the confirmation of large money changes. Returns an
    ``Outcome`` listing every row and every problem.
    """
    options = options or ImportOptions()
    outcome = Outcome(
        kind=resource._meta.model._meta.verbose_name,
        file_name=file_name or table.file_name,
        dry_run=dry_run,
    )
    with translation.override("zh-hans"):
        layout = getattr(table, "layout", None)
        outcome.notes = reading_notes(table) + (layout.notes() if layout else [])
        try:
            resource.prepare_table(table, options, outcome.notes)
            columns = match_columns(resource, table, outcome.notes)
        except FileProblem as problem:
            outcome.file_problem = problem.message
            return outcome
        if dry_run:
            check(resource, table, columns, outcome)
            return outcome
        try:
            with transaction.atomic():
                plan = check(resource, table, columns, outcome)
                if outcome.has_errors:
                    return outcome
                if outcome.warnings and not options.accept_large_changes:
                    outcome.unconfirmed = True
                    outcome.file_problem = plausibility.unconfirmed_message(outcome.warnings)
                    return outcome
                if expected and outcome.fingerprint() != expected:
                    outcome.file_problem = MOVED
                    return outcome
                outcome.created, outcome.updated = write(
                    resource, plan, user=user, reason=import_reason(outcome.file_name)
                )
                outcome.applied = True
                # Bulk writes send no signals: tell the public page cache once it is committed.
                transaction.on_commit(bump_content_version)
        except IntegrityError:
            # Someone saved a clashing record (or removed a related one) while this import ran;
            # the transaction has undone everything.
            outcome.applied, outcome.created, outcome.updated = False, [], []
            outcome.file_problem = MOVED
    return outcome


def match_columns(resource, table, notes=None) -> list:
    """(cell index, column, header) for every known header. Columns the kind does not record
    (序号, 联系人, 备注) are skipped and named in *notes*; a repeated column, a missing key, a
    unit in a header other than the recorded one, or a unit line that cannot apply refuse."""
    by_key = {}
    for column in resource.columns():
        for key in column.header_keys():
            by_key[key] = column
    matched, unknown, seen, wrong_units = [], [], {}, []
    for index, header in enumerate(table.headers):
        if v.is_blank(header):
            if any(index < len(cells) and not v.is_blank(cells[index]) for _, cells in table.rows):
                unknown.append(f"第 {index + 1} 列（没有列名）")
            continue
        column = find_column(header, by_key)
        if column is None:
            unknown.append(f"“{str(header).strip()}”")
        elif column.attribute in seen:
            twice = f"“{seen[column.attribute]}”和“{header}”"
            raise FileProblem(f"“{column.header}”列出现了两次（{twice}）。")
        else:
            seen[column.attribute] = header
            matched.append((index, column, str(header).strip()))
            written = column.wrong_unit(header)
            if written:
                wrong_units.append(
                    f"“{str(header).strip()}”列的单位是“{written}”，"
                    f"而系统中该列按“{column.unit}”记录"
                )
    if wrong_units:
        raise FileProblem(
            f"{'；'.join(wrong_units)}。为免数值差错，整个文件未导入。"
            "请把这些列的数值换算成系统记录的单位，并把列名改为模板中的列名后重新导入。"
        )
    missing = [resource.column(attr).header for attr in resource.key if attr not in seen]
    if missing:
        raise FileProblem(f"缺少必需的列：{'、'.join(missing)}。")
    _, unit_note, unit_problem = money_scales(matched, _units(table))
    if unit_problem:
        raise FileProblem(unit_problem)
    if notes is not None:
        if unknown:
            notes.append(
                f"以下列不是系统记录的内容，未导入：{'、'.join(unknown)}。"
                "如其中有要导入的数据，请把列名改为模板中的列名（见模板的“填写说明”）。"
            )
        if unit_note:
            notes.append(unit_note)
    return matched


def _units(table) -> list:
    """The units the file states outside its header (单位：亿元), as its layout found them."""
    layout = getattr(table, "layout", None)
    return layout.units if layout else []


def check(resource, table, columns, outcome) -> list[Planned]:
    """Fill *outcome* with a result for every row; return what would be written."""
    for _, column, _ in columns:
        column.widget.load()
    resource.before_check(table, columns)
    header_of = {column.attribute: header for _, column, header in columns}
    field_checks = FieldChecks(resource._meta.model, set(header_of))
    scales, _, _ = money_scales(columns, _units(table))
    parsed = read_rows(resource, table, columns, header_of, field_checks, scales)
    keys = [row.key for row in parsed if not row.problems]
    existing = find_existing(resource, keys, set(header_of))
    by_attr = {column.attribute: column for column in resource.columns()}
    slots = _slots(resource)
    note_attrs = resource.notes()
    plan, records = [], []  # records: as each row leaves it, for ``resource.statements``
    for row in parsed:
        number = row.number
        if row.problems:
            outcome.problems.extend(row.problems)
            outcome.rows.append(RowResult(number, ERROR))
            continue
        stored = existing.get(row.key)
        published = bool(getattr(stored, "is_published", False))  # before the row changes it
        notes = {attr: row.values.pop(attr) for attr in note_attrs if attr in row.values}
        before = None if stored is None else dict(stored.__dict__)
        planned, changes = _compare(resource, slots, row, stored)
        if planned is None:
            outcome.rows.append(RowResult(number, UNCHANGED, resource.describe(stored)))
            records.append(stored)
            continue
        planned.before, planned.notes = before, notes
        reviewed = resource.review_change(planned, changes, published=published)
        # A stored value the file repeats is not judged again, only what the row sets.
        errors = {a: list(m) for a, m in row.invalid.items() if a in planned.changed}
        for attr, message in reviewed:
            errors.setdefault(attr, []).append(message)
        for attr, messages in field_checks.record_messages(
            planned.obj, is_new=planned.is_new
        ).items():
            errors.setdefault(attr, []).extend(messages)
        if errors:
            outcome.problems.extend(_problems(resource, planned, header_of, errors))
            outcome.rows.append(RowResult(number, ERROR, resource.describe(planned.obj)))
            continue
        status = NEW if planned.is_new else UPDATE
        label = resource.describe(planned.obj)
        result = RowResult(number, status, label, changes, published=published)
        if planned.is_new:
            # A new record is shown with its values, field by field like an update, so a wrong
            # figure can be seen before it is confirmed.
            result.values = functools.partial(_new_values, by_attr, row)
        outcome.rows.append(result)
        outcome.warnings.extend(
            plausibility.large_changes(planned, resource.large_change_fields, header_of, label)
        )
        plan.append(planned)
        records.append(planned.obj)
    for number, attr, message in resource.check_plan(plan):
        column = header_of.get(attr, WHOLE_ROW)
        outcome.problems.append(Problem(number, column, "", message))
    if not outcome.problems:
        outcome.statements = resource.statements(records)
    return plan


def read_rows(resource, table, columns, header_of, field_checks, scales=None) -> list[ParsedRow]:
    """Every row of the file, read. A readable value that fails the model field's checks is
    set aside in ``invalid``: it matters only if the row sets it (see ``check``)."""
    # Most columns repeat a few values (stages, sectors, dates): judge each distinct cell once.
    reading = [
        (index, column.attribute, header, column, {} if column.widget.pure else None)
        for index, column, header in columns
    ]
    scales = scales or {}
    parsed, seen = [], {}
    for number, cells in table.rows:
        row_values, raw, invalid, problems = {}, {}, {}, []
        empty = set()
        width = len(cells)
        for index, attr, header, column, memo in reading:
            cell = cells[index] if index < width else None
            raw[attr] = cell
            # The type is part of the key (1, 1.0 and True are equal), except for text cells.
            memo_key = cell if type(cell) is str else (type(cell), cell)
            verdict = memo.get(memo_key) if memo is not None else None
            if verdict is None:
                verdict = _judge_cell(column, cell, field_checks, scales.get(attr, 1))
                if memo is not None:
                    memo[memo_key] = verdict
            value, message, messages, state = verdict
            if message is not None:
                problems.append(Problem(number, header, _shown(cell), message))
                continue
            if state is KEEP:
                continue
            if state is EMPTY:
                empty.add(attr)
            row_values[attr] = value
            if messages:
                invalid[attr] = messages
        problems.extend(_example_problems(number, columns, cells))
        for attr, message in resource.row_problems(row_values, raw):
            problems.append(Problem(number, header_of[attr], _shown(raw[attr]), message))
        if row_values.get(resource.key[0]) == "" and hasattr(resource, "new_key"):
            try:  # a new project without a code gets the next one (``codes``)
                row_values.update(resource.new_key(row_values))
                empty.discard(resource.key[0])
                invalid.pop(resource.key[0], None)
            except v.BadValue as error:
                attr = resource.key[0]
                problems.append(Problem(number, header_of[attr], _shown(raw[attr]), error.message))
        key = _row_key(resource, row_values)
        for attr in resource.key:
            named = any(problem.column == header_of[attr] for problem in problems)
            if attr in row_values and row_values[attr] in (None, "") and not named:
                problems.append(Problem(number, header_of[attr], "", "必须填写。"))
        if not problems and key in seen:
            attr = resource.key[-1]
            message = f"与第 {seen[key]} 行重复：同一{resource.noun}在文件中只能出现一次。"
            problems.append(Problem(number, header_of[attr], _shown(raw[attr]), message))
        seen.setdefault(key, number)
        parsed.append(ParsedRow(number, row_values, raw, invalid, problems, key, frozenset(empty)))
    return parsed


# What a cell does to its field (the last item of ``_judge_cell``'s answer).
SET, EMPTY, KEEP = "set", "empty", "keep"


def _judge_cell(column, cell, field_checks, scale=1):
    """(value, why it cannot be read, what the model field says about it, SET/EMPTY/KEEP).

    An empty cell keeps the stored value (``blanks``); a new record takes the model default
    where there is one, as if the column were not in the file (KEEP), else the empty value
    (EMPTY). （清空） sets the empty value on purpose. *scale* converts money written in
    another unit (亿元, 元) to the 万元 it is recorded in.
    """
    if v.is_clear_mark(cell):
        value, message = blanks.cleared(column, field_checks)
        return value, message, (), SET
    try:
        value = to_wan_yuan(column.widget.clean(cell), scale)
    except v.BadValue as error:
        return None, error.message, (), SET
    messages = field_checks.value_messages(column.attribute, value)
    if not column.widget.empty(cell):
        return value, None, messages, SET
    if column.widget.blank_keeps or blanks.has_default(field_checks, column.attribute):
        return value, None, messages, KEEP
    return value, None, messages, EMPTY


def _example_problems(number, columns, cells) -> list[Problem]:
    """The template's example row, left in the file: it names real records (KL2026-001, T16)
    and would import invented figures as if they were true."""
    if "示例" not in "\x1f".join(cell for cell in cells if isinstance(cell, str)):
        return []  # every real row: one search instead of one per cell
    for index, _, header in columns:
        cell = cells[index] if index < len(cells) else None
        if isinstance(cell, str) and "示例" in cell and EXAMPLE_KEY in v.normalise(cell):
            message = f"第 {number} 行是模板里的示例行，请删除后再导入。"
            return [Problem(number, header, _shown(cell), message)]
    return []


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


def _slots(resource) -> dict:
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


def _row_key(resource, row_values) -> tuple:
    parts = (row_values.get(attr) for attr in resource.key)
    return tuple(part.pk if isinstance(part, models.Model) else part for part in parts)


def _new_values(columns, row) -> list[Change]:
    return [
        Change(columns[a].header, "", columns[a].widget.fmt(val))
        for a, val in row.values.items()
        if a not in row.blanks and val not in (None, "", [])
    ]


def _compare(resource, slots, row, obj):
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


def _problems(resource, planned, header_of, errors) -> list[Problem]:
    problems = []
    for attr, messages in errors.items():
        if attr == NON_FIELD_ERRORS:
            column, value = WHOLE_ROW, ""
        else:
            column = header_of.get(attr) or _header(resource, planned.obj, attr)
            value = (
                _shown(planned.raw[attr])
                if attr in planned.raw
                else _stored_text(planned.obj, attr)
            )
        problems.extend(Problem(planned.row, column, value, str(m)) for m in messages)
    return problems


def write(resource, plan, *, user, reason):
    """Create and update in bulk, each record with a history entry for *user* and *reason*."""
    model = resource._meta.model
    key_attnames = [model._meta.get_field(attr).attname for attr in resource.key]
    created = [p.obj for p in plan if p.is_new]
    updated = [p.obj for p in plan if not p.is_new]
    for batch in resource.creation_batches(created):
        bulk.insert(model, batch, key_attnames)
    bulk.record_history(model, created, user=user, reason=reason, created=True)
    fields = {
        model._meta.get_field(name).attname
        for p in plan
        if not p.is_new
        for name in p.changed
        if name not in p.many
    }
    bulk.update(model, [p.obj for p in plan if not p.is_new and p.changed - set(p.many)], fields)
    # A change of related records only (many-to-many) still gets its history entry.
    bulk.record_history(model, updated, user=user, reason=reason, created=False)
    _write_many(model, plan)
    resource.after_write(created=created, updated=updated, user=user, reason=reason)
    return created, updated


def _write_many(model, plan):
    """Many-to-many links of the rows that set them: the old links go, the file's come."""
    by_field = {}
    for planned in plan:
        for attr, related in planned.many.items():
            by_field.setdefault(attr, []).append((planned.obj, related))
    for attr, pairs in by_field.items():
        field_ = model._meta.get_field(attr)
        through = field_.remote_field.through
        source = field_.m2m_field_name() + "_id"
        target = field_.m2m_reverse_field_name() + "_id"
        ids = [obj.pk for obj, _ in pairs]
        for start in range(0, len(ids), CHUNK):
            through.objects.filter(**{f"{source}__in": ids[start : start + CHUNK]}).delete()
        links = [through(**{source: o.pk, target: r.pk}) for o, related in pairs for r in related]
        through.objects.bulk_create(links)


def _header(resource, obj, attr) -> str:
    try:
        return resource.column(attr).header
    except StopIteration:
        return str(obj._meta.get_field(attr).verbose_name)


def _stored_text(obj, attr) -> str:
    value = getattr(obj, attr, "")
    return "" if value is None else str(value)


def _shown(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        return cell.date().isoformat()  # an Excel date cell, shown as staff typed it
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return v.number_text(cell)
    return str(cell).strip()
