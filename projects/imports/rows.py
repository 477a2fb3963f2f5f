"""Reading the values of every row: each cell through its column's widget, once per distinct
cell, with what an empty cell and （清空） mean (``blanks``), a code for a new project without
one (``codes``), the template's example row refused, and keys repeated in the file found.
"""

import datetime
from typing import NamedTuple

from django.db import models

from projects.imports import blanks
from projects.imports import values as v
from projects.imports.columns import EXAMPLE_MARK
from projects.imports.headers import to_wan_yuan
from projects.imports.outcome import Problem

EXAMPLE_KEY = v.normalise(EXAMPLE_MARK)


class ParsedRow(NamedTuple):
    number: int  # as Excel shows it
    values: dict  # attribute -> value read from the cell
    raw: dict  # attribute -> the cell as the file has it
    invalid: dict  # attribute -> what the model field says about a readable value
    problems: list  # cells that cannot be read at all, and duplicate or missing keys
    key: tuple  # the natural key
    blanks: frozenset = frozenset()  # attributes whose cells are empty: stored values stay


def read_rows(resource, table, columns, header_of, field_checks, scales=None) -> list[ParsedRow]:
    """Every row of the file, read. A readable value that fails the model field's checks is
    set aside in ``invalid``: it matters only if the row sets it (see ``engine.check``)."""
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
                problems.append(Problem(number, header, shown(cell), message))
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
            problems.append(Problem(number, header_of[attr], shown(raw[attr]), message))
        if row_values.get(resource.key[0]) == "" and hasattr(resource, "new_key"):
            try:  # a new project without a code gets the next one (``codes``)
                row_values.update(resource.new_key(row_values))
                empty.discard(resource.key[0])
                invalid.pop(resource.key[0], None)
            except v.BadValue as error:
                attr = resource.key[0]
                problems.append(Problem(number, header_of[attr], shown(raw[attr]), error.message))
        key = row_key(resource, row_values)
        for attr in resource.key:
            named = any(problem.column == header_of[attr] for problem in problems)
            if attr in row_values and row_values[attr] in (None, "") and not named:
                problems.append(Problem(number, header_of[attr], "", "必须填写。"))
        if not problems and key in seen:
            attr = resource.key[-1]
            message = f"与第 {seen[key]} 行重复：同一{resource.noun}在文件中只能出现一次。"
            problems.append(Problem(number, header_of[attr], shown(raw[attr]), message))
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
            return [Problem(number, header, shown(cell), message)]
    return []


def row_key(resource, row_values) -> tuple:
    parts = (row_values.get(attr) for attr in resource.key)
    return tuple(part.pk if isinstance(part, models.Model) else part for part in parts)


def shown(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        return cell.date().isoformat()  # an Excel date cell, shown as staff typed it
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return v.number_text(cell)
    return str(cell).strip()
