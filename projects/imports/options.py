"""What the clerk says about a file besides its cells, on the admin form or the command line.

A monthly progress file often gives its report date once (in the title, or not at all) and has
no 已发布 column: the date and whether the reports are published are then asked for, never
assumed. Money that changes by a factor of 1,000 or more is written only once the clerk has
confirmed it (``plausibility``).
"""

import datetime
from dataclasses import dataclass

#: Where a report date given for the whole file came from, as the preview names it.
FROM_FORM = "导入页面填写的报告日期"
FROM_COMMAND = "命令行参数 --date"


@dataclass(frozen=True)
class ImportOptions:
    report_date: datetime.date | None = None
    report_date_source: str = FROM_FORM
    #: True 发布, False 暂不发布, None not chosen (the file's 已发布 column must then say)
    publish: bool | None = None
    accept_large_changes: bool = False

    def stored(self) -> dict:
        """What a preview keeps for its confirm, as JSON (the confirm adds its own tick)."""
        return {
            "report_date": self.report_date.isoformat() if self.report_date else None,
            "report_date_source": self.report_date_source,
            "publish": self.publish,
        }

    @classmethod
    def from_stored(cls, data: dict | None, **extra) -> "ImportOptions":
        data = data or {}
        day = data.get("report_date")
        return cls(
            report_date=datetime.date.fromisoformat(day) if day else None,
            report_date_source=data.get("report_date_source") or FROM_FORM,
            publish=data.get("publish"),
            **extra,
        )
