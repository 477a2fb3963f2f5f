from django.db import models

from .choices import Stage


class StageSource(models.TextChoices):
    REPORT = "report", "进展报告"
    RECORD = "record", "项目记录"
    ACTUAL_START = "actual_start", "实际开工日期"
    ACTUAL_END = "actual_end", "实际竣工日期"


class ProjectStage(models.Model):
    """A stage a project held before its current one, from ``since`` up to (not including)
    ``until``.

    The project's own ``stage`` and ``stage_date`` say where it is now; these rows say where it
    was before, so that a count "as of 31 May" sees the stage each project held on that day.
    The rows of a project do not overlap, and the last one ends on the project's ``stage_date``.
    ``projects.services.stages`` writes them; nobody edits them by hand.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="stage_history",
    )
    stage = models.CharField("建设阶段", max_length=12, choices=Stage.choices, blank=True)
    since = models.DateField("起始日期")
    until = models.DateField(
        "结束日期", help_text="下一阶段开始之日（不含）：下一行的起始日期，或项目当前阶段的日期。"
    )
    source = models.CharField("依据", max_length=12, choices=StageSource.choices)

    class Meta:
        verbose_name = "建设阶段记录"
        verbose_name_plural = "建设阶段记录"
        ordering = ["project", "since", "pk"]
        indexes = [models.Index(fields=["project", "since"], name="stage_history_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__gt=models.F("since")),
                name="stage_history_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.project_id} {self.since:%Y-%m-%d} {self.stage}"
