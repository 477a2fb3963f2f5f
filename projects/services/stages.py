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

from django.db import transaction
from django.utils import timezone

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
