"""When each project held each stage: the dated history that computed targets count on.

A project's own ``stage`` and ``stage_date`` say where it is now and since when. The
``ProjectStage`` rows say where it was before ``stage_date``:

* every published progress report dated before it gives the stage the report names;
* the actual start date gives 新开工 and the actual completion date 竣工, when they fall before it;
* every earlier state of the record itself (an admin edit, an import, a report since
  withdrawn) is kept as it was replaced, so a stage staff set by hand is never forgotten.

A project with no ``stage_date`` has an undated stage: it is taken to have held it all along.
``projects.services.counting`` reads this history; nothing else should.
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from portal.cache import bump_content_version
from projects.models import ProgressReport, Project, ProjectStage, Stage, StageSource


def note_replaced_stage(*, project: Project, stage: str, since: datetime.date | None) -> None:
    """Keep the state a project is leaving (its stage since *since*) before it is replaced."""
    if since is None or (stage == project.stage and since == project.stage_date):
        return
    ProjectStage.objects.update_or_create(
        project=project,
        since=since,
        source=StageSource.RECORD,
        defaults={"stage": stage},
    )


def stage_changed_today(*, project: Project, previous_stage: str) -> None:
    """A stage changed by hand with no date given entered its new stage today."""
    if project.stage != previous_stage:
        project.stage_date = timezone.localdate()


@transaction.atomic
def rebuild_stage_history(*, project: Project) -> None:
    """Write the rows before the project's current stage from its reports and dates."""
    ProjectStage.objects.filter(project=project).exclude(source=StageSource.RECORD).delete()
    until = project.stage_date
    if until is None:
        ProjectStage.objects.filter(project=project).delete()
        return
    ProjectStage.objects.filter(project=project, since__gte=until).delete()
    rows = [
        ProjectStage(project=project, stage=stage, since=day, source=StageSource.REPORT)
        for day, stage in ProgressReport.objects.filter(
            project=project, is_published=True, date__lt=until
        ).values_list("date", "stage")
    ]
    if project.actual_start and project.actual_start < until:
        rows.append(
            ProjectStage(
                project=project,
                stage=Stage.NEW_START,
                since=project.actual_start,
                source=StageSource.ACTUAL_START,
            )
        )
    if project.actual_end and project.actual_end < until:
        rows.append(
            ProjectStage(
                project=project,
                stage=Stage.COMPLETED,
                since=project.actual_end,
                source=StageSource.ACTUAL_END,
            )
        )
    ProjectStage.objects.bulk_create(rows)


# Bulk variants for imports: a constant number of queries per batch of projects, whatever the
# number of projects, and the same rows as the functions above would write one by one. Rows are
# deleted without a signal per row (each would invalidate the page cache again); the cache is
# told once, when the transaction commits.
CHUNK = 500


def _delete(queryset) -> None:
    queryset._raw_delete(queryset.db)


def _insert(rows) -> None:
    """Insert (project id, stage, since, source) rows with one prepared statement: bulk_create
    builds a model and compiles SQL for every value, which for 10,000 projects took longer than
    the rest of their stage bookkeeping together."""
    adapt = connection.ops.adapt_datefield_value
    values = [(pk, str(stage), adapt(since), str(source)) for pk, stage, since, source in rows]
    if not values:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("project_id", "stage", "since", "source"))
    sql = f"INSERT INTO {quote(ProjectStage._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


@transaction.atomic
def note_replaced_stages(replaced) -> None:
    """``note_replaced_stage`` for many: *replaced* is (project, stage, since) triples."""
    kept = [
        (project, stage, since)
        for project, stage, since in replaced
        if since is not None and not (stage == project.stage and since == project.stage_date)
    ]
    for start in range(0, len(kept), CHUNK):
        chunk = kept[start : start + CHUNK]
        wanted = {(project.pk, since): stage for project, stage, since in chunk}
        existing = ProjectStage.objects.filter(
            project_id__in={project.pk for project, _, _ in chunk}, source=StageSource.RECORD
        ).values_list("pk", "project_id", "since", "stage")
        changed = []
        for pk, project_id, since, held in existing:
            stage = wanted.pop((project_id, since), None)
            if stage is not None and held != stage:
                changed.append(ProjectStage(pk=pk, stage=stage))
        ProjectStage.objects.bulk_update(changed, ["stage"])
        _insert((pk, stage, since, StageSource.RECORD) for (pk, since), stage in wanted.items())
    if kept:
        transaction.on_commit(bump_content_version)


@transaction.atomic
def rebuild_stage_histories(projects) -> None:
    """``rebuild_stage_history`` for many projects."""
    projects = [project for project in projects if project.pk is not None]
    for start in range(0, len(projects), CHUNK):
        _rebuild_chunk(projects[start : start + CHUNK])
    if projects:
        transaction.on_commit(bump_content_version)


def _rebuild_chunk(projects) -> None:
    until = {project.pk: project.stage_date for project in projects}
    rows = ProjectStage.objects.filter(project_id__in=list(until))
    _delete(rows.exclude(source=StageSource.RECORD))
    stale = [
        pk
        for pk, project_id, since in rows.values_list("pk", "project_id", "since")
        if until[project_id] is None or since >= until[project_id]
    ]
    for start in range(0, len(stale), CHUNK):
        _delete(ProjectStage.objects.filter(pk__in=stale[start : start + CHUNK]))
    dated = [pk for pk, day in until.items() if day is not None]
    reports = ProgressReport.objects.filter(project_id__in=dated, is_published=True)
    new = [
        (project_id, stage, day, StageSource.REPORT)
        for project_id, day, stage in reports.values_list("project_id", "date", "stage")
        if day < until[project_id]
    ]
    for project in projects:
        day = project.stage_date
        if day is None:
            continue
        if project.actual_start and project.actual_start < day:
            new.append(
                (project.pk, Stage.NEW_START, project.actual_start, StageSource.ACTUAL_START)
            )
        if project.actual_end and project.actual_end < day:
            new.append((project.pk, Stage.COMPLETED, project.actual_end, StageSource.ACTUAL_END))
    _insert(new)
