"""The import itself: check every row, then write all of them or none, in batches.

django-import-export's own loop saves row by row (a few hundred project rows a second on this
project's machines, see ``make bench-import``) and commits the valid rows of a file with
invalid ones. This engine keeps the library's resources, fields and widgets but does the work
in bulk, one step per module:

1. the file's headers name the resource's columns, in known units (``headers``);
2. every cell is read with its column's widget (``rows``); lookups come from one query per
   related table;
3. the stored records of all natural keys are found in a few queries, and each row is compared
   with its record: new, an update with the changed fields, or unchanged (``matching``);
4. new and changed records are checked with the model's own field checks and ``clean()``
   (``checks``) and the resource's own rules; large money changes need a confirmation
   (``plausibility``);
5. only if no row has a problem, in one transaction: insert and update in bulk, with a history
   entry for every record carrying the user and the reason (``writing``).

The admin runs it twice, as a dry run for the preview and for real on confirm.
"""

import functools

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import translation

from portal import statistics
from portal.cache import bump_after_commit
from projects.imports import headers, matching, plausibility, rows, writing
from projects.imports import values as v
from projects.imports.checks import FieldChecks
from projects.imports.files import FileProblem, reading_notes
from projects.imports.for_review import ForReview
from projects.imports.layout import NO_DATA, row_span
from projects.imports.options import ImportOptions
from projects.imports.outcome import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    WHOLE_ROW,
    Outcome,
    Problem,
    RowResult,
)
from projects.search import index as search_index

MOVED = (
    "预览之后，相关数据已被修改（可能是其他工作人员同时在编辑）。"
    "为免覆盖他人的修改，本次未导入，请重新上传文件预览。"
)


def import_reason(file_name: str) -> str:
    return f"从 {file_name} 导入"


def run_import(
    resource, table, *, user=None, file_name="", dry_run=True, expected="", options=None
):
    """Check *table* against *resource* and, unless *dry_run*, write it all or nothing.

    *expected* is the fingerprint of the preview the user confirmed: if the data has moved since,
    nothing is written. *options* (``ImportOptions``) is what the clerk gave besides the file:
    a report date, a publish choice, the confirmation of large money changes. Returns an
    ``Outcome`` listing every row and every problem. A reporter's file is checked against
    their units and sent for review (``for_review``).
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
        reporter = ForReview.of(user, resource)
        if reporter is not None:
            outcome.for_review = True
            outcome.file_problem = reporter.refusal()
            if outcome.file_problem:
                return outcome
            options = reporter.options(options, outcome.notes)
        try:
            _skip_rows_without_data(resource, table, outcome.notes)
            resource.prepare_table(table, options, outcome.notes)
            columns = headers.match_columns(resource, table, outcome.notes)
            if reporter is not None:
                columns = reporter.drop_publish_column(columns, outcome.notes)
        except FileProblem as problem:
            outcome.file_problem = problem.message
            return outcome
        if dry_run:
            check(resource, table, columns, outcome, reporter)
            return outcome
        try:
            with transaction.atomic():
                plan = check(resource, table, columns, outcome, reporter)
                if outcome.has_errors:
                    return outcome
                if outcome.warnings and not options.accept_large_changes:
                    outcome.unconfirmed = True
                    outcome.file_problem = plausibility.unconfirmed_message(outcome.warnings)
                    return outcome
                if expected and outcome.fingerprint() != expected:
                    outcome.file_problem = MOVED
                    return outcome
                reason = import_reason(outcome.file_name)
                if reporter is None:
                    outcome.created, outcome.updated = writing.write(
                        resource, plan, user=user, reason=reason
                    )
                else:
                    outcome.created, outcome.updated, submission = reporter.write(
                        resource, plan, reason=reason, file_name=outcome.file_name
                    )
                    outcome.submission_id = getattr(submission, "pk", None)
                    outcome.statements = [reporter.statement(outcome, submission)]
                outcome.applied = True
                # Bulk writes send no signals: bring the search index in step, and tell the
                # public page cache once it is committed.
                written = [*outcome.created, *outcome.updated]
                search_index.refresh_records(resource._meta.model, [obj.pk for obj in written])
                statistics.renew(resource._meta.model, written=len(written))
                bump_after_commit()
        except IntegrityError:
            # Someone saved a clashing record (or removed a related one) while this import ran;
            # the transaction has undone everything.
            outcome.applied, outcome.created, outcome.updated = False, [], []
            outcome.submission_id, outcome.file_problem = None, MOVED
    return outcome


def _skip_rows_without_data(resource, table, notes) -> None:
    """Rows with something only in columns that are not imported (a 序号 numbering the empty
    lines of a form, a 备注) hold no record: they are skipped and named, like blank rows."""
    indexes = headers.recorded_indexes(resource, table)
    kept, skipped = [], []
    for number, cells in table.rows:
        if any(index < len(cells) and not v.is_blank(cells[index]) for index in indexes):
            kept.append((number, cells))
        else:
            skipped.append(number)
    if not skipped:
        return
    if not kept:
        raise FileProblem(NO_DATA)
    table.rows = kept
    notes.append(
        f"跳过没有数据的行 {len(skipped)} 行（{row_span(skipped)}）：这些行只在序号、备注等"
        "不导入的列中有内容。"
    )


def check(resource, table, columns, outcome, reporter=None) -> list[matching.Planned]:
    """Fill *outcome* with a result for every row; return what would be written.

    *reporter* (``for_review.ForReview``) refuses the rows of other units than theirs.
    """
    for _, column, _ in columns:
        column.widget.load()
    resource.before_check(table, columns)
    header_of = {column.attribute: header for _, column, header in columns}
    field_checks = FieldChecks(resource._meta.model, set(header_of))
    scales, _, _ = headers.money_scales(columns, headers.stated_units(table))
    parsed = rows.read_rows(resource, table, columns, header_of, field_checks, scales)
    keys = [row.key for row in parsed if not row.problems]
    existing = matching.find_existing(resource, keys, set(header_of))
    by_attr = {column.attribute: column for column in resource.columns()}
    slots = matching.slots_of(resource)
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
        planned, changes = matching.compare(resource, slots, row, stored)
        obj = planned.obj if planned is not None else stored
        refused = (
            [] if reporter is None else reporter.problems(row, obj, before, planned, header_of)
        )
        if refused:
            outcome.problems.extend(refused)
            outcome.rows.append(RowResult(number, ERROR, resource.describe(obj)))
            continue
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
            result.values = functools.partial(matching.new_values, by_attr, row)
        outcome.rows.append(result)
        outcome.warnings.extend(
            plausibility.large_changes(planned, resource.large_change_fields, header_of, label)
        )
        outcome.warnings.extend(resource.unusual_amounts(planned, header_of, label))
        plan.append(planned)
        records.append(planned.obj)
    for number, attr, message in resource.check_plan(plan):
        column = header_of.get(attr, WHOLE_ROW)
        outcome.problems.append(Problem(number, column, "", message))
    if not outcome.problems:
        if reporter is None:
            outcome.statements = resource.statements(records)
        else:  # whether records are public is the reviewer's to decide, not the file's
            outcome.statements = [s for s in [reporter.statement(outcome)] if s]
    return plan


def _problems(resource, planned, header_of, errors) -> list[Problem]:
    problems = []
    for attr, messages in errors.items():
        if attr == NON_FIELD_ERRORS:
            column, value = WHOLE_ROW, ""
        else:
            column = header_of.get(attr) or _header(resource, planned.obj, attr)
            value = (
                rows.shown(planned.raw[attr])
                if attr in planned.raw
                else _stored_text(planned.obj, attr)
            )
        problems.extend(Problem(planned.row, column, value, str(m)) for m in messages)
    return problems


def _header(resource, obj, attr) -> str:
    try:
        return resource.column(attr).header
    except StopIteration:
        return str(obj._meta.get_field(attr).verbose_name)


def _stored_text(obj, attr) -> str:
    value = getattr(obj, attr, "")
    return "" if value is None else str(value)
