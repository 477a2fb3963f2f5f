"""The columns of a monthly progress file; how such a file is read as sent is in
``projects.imports.report_files``."""

from projects.imports import report_files, values
from projects.imports import widgets as w
from projects.imports.columns import EXAMPLE_MARK, Column, RecordResource, field_names
from projects.imports.resources.projects import STAGE_SYNONYMS
from projects.models import ProgressReport, Project, Stage


class ReportResource(RecordResource):
    project = Column(
        "project",
        "项目编号",
        # The unit too: a reporter may import only their own units' reports (``for_review``).
        w.Lookup(
            Project,
            ("code",),
            "项目",
            clean_key=values.upper_code,
            fields=("name", "responsible_unit"),
        ),
        aliases=("project", "project code"),
        note="已有项目的编号，如 KL2026-001。",
        example="KL2026-001",
    )
    project_name = Column(
        "project_name",
        "项目名称",
        aliases=("project name",),
        recorded=False,
        note=(
            "可选，便于核对：与系统中该编号的项目名称对照，不一致的行报错（空格、全角半角"
            "不同不算不一致）；不会修改项目名称。"
        ),
    )
    date = Column(
        "date",
        "报告日期",
        w.Date(),
        aliases=("report date",),
        note=(
            "截至哪一天的进展。整个文件同一天的，可以不要这一列：在标题中写明"
            "“截至10月31日”“截至2026年10月31日”或“2026年10月”（不写年份按2026年），"
            "或在导入页面填写报告日期（命令行用 --date）；有这一列的，按本列，本列留空的行按"
            "标题或导入页面的日期。"
        ),
        example="2026-03-31",
    )
    stage = Column("stage", "建设阶段", w.Choice(Stage.choices, STAGE_SYNONYMS), example="续建")
    progress = Column("progress", "形象进度(%)", w.Percent(), example="35%")
    completed_2026 = Column(
        "completed_2026",
        "2026年累计完成投资(万元)",
        w.Number(),
        aliases=("completed investment", *report_files.cumulative_aliases()),
        note=(
            "截至报告日期的2026年累计完成投资。列名也可写“1-10月完成投资”“1—10月累计完成投资”"
            "“累计完成投资”“本年完成投资”；写了月份的，须与报告日期的月份一致。"
        ),
        example="1,200",
    )
    text = Column(
        "text",
        "进展情况",
        aliases=("progress text",),
        example=f"{EXAMPLE_MARK}主体钢结构完成一半。",
    )
    text_en = Column("text_en", "英文进展情况")
    is_published = Column(
        "is_published",
        "已发布",
        w.YesNo(),
        aliases=("published",),
        note=(
            "发布后，最新一条已发布的报告决定项目页显示的阶段、进度和完成投资。"
            "没有这一列的文件，须在导入页面选择“发布”或“暂不发布”（命令行用 --publish 或 "
            "--no-publish），适用于每一行；有这一列的，按本列，本列留空的行按导入页面的选择"
            "（未选择的，新报告为未发布、已有报告保持不变）。"
        ),
        example="否",
    )

    key = ("project", "date")
    noun = "进展报告"

    class Meta:
        model = ProgressReport
        fields = field_names(
            "project project_name date stage progress completed_2026 text text_en is_published"
        )
        export_order = fields

    def describe(self, obj) -> str:
        return f"{obj.project.code} {obj.date:%Y-%m-%d}"

    def get_export_fields(self, selected_fields=None):
        # The name beside the code is read only to check it: exports keep their columns.
        fields_ = super().get_export_fields(selected_fields)
        return [field_ for field_ in fields_ if field_.attribute != "project_name"]

    def columns(self):
        # Imports and templates know it, beside the code as offices put it.
        first, *rest = super().columns()
        return [first, self.fields["project_name"], *rest]

    def prepare_table(self, table, options, notes):
        report_files.prepare(self, table, options, notes)

    def new_instance(self, row_values):
        report = super().new_instance(row_values)
        # The form's 发布 / 暂不发布 decides for the reports the file adds; a stored report
        # keeps whether it is public unless its own 已发布 cell says otherwise.
        choice = getattr(self, "publish_new", None)
        if row_values.get("is_published") in (None, "") and choice is not None:
            report.is_published = choice
        return report

    def row_problems(self, row_values, raw):
        return report_files.row_problems(self, row_values, raw)

    def statements(self, records):
        statement = report_files.publish_statement(records)
        return [statement] if statement else []

    def after_write(self, *, created, updated, user, reason):
        # The project page shows its newest published report: bring every touched project
        # in step, saved one by one so each change lands in its history with the user.
        from ledger.recording import batched
        from projects.services.reports import sync_project_from_reports

        touched = sorted({report.project_id for report in [*created, *updated]})
        with batched():  # their ledger entries in a few statements, not a few per project
            for start in range(0, len(touched), 500):
                for project in Project.objects.filter(pk__in=touched[start : start + 500]):
                    sync_project_from_reports(project=project, reason=reason, user=user)

    def after_draft_write(self, *, created, updated, user, reason):
        """Drafts move no project: its page follows the published reports, brought in step
        when a reviewer approves them (``review_approve.approve``)."""
