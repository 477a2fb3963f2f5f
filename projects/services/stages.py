"""When each project held each stage: the dated history that computed targets count on.

A project's own ``stage`` and ``stage_date`` say where it is now and since when. The
``ProjectStage`` rows say where it was before ``stage_date``, each from ``since`` up to the
next row's ``since`` (the last one up to ``stage_date``):

* every published progress report dated before it gives the stage the report names, unless
  the stage is the same as the row before (a monthly "续建" report is not a new stage);
* the actual start date gives 新开工 and the actual completion date 竣工, when they fall before it;
* every earlier state of the record itself (an admin edit, an import, a report since
  withdrawn) is kept as it was replaced, so a stage staff set by hand is never forgotten.

On one day only one row stands: a report outweighs an actual date, which outweighs a replaced
record state. A project with no ``stage_date`` has an undated stage: it is taken to have held it
all along, and has no rows. ``projects.services.counting`` reads this history.
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from portal.cache import bump_after_commit
from projects.models import ProgressReport, Project, ProjectStage, Stage, StageSource

# Which source stands when two fall on one day.
WEIGHT = {
    StageSource.RECORD: 0,
    StageSource.ACTUAL_START: 1,
    StageSource.ACTUAL_END: 1,
    StageSource.REPORT: 2,
}
CHUNK = 500


def note_replaced_stage(*, project: Project, stage: str, since: datetime.date | None) -> None:
    """Keep the state a project is leaving (its stage since *since*) before it is replaced.

    The caller rebuilds the project's history afterwards, which places the row and closes it.
    """
    note_replaced_stages([(project, stage, since)])


def stage_changed_today(*, project: Project, previous_stage: str) -> None:
    """A stage changed by hand with no date given entered its new stage today."""
    if project.stage != previous_stage:
        project.stage_date = timezone.localdate()


def rebuild_stage_history(*, project: Project) -> None:
    """Write the rows before the project's current stage from its reports and dates."""
    rebuild_stage_histories([project])


def history_rows(*, until, records=(), reports=(), actual_start=None, actual_end=None) -> list:
    """The (stage, since, until, source) rows of one project whose current stage dates from
    *until*: from its kept record states and published reports, as (since, stage) pairs, and
    its actual dates. The one derivation every writer uses."""
    if until is None:
        return []
    candidates = [(since, stage, StageSource.RECORD) for since, stage in records]
    candidates += [(day, stage, StageSource.REPORT) for day, stage in reports]
    if actual_start:
        candidates.append((actual_start, Stage.NEW_START, StageSource.ACTUAL_START))
    if actual_end:
        candidates.append((actual_end, Stage.COMPLETED, StageSource.ACTUAL_END))
    by_day = {}
    for since, stage, source in candidates:
        if since < until and (since not in by_day or WEIGHT[source] > WEIGHT[by_day[since][1]]):
            by_day[since] = (stage, source)
    rows = []
    for since in sorted(by_day):
        stage, source = by_day[since]
        if rows and rows[-1][0] == stage and source != StageSource.RECORD:
            continue
        rows.append((stage, since, source))
    ends = [since for _, since, _ in rows[1:]] + [until]
    if not rows:
        return []
    return [
        (stage, since, end, source) for (stage, since, source), end in zip(rows, ends, strict=True)
    ]


# Bulk writes: a constant number of queries per batch of projects, whatever the number of
# projects. Rows are deleted without a signal per row (each would invalidate the page cache
# again); the cache is told once, when the transaction commits.


def _delete(queryset) -> None:
    queryset._raw_delete(queryset.db)


def _insert(rows) -> None:
    """Insert (project id, stage, since, until, source) rows with one prepared statement:
    bulk_create builds a model and compiles SQL for every value, which for 10,000 projects took
    longer than the rest of their stage bookkeeping together."""
    adapt = connection.ops.adapt_datefield_value
    values = [
        (pk, str(stage), adapt(since), adapt(until), str(source))
        for pk, stage, since, until, source in rows
    ]
    if not values:
        return
    quote = connection.ops.quote_name
    names = ("project_id", "stage", "since", "until", "source")
    columns = ", ".join(quote(name) for name in names)
    table = quote(ProjectStage._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


@transaction.atomic
def note_replaced_stages(replaced) -> None:
    """Keep, for each (project, stage, since), the state the project is leaving as a record
    row. The rows are placed and closed by the rebuild that follows."""
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
        # Open-ended for a moment: the rebuild that follows closes every row of the project.
        far = datetime.date.max
        _insert(
            (pk, stage, since, far, StageSource.RECORD) for (pk, since), stage in wanted.items()
        )
    if kept:
        bump_after_commit()


@transaction.atomic
def rebuild_stage_histories(projects) -> None:
    """Rewrite the stage history of each of *projects* from its reports, dates and records."""
    projects = [project for project in projects if project.pk is not None]
    for start in range(0, len(projects), CHUNK):
        _rebuild_chunk(projects[start : start + CHUNK])
    if projects:
        bump_after_commit()


def _rebuild_chunk(projects) -> None:
    ids = [project.pk for project in projects]
    rows = ProjectStage.objects.filter(project_id__in=ids)
    records = {}
    for project_id, since, stage in rows.filter(source=StageSource.RECORD).values_list(
        "project_id", "since", "stage"
    ):
        records.setdefault(project_id, []).append((since, stage))
    _delete(rows)
    dated = [project.pk for project in projects if project.stage_date is not None]
    reports = {}
    for project_id, day, stage in ProgressReport.objects.filter(
        project_id__in=dated, is_published=True
    ).values_list("project_id", "date", "stage"):
        reports.setdefault(project_id, []).append((day, stage))
    _insert(
        (project.pk, *row)
        for project in projects
        for row in history_rows(
            until=project.stage_date,
            records=records.get(project.pk, ()),
            reports=reports.get(project.pk, ()),
            actual_start=project.actual_start,
            actual_end=project.actual_end,
        )
    )
