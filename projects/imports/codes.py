"""Codes for new projects that arrive without one.

A project row whose code cell is empty or a placeholder (待定, —, 新项目, TBD) is a new project:
it gets the next free code in the banner's scheme, KL2026-NNN after the highest one stored or
written in the same file, in file order, and the preview shows it. Such a row can only create;
two of them are two new projects. One named exactly like a stored project is refused: the
clerk most likely meant that project, whose code the row must then carry.
"""

import re

from django.db.models.functions import Upper

from projects.imports import values as v

PREFIX = "KL2026-"
SCHEME = re.compile(r"KL2026-(\d+)")


class NewCodes:
    def __init__(self, model, file_codes):
        stored = (
            model._default_manager.annotate(import_code=Upper("code"))
            .filter(import_code__startswith=PREFIX)
            .values_list("import_code", flat=True)
        )
        numbers = [0]
        for code in [*stored, *file_codes]:
            match = SCHEME.fullmatch(code)
            if match:
                numbers.append(int(match.group(1)))
        self.model = model
        self.next = max(numbers) + 1
        self.by_name = None

    def assign(self, name) -> str:
        """The next code; raises ``BadValue`` if a stored project has this name."""
        if self.by_name is None:  # only files with codeless rows pay for the names
            self.by_name = {}
            for code, stored_name in self.model._default_manager.values_list("code", "name"):
                self.by_name.setdefault(v.normalise(stored_name), code)
        same = self.by_name.get(v.normalise(name or "")) if name else None
        if same:
            raise v.BadValue(
                f"没有填写项目编号，但已有同名项目 {same}“{name}”。要更新该项目，请填写它的编号"
                f" {same}；确是另一个新项目的，请使用不同的项目名称。"
            )
        code = f"{PREFIX}{self.next:03d}"
        self.next += 1
        return code


def file_codes(table, columns) -> list[str]:
    """The project codes written in the file, in capitals, for numbering after them."""
    index = next((i for i, column, _ in columns if column.attribute == "code"), None)
    found = []
    for _, cells in table.rows if index is not None else []:
        cell = cells[index] if index < len(cells) else None
        if isinstance(cell, str) and cell.strip():
            found.append(v.normalise(cell).upper())
    return found
