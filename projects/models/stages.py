from django.db import models

from .choices import Stage


class StageSource(models.TextChoices):
    REPORT = "report", "进展报告"
    RECORD = "record", "项目记录"
    ACTUAL_START = "actual_start", "实际开工日期"
    ACTUAL_END = "actual_end", "实际竣工日期"


class ProjectStage(models.Model):
    """A stage a project held before its current one, and from which day.

    The project's own ``stage`` and ``stage_date`` say where it is now; these rows say where it
    was before, so that a count "as of 31 May" sees the stage each project held on that day.
    ``projects.services.stages.rebuild_stage_history`` writes them; nobody edits them by hand.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="stage_history",
    )
    stage = models.CharField("建设阶段", max_length=12, choices=Stage.choices, blank=True)
    since = models.DateField("起始日期")
    source = models.CharField("依据", max_length=12, choices=StageSource.choices)

    class Meta:
        verbose_name = "建设阶段记录"
        verbose_name_plural = "建设阶段记录"
        ordering = ["project", "since", "pk"]
        indexes = [models.Index(fields=["project", "since"], name="stage_history_lookup")]

    def __str__(self):
        return f"{self.project_id} {self.since:%Y-%m-%d} {self.stage}"
