"""What an import found or did, row by row, for the admin preview and the command's output."""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
STATUS_LABELS = {NEW: "新增", UPDATE: "更新", UNCHANGED: "无变化", ERROR: "错误"}
WHOLE_ROW = "（整行）"


@dataclass
class Problem:
    """One reason a row cannot be imported: where it is, what it says and why it is wrong."""

    row: int
    column: str
    value: str
    reason: str

    def line(self) -> str:
        value = self.value if self.value != "" else "（空）"
        return f"第 {self.row} 行，“{self.column}”列，值“{value}”：{self.reason}"


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class RowResult:
    row: int
    status: str
    label: str = ""
    changes: list[Change] = field(default_factory=list)
    #: an update to a record the public can see now (its old values stay in its history)
    published: bool = False
    #: for a new record: makes the Change list of its values, when the preview shows it
    values: Callable[[], list[Change]] | None = field(default=None, repr=False, compare=False)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @cached_property
    def details(self) -> list[Change]:
        """What the preview shows: an update's changes, or a new record's values (written out
        only for the rows shown, not for all 10,000 of a file)."""
        if self.values is None:
            return self.changes
        shown = {change.column for change in self.changes}
        return self.changes + [c for c in self.values() if c.column not in shown]


@dataclass
class Outcome:
    """The result of reading, checking and (unless a dry run) writing one file."""

    kind: str
    file_name: str
    dry_run: bool = True
    rows: list[RowResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: a problem with the file as a whole (format, size, headers); nothing was read
    file_problem: str = ""
    #: what was read differently from the template: rows and columns skipped, units converted
    notes: list[str] = field(default_factory=list)
    #: what the import does beyond the rows' values (whether the reports will be public)
    statements: list[str] = field(default_factory=list)
    #: amounts changing by a factor of 1,000 or more, to be confirmed (``plausibility``)
    warnings: list = field(default_factory=list)
    #: refused only because those amounts were not confirmed
    unconfirmed: bool = False
    applied: bool = False
    #: a reporter's import: drafts written, changes to public records held, sent for review
    for_review: bool = False
    #: the submission the reporter's import was sent as, once applied
    submission_id: int | None = None
    # the records written, once applied (for the admin's log)
    created: list = field(default_factory=list, repr=False)
    updated: list = field(default_factory=list, repr=False)

    @property
    def has_errors(self) -> bool:
        return bool(self.problems or self.file_problem)

    def count(self, status) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (NEW, UPDATE, UNCHANGED, ERROR)}

    @property
    def published_updates(self) -> int:
        return sum(1 for row in self.rows if row.status == UPDATE and row.published)

    @property
    def has_changes(self) -> bool:
        return any(row.status in (NEW, UPDATE) for row in self.rows)

    def fingerprint(self) -> str:
        """A digest of what the import would do, to tell whether the data moved since preview."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(f"{row.row}|{row.status}|{row.label}".encode())
            for change in row.changes:
                digest.update(f"|{change.column}|{change.old}|{change.new}".encode())
            digest.update(b"\n")
        return digest.hexdigest()

    def summary(self) -> str:
        if self.file_problem:
            return f"“{self.file_name}”无法导入：{self.file_problem}"
        counts = self.counts
        if self.problems:
            bad_rows = len({problem.row for problem in self.problems})
            return (
                f"“{self.file_name}”有 {bad_rows} 行存在 {len(self.problems)} 处错误，"
                "整个文件未导入任何记录。请改正后重新导入。"
            )
        if self.for_review:
            # Nothing public was updated: the statement after it says what waits for review.
            verb = "已读入并提交审核" if self.applied else "预览"
            changed = f"修改 {counts[UPDATE]} 条"
        else:
            verb = "已导入" if self.applied else "预览"
            changed = f"更新 {counts[UPDATE]} 条"
        return (
            f"{verb}“{self.file_name}”：新增 {counts[NEW]} 条，{changed}，"
            f"无变化 {counts[UNCHANGED]} 条。"
        ) + "".join(f"{statement}。" for statement in self.statements)

    def error_lines(self) -> list[str]:
        if self.file_problem:
            return [self.file_problem, *(change.line() for change in self.warnings)]
        return [problem.line() for problem in sorted(self.problems, key=lambda p: p.row)]

    def problems_csv(self) -> bytes:
        """The refusal list as a CSV Excel opens (UTF-8 with BOM): row, column, value, reason,
        with the file's name and the notes on how it was read, for the office to fix and send
        back."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["文件", self.file_name])
        for note in self.notes:
            writer.writerow(["读取说明", note])
        writer.writerow([])
        writer.writerow(["行号", "列", "填写的值", "原因"])
        if self.file_problem:
            writer.writerow(["", WHOLE_ROW, "", self.file_problem])
        for problem in sorted(self.problems, key=lambda p: p.row):
            # A cell that starts like a formula is written as text, never run by a spreadsheet.
            value = problem.value
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                value = "'" + value
            writer.writerow([problem.row, problem.column, value, problem.reason])
        return buffer.getvalue().encode("utf-8-sig")
