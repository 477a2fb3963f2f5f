"""What an imported change says beyond its values: why a published target's verdict changed,
and when a project entered the stage a file gives it.

* A row that changes what a published target promises or how it is judged
  (``projects.models.VERDICT_FIELDS``) must say why in 修改原因, as the admin form must; the
  reason and the document number (调整依据文号) go into that target's history entry, which the
  target page lists.
* A row that changes a project's stage without a new 进入本阶段日期 moved it on the day of the
  import (Beijing date), like an edit in the admin; the stage it leaves is kept in the project's
  stage history, which is rebuilt for every project whose stage or dates the file changed.
"""

from projects.imports.columns import Column
from projects.imports.outcome import Change
from projects.models import VERDICT_FIELDS, Target
from projects.services import stages

REASON_REQUIRED = "修改已发布指标的目标值、截止日期等判断依据，须填写“修改原因”"
# Fields from which a project's stage history is built: a change to one rebuilds it.
HISTORY_FIELDS = {"stage", "stage_date", "actual_start", "actual_end"}


def reason_columns() -> tuple[Column, Column]:
    """The two columns of a target file that say why a row changes its target."""
    reason = Column(
        "change_reason",
        "修改原因",
        aliases=("reason",),
        recorded=False,
        note=(
            "修改已发布指标的目标值、单位、起止日期、比较方式、指标类型、基数、进度曲线、"
            "计数规则或“项目记录已录入完整”时必填，否则该行报错、整个文件不导入；"
            "原因记入该指标的修改历史，并在公开页面的修改记录中显示。其他修改可不填。"
        ),
    )
    document = Column(
        "revision_document",
        "调整依据文号",
        recorded=False,
        note="可选：批准这次调整的文件文号，例如 库政发〔2026〕12号，随修改原因一起记入历史。",
    )
    return reason, document


def reason_required_message(changed: list[str]) -> str:
    """The refusal of a verdict-changing edit without a reason, naming what it changes."""
    names = "、".join(str(Target._meta.get_field(name).verbose_name) for name in changed)
    return f"{REASON_REQUIRED}（本次修改了：{names}）。"


def review_target(planned, *, published) -> list[tuple[str, str]]:
    reason = (planned.notes.get("change_reason") or "").strip()
    document = (planned.notes.get("revision_document") or "").strip()
    # Read by projects.imports.writing.record_history into this record's history entry.
    planned.obj._change_reason = reason
    planned.obj._revision_document = document
    if planned.is_new or not published:
        return []  # a draft's figures are not public yet: nothing to explain
    changed = [name for name in VERDICT_FIELDS if name in planned.changed]
    if changed and not reason:
        return [("change_reason", reason_required_message(changed))]
    return []


def review_project(planned, changes, *, today, header) -> None:
    """Date a stage the row changes without a new stage date; mark what the history needs."""
    project, before = planned.obj, planned.before
    stage_moved = "stage" in planned.changed and (before is not None or project.stage)
    if stage_moved and "stage_date" not in planned.changed and project.stage_date != today:
        if before is not None:
            old = before["stage_date"]
            shown = "（空）" if old is None else old.isoformat()
            changes.append(Change(header, shown, f"{today.isoformat()}（导入当天）"))
        project.stage_date = today
        planned.changed.add("stage_date")
    if before is not None and "stage" in planned.changed:
        project._replaced_stage = (before["stage"], before["stage_date"])
    if planned.is_new:
        # No report or kept stage can name a project yet to be created: only its own dates
        # give it a history.
        dated = project.stage_date is not None
        project._stage_history_stale = dated and bool(project.actual_start or project.actual_end)
    else:
        project._stage_history_stale = bool(HISTORY_FIELDS & planned.changed)


def update_stage_histories(projects) -> None:
    """After the write: keep the stages the file replaced, rebuild the histories it touched."""
    replaced = [
        (project, *project._replaced_stage)
        for project in projects
        if getattr(project, "_replaced_stage", None)
    ]
    stages.note_replaced_stages(replaced)
    stages.rebuild_stage_histories(
        [project for project in projects if getattr(project, "_stage_history_stale", False)]
    )
