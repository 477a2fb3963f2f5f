"""Keeping a project's shown state in step with its newest published progress report."""

from projects.models import ProgressReport, Project
from projects.services.stages import note_replaced_stage, rebuild_stage_history

# The project fields a report speaks for, and the report field each one comes from.
REPORTED_FIELDS = {"stage": "stage", "progress": "progress", "completed_2026": "completed_2026"}


def sync_project_from_reports(*, project: Project, reason: str = "", user=None) -> bool:
    """Copy stage, progress and completed investment from the newest published report.

    Called explicitly by the admin and by imports after reports change (not from a signal), so
    every change to the project is saved through ``save()`` and lands in its history with the
    acting user (*user*, or the request's user that the history middleware knows). With no
    published report left, only the report date is cleared. Returns whether the project
    changed.
    """
    latest = (
        ProgressReport.objects.filter(project=project, is_published=True).order_by("-date").first()
    )
    changed = _sync(project, latest, reason, user)
    # Reports published, withdrawn or re-dated change what the project held before now.
    rebuild_stage_history(project=project)
    return changed


def _sync(project, latest, reason, user) -> bool:
    if latest is None:
        # The values stay, since staff may have typed them on the project itself; only the
        # report date goes, as no public report stands behind it any more.
        if project.last_reported_on is None:
            return False
        project.last_reported_on = None
        return _save(project, ["last_reported_on"], reason or "已无公开的进展报告", user)
    changed = []
    previous_stage = project.stage
    for project_field, report_field in REPORTED_FIELDS.items():
        value = getattr(latest, report_field)
        if value is not None and getattr(project, project_field) != value:
            setattr(project, project_field, value)
            changed.append(project_field)
    if "stage" in changed:
        note_replaced_stage(project=project, stage=previous_stage, since=project.stage_date)
        project.stage_date = latest.date
        changed.append("stage_date")
    if project.last_reported_on != latest.date:
        project.last_reported_on = latest.date
        changed.append("last_reported_on")
    if not changed:
        return False
    return _save(project, changed, reason or f"同步进展报告 {latest.date:%Y-%m-%d}", user)


def _save(project: Project, fields: list[str], reason: str, user) -> bool:
    project._change_reason = reason
    if user is not None:
        project._history_user = user
    project.save(update_fields=[*fields, "updated_at"])
    return True
