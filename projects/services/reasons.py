"""The reason a public page gives for a change: what staff wrote for the public, nothing else.

A history row's reason also carries what the system knows of the change, for staff: an import
records "从 <文件名> 导入", after the row's own 修改原因 when it gave one
(``projects.imports.engine.import_reason`` and ``projects.imports.writing.own_reason``). A file
name can say more than the public should read ("内部草稿-领导未审.csv"), so public pages drop
it; the admin's history keeps the whole reason.
"""

import re

from projects.services.plan import LOAD_REASON

# The import's part, alone or in full-width brackets after the row's own reason. The row's own
# reason is taken as short as it can be, so that a file named "x（从 y 导入）.csv" cannot leave
# part of its name in it.
IMPORTED = re.compile(r"从 .* 导入", re.DOTALL)
AFTER_OWN = re.compile(r"(?P<own>.*?)（从 .* 导入）", re.DOTALL)

# Reasons the system writes for itself: no reason staff gave the public.
SYSTEM_REASONS = {LOAD_REASON}


def public_reason(recorded: str | None) -> str:
    """The part of a history row's *recorded* reason that staff wrote, or "" when none."""
    text = (recorded or "").strip()
    if not text or text in SYSTEM_REASONS or IMPORTED.fullmatch(text):
        return ""
    after_own = AFTER_OWN.fullmatch(text)
    return after_own["own"].strip() if after_own else text
