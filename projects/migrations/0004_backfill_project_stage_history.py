"""Fill the stage history of existing projects from their saved versions, reports and dates.

The rules are those of ``projects.services.stages.history_rows`` as they stood when this was
written: every earlier (stage, date) state of the record, every published report dated before
the current stage's date (a repeat of the stage before it adds no row), and the actual start
and completion dates before it; each row ends where the next begins, the last on the current
stage's date.
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import migrations

BEIJING = ZoneInfo("Asia/Shanghai")
# On one day only one row stands: a report, then an actual date, then a replaced record state.
WEIGHT = {"record": 0, "actual_start": 1, "actual_end": 1, "report": 2}


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
        candidates = []
        previous = None
        for v in versions.get(project.id, []):
            state = (v["stage"], v["stage_date"] or _day(v["history_date"]))
            if previous is not None and state != previous:
                candidates.append((previous[1], previous[0], "record"))
            previous = state
        candidates += [(r["date"], r["stage"], "report") for r in reports.get(project.id, [])]
        if project.actual_start:
            candidates.append((project.actual_start, "new_start", "actual_start"))
        if project.actual_end:
            candidates.append((project.actual_end, "completed", "actual_end"))
        by_day = {}
        for since, stage, source in candidates:
            if since < until and (since not in by_day or WEIGHT[source] > WEIGHT[by_day[since][1]]):
                by_day[since] = (stage, source)
        kept = []
        for since in sorted(by_day):
            stage, source = by_day[since]
            if kept and kept[-1][0] == stage and source != "record":
                continue
            kept.append((stage, since, source))
        ends = [since for _, since, _ in kept[1:]] + [until]
        for (stage, since, source), end in zip(kept, ends):
            rows.append(
                ProjectStage(project_id=project.id, stage=stage, since=since, until=end, source=source)
            )
    ProjectStage.objects.bulk_create(rows, batch_size=500)


def forget(apps, schema_editor):
    apps.get_model("projects", "ProjectStage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_project_stage_history_and_target_reporting")]

    operations = [migrations.RunPython(backfill, forget)]
