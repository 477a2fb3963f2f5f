"""Import and export buttons on the admin pages of projects, reports, measurements, targets
and sectors.

django-import-export provides the buttons, URLs, export form and permission hooks; the steps
that its defaults get wrong here (PITFALLS.md) are replaced: the file is decoded by
``projects.imports.files`` (UTF-8 or GB18030, CSV or XLSX), checked all-or-nothing by the
shared service, previewed row by row, kept between preview and confirm in
``projects.imports.pending`` (never in the session), and exports are neutralised against
spreadsheet formulas.
"""

import urllib.parse

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from import_export.signals import post_import

from projects.admin import uploads
from projects.imports import exporting, files, pending, plausibility, service, template_files
from projects.imports.engine import import_reason
from projects.imports.options import ImportOptions
from projects.imports.outcome import NEW, UNCHANGED, UPDATE
from projects.imports.resources import RESOURCES
from projects.services import roles

# How many rows of each sort the preview lists; the counts are always complete.
SHOWN = {"problems": 1000, NEW: 200, UPDATE: 500, UNCHANGED: 200}


class ImportFileForm(forms.Form):
    import_file = forms.FileField(
        label="数据文件",
        help_text=(
            "Excel（.xlsx、.xls）、.ods 或 CSV 文件；CSV 可为 UTF-8 或 GBK/GB18030 编码，"
            "系统自动识别。标题行、单位行、合计行、序号和备注等列会自动跳过，并在预览中说明。"
        ),
    )

    def options(self) -> ImportOptions:
        return ImportOptions()


class ReportImportForm(ImportFileForm):
    """A monthly progress file often gives its date once, or not at all, and has no 已发布
    column: both are asked here rather than assumed (``projects.imports.report_files``)."""

    report_date = forms.DateField(
        label="报告日期",
        required=False,
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=(
            "整个文件的报告日期（截至哪一天），如 2026-10-31。文件中有“报告日期”列的按该列；"
            "标题写明“截至10月31日”的可不填（填了须与标题一致）。"
        ),
    )
    publish = forms.TypedChoiceField(
        label="导入后是否发布",
        choices=[("", "请选择"), ("1", "发布"), ("0", "暂不发布")],
        coerce=lambda value: value == "1",
        required=True,
        error_messages={"required": "请选择导入后这些进展报告是否发布。"},
        help_text=(
            "适用于文件中没有“已发布”列、或该列留空的行。选择“暂不发布”的，"
            "导入后需在后台逐条发布，网站才会显示。"
        ),
    )

    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(report_date=data.get("report_date"), publish=data.get("publish"))


IMPORT_FORMS = {"reports": ReportImportForm}


class ExportColumnsForm(SelectableFieldsExportForm):
    """The library's export form, its checkboxes named by the Chinese column headers."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


class RecordImportExportMixin(ImportExportMixin):
    """Mix into a plan record's ModelAdmin, before it, and set ``import_kind``."""

    import_kind = ""  # a key of projects.imports.resources.RESOURCES
    import_template_name = "admin/projects/import.html"
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    export_form_class = ExportColumnsForm

    def get_resource_classes(self, request):
        return [RESOURCES[self.import_kind]]

    def has_import_permission(self, request):
        # Import both creates and changes records: it needs both rights, not merely "add".
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def get_urls(self):
        prefix = "{}_{}".format(*self.get_model_info())
        return [
            path(
                "import/template.<str:file_format>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{prefix}_import_template",
            ),
            # Before the library's own "import/": the size is checked before the body is read.
            path(
                "import/",
                self.admin_site.admin_view(
                    uploads.size_limited(self.import_action, files.max_bytes, self.refuse_upload)
                ),
                name=f"{prefix}_import",
            ),
            path(
                "import/cancel/",
                self.admin_site.admin_view(self.import_cancel),
                name=f"{prefix}_import_cancel",
            ),
            path(
                "import/problems/<str:token>/",
                self.admin_site.admin_view(self.import_problems),
                name=f"{prefix}_import_problems",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, **kwargs):
        app_label, model_name = self.get_model_info()
        return reverse(f"{self.admin_site.name}:{app_label}_{model_name}_{name}", kwargs=kwargs)

    # Import: upload and preview, then confirm or abandon.

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        pending.purge_expired()  # previews abandoned long ago
        form = self.import_form(request, request.POST or None, request.FILES or None)
        context = {}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            if upload.size > files.max_bytes():
                form.add_error(
                    "import_file",
                    f"文件过大（{upload.size / 1024 / 1024:.1f} MB），"
                    f"最大 {files.max_bytes() // 1024 // 1024} MB。请分成几个文件导入。",
                )
            else:
                data = upload.read()
                options = form.options()
                outcome = service.import_file(
                    kind=self.import_kind,
                    data=data,
                    file_name=upload.name,
                    user=request.user,
                    options=options,
                )
                context["outcome"] = outcome
                if outcome.has_errors:
                    stem = upload.name.rsplit(".", 1)[0] or "导入"
                    context["problems_url"] = self._url(
                        "import_problems",
                        token=pending.save(
                            outcome.problems_csv(),
                            user_id=request.user.pk,
                            kind=f"{self.import_kind}-problems",
                            file_name=f"{stem}-错误清单.csv",
                            fingerprint="",
                        ),
                    )
                if not outcome.has_errors and outcome.has_changes:
                    context["token"] = pending.save(
                        data,
                        user_id=request.user.pk,
                        kind=self.import_kind,
                        file_name=upload.name,
                        fingerprint=outcome.fingerprint(),
                        options=options.stored(),
                    )
        return self.render_import_page(request, form, context)

    def refuse_upload(self, request, size):
        """The import page saying the file is too large; the upload was not read."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.import_form(request)
        largest = files.max_bytes() // 1024 // 1024
        message = (
            f"文件过大（{size / 1024 / 1024:.1f} MB），最大 {largest} MB，未上传。"
            "请分成几个文件导入。"
        )
        response = self.render_import_page(request, form, {"upload_refused": message})
        response.status_code = 413
        return response

    def import_problems(self, request, token):
        """The refusal list of the file this user last had refused, as a CSV to fix it by."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        waiting = pending.load(token, user_id=request.user.pk, kind=f"{self.import_kind}-problems")
        if waiting is None:
            raise Http404("错误清单已过期，请重新上传文件。")
        response = HttpResponse(waiting.data, content_type="text/csv; charset=utf-8")
        quoted = urllib.parse.quote(waiting.file_name)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quoted}"
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        token = request.POST.get("token", "")
        waiting = pending.load(token, user_id=request.user.pk, kind=self.import_kind)
        if waiting is None:
            messages.error(request, "这次预览已过期或已处理，未导入任何记录。请重新上传文件。")
            return HttpResponseRedirect(self._url("import"))
        # Amounts changing a thousandfold are written only with 「我已核对以上金额」 ticked.
        checked = request.POST.get("amounts_checked") == "1"
        options = ImportOptions.from_stored(waiting.options, accept_large_changes=checked)
        try:
            outcome = service.import_file(
                kind=self.import_kind,
                data=waiting.data,
                file_name=waiting.file_name,
                user=request.user,
                dry_run=False,
                expected=waiting.fingerprint,
                options=options,
            )
        except BaseException:
            pending.discard(token)
            raise
        if outcome.unconfirmed:
            # Nothing was written: the same preview again, to tick the box and confirm.
            outcome.file_problem, outcome.dry_run = "", True
            context = {"outcome": outcome, "token": token, "confirm_error": True}
            return self.render_import_page(request, self.import_form(request), context)
        pending.discard(token)
        if not outcome.applied:
            return self.render_import_page(request, self.import_form(request), {"outcome": outcome})
        self.log_import(request, outcome)
        post_import.send(sender=None, model=self.model)
        messages.success(request, result_message(outcome))
        return HttpResponseRedirect(self._url("changelist"))

    @method_decorator(require_POST)
    def import_cancel(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        token = request.POST.get("token", "")
        # Only the uploader's own preview: a token seen elsewhere must not end someone's import.
        if pending.load(token, user_id=request.user.pk, kind=self.import_kind) is not None:
            pending.discard(token)
        messages.info(request, "已放弃这次导入，未修改任何记录。")
        return HttpResponseRedirect(self._url("changelist"))

    def import_form(self, request, *args):
        form = IMPORT_FORMS.get(self.import_kind, ImportFileForm)(*args)
        if roles.is_reporter(request.user):
            # Whether records go public is the reviewer's decision (``for_review``).
            form.fields.pop("publish", None)
        return form

    def import_template_view(self, request, file_format):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = service.resource_for(self.import_kind)
        if file_format == "xlsx":
            data = template_files.template_xlsx(resource)
        elif file_format == "csv":
            data = template_files.template_csv(resource)
        else:
            raise PermissionDenied
        return _download(data, file_format, f"{self.import_kind}-template.{file_format}")

    def log_import(self, request, outcome):
        # One entry for the whole file in the admin's "recent actions": every record's own
        # change is in its history (django-simple-history) with the user and the reason, and
        # 10,000 entries would bury everything else there.
        LogEntry.objects.create(
            user_id=request.user.pk,
            content_type=ContentType.objects.get_for_model(self.model),
            object_repr=import_reason(outcome.file_name)[:200],
            action_flag=ADDITION if outcome.created else CHANGE,
            change_message=outcome.summary(),
        )

    def render_import_page(self, request, form, context):
        resource = service.resource_for(self.import_kind)
        outcome = context.get("outcome")
        opts = self.model._meta
        context.update(self.admin_site.each_context(request))
        context.update(
            {
                "title": f"导入{opts.verbose_name_plural}",
                "opts": opts,
                "form": form,
                "guide": template_files.guide(resource),
                "notes": template_files.notes(resource),
                "confirm_label": plausibility.CONFIRM_LABEL,
                "max_mb": files.max_bytes() // 1024 // 1024,
                "max_rows": files.max_rows(),
                "template_xlsx_url": self._url("import_template", file_format="xlsx"),
                "template_csv_url": self._url("import_template", file_format="csv"),
                "process_url": self._url("process_import"),
                "cancel_url": self._url("import_cancel"),
            }
        )
        if outcome is not None:
            problems = sorted(outcome.problems, key=lambda problem: problem.row)
            context["problems"] = problems[: SHOWN["problems"]]
            context["problems_hidden"] = max(0, len(problems) - SHOWN["problems"])
            for status in (NEW, UPDATE, UNCHANGED):
                rows = [row for row in outcome.rows if row.status == status]
                context[f"{status}_rows"] = rows[: SHOWN[status]]
                context[f"{status}_hidden"] = max(0, len(rows) - SHOWN[status])
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    # Export: the library's form and queryset (with the change list's filters), our files.

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = self.get_data_for_export(request, queryset, **kwargs)
        resource = service.resource_for(self.import_kind)
        return exporting.dataset_bytes(
            dataset,
            _extension(file_format),
            title=str(self.model._meta.verbose_name_plural)[:31],
            text_columns=exporting.text_column_indexes(resource, dataset.headers),
        )

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.import_kind}-{timezone.localdate():%Y-%m-%d}.{_extension(file_format)}"


def result_message(outcome):
    """The summary, with a link to the submission a reporter's import was sent as."""
    if outcome.submission_id is None:
        return outcome.summary()
    url = reverse("admin:projects_submission_change", args=[outcome.submission_id])
    return format_html('{} <a href="{}">在审核队列中查看这份报送</a>', outcome.summary(), url)


def _extension(file_format) -> str:
    return "xlsx" if file_format.get_extension() == "xlsx" else "csv"


def _download(data: bytes, file_format: str, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exporting.FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
