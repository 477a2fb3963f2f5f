"""Fill the stage history of existing projects from their saved versions, reports and dates.

The rules are those of ``projects.services.stages`` as they stood when this was written: every
earlier (stage, date) state of the record, every published report dated before the current
stage's date, and the actual start and completion dates before it.
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import migrations

BEIJING = ZoneInfo("Asia/Shanghai")


def _day(moment) -> datetime.date:
    return moment.astimezone(BEIJING).date()


def backfill(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    ProgressReport = apps.get_model("projects", "ProgressReport")
    ProjectStage = apps.get_model("projects", "ProjectStage")

    versions = defaultdict(list)
    for row in HistoricalProject.objects.order_by("id", "history_date", "history_id").values(
        "id", "stage", "stage_date", "history_date"
    ):
        versions[row["id"]].append(row)
    reports = defaultdict(list)
    for row in ProgressReport.objects.filter(is_published=True).values(
        "project_id", "date", "stage"
    ):
        reports[row["project_id"]].append(row)

    rows = []
    for project in Project.objects.only(
        "id", "stage", "stage_date", "actual_start", "actual_end"
    ).iterator():
        until = project.stage_date
        if until is None:
            continue
        earlier = {}
        previous = None
        for v in versions.get(project.id, []):
            state = (v["stage"], v["stage_date"] or _day(v["history_date"]))
            if previous is not None and state != previous:
                earlier[previous[1]] = previous[0]
            previous = state
        for since, stage in earlier.items():
            if since < until:
                rows.append(ProjectStage(project_id=project.id, stage=stage, since=since, source="record"))
        for r in reports.get(project.id, []):
            if r["date"] < until:
                rows.append(ProjectStage(project_id=project.id, stage=r["stage"], since=r["date"], source="report"))
        if project.actual_start and project.actual_start < until:
            rows.append(ProjectStage(project_id=project.id, stage="new_start", since=project.actual_start, source="actual_start"))
        if project.actual_end and project.actual_end < until:
            rows.append(ProjectStage(project_id=project.id, stage="completed", since=project.actual_end, source="actual_end"))
    ProjectStage.objects.bulk_create(rows, batch_size=500)


def forget(apps, schema_editor):
    apps.get_model("projects", "ProjectStage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_project_stage_history_and_target_reporting")]

    operations = [migrations.RunPython(backfill, forget)]
