"""Money that changes by a factor of 1,000 or more: most likely 亿元 typed as 万元 (or 元 as
万元), so the clerk must look at it before it is written. The same holds for an amount 1,000
times off the figure it belongs with (a disclosure item's 财务决算金额 against its project's
total investment).

Such rows are not errors (a project can truly grow that much, or a figure be corrected), but
they are listed under 「请核对」 with the old and new values and the factor; the admin's confirm
needs 「我已核对以上金额」 ticked and ``import_records`` needs ``--accept-large-changes``.
Without it nothing is written.
"""

from dataclasses import dataclass
from decimal import Decimal

#: The smallest factor between a stored and a new amount that must be confirmed.
FACTOR = Decimal(1000)
CONFIRM_LABEL = "我已核对以上金额"


@dataclass
class LargeChange:
    row: int
    label: str  # the record, as the preview names it
    column: str
    old: Decimal
    new: Decimal
    basis: str = "原值"  # what *old* is: the stored value, or the figure compared with

    @property
    def factor(self) -> Decimal:
        return max(self.old, self.new) / min(self.old, self.new)

    @property
    def old_text(self) -> str:
        return _amount(self.old)

    @property
    def new_text(self) -> str:
        return _amount(self.new)

    def factor_text(self) -> str:
        direction = "增大" if self.new > self.old else "缩小"
        factor = self.factor
        shown = f"{factor:,.0f}" if factor >= 100 else f"{factor:,.1f}"
        return f"{direction}约 {shown} 倍"

    def line(self) -> str:
        if self.basis != "原值":
            return (
                f"第 {self.row} 行 {self.label}：“{self.column}”为 {_amount(self.new)}，"
                f"{self.basis}为 {_amount(self.old)}，相差约 {self.factor:,.0f} 倍"
            )
        return (
            f"第 {self.row} 行 {self.label}：“{self.column}”由 {_amount(self.old)} 改为 "
            f"{_amount(self.new)}，{self.factor_text()}"
        )


def large_changes(planned, fields, header_of, label) -> list[LargeChange]:
    """The amounts of *fields* this row changes by a factor of ``FACTOR`` or more. A stored
    or new amount of zero or none has no factor: such a change is an ordinary one."""
    if planned.is_new or planned.before is None:
        return []
    found = []
    for attr in fields:
        if attr not in planned.changed:
            continue
        old, new = planned.before.get(attr), getattr(planned.obj, attr)
        if not old or not new or old < 0 or new < 0:
            continue
        if max(old, new) >= FACTOR * min(old, new):
            found.append(LargeChange(planned.row, label, header_of.get(attr, attr), old, new))
    return found


def unconfirmed_message(changes) -> str:
    return (
        f"有 {len(changes)} 处金额与原值或对照的金额相差 1000 倍以上（见「请核对」），"
        f"可能是单位填错（如把亿元当作万元）。请逐一核对，确认无误后勾选「{CONFIRM_LABEL}」再确认导入"
        "（命令行加 --accept-large-changes）；本次未导入任何记录。"
    )


def _amount(value: Decimal) -> str:
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} 万元"
