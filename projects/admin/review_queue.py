"""The review queue: each submission compared with what is public now, approved or returned."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from projects.models import Submission, SubmissionStatus
from projects.services import review, review_approve, roles
from projects.services.review_diff import load_records, public_url, revision_rows

# A large imported file is approved as a whole; the page shows its first records in full.
SHOWN = 200


def admin_url(revision) -> str:
    """The record's own admin page, where a reporter fixes what was returned."""
    record = revision.record()
    if record is None:
        return ""
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


class DecisionForm(forms.Form):
    secrecy_checked = forms.BooleanField(
        label="已进行保密审查：内容不涉及国家秘密、工作秘密、商业秘密和个人隐私",
        required=False,
    )
    comment = forms.CharField(
        label="审核意见（退回时必填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class StatusFilter(admin.SimpleListFilter):
    """Waiting submissions first: what a reviewer opens the queue for."""

    title = "状态"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*SubmissionStatus.choices, ("all", "全部")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or SubmissionStatus.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or SubmissionStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "unit",
        "submitted_by",
        "submitted_at",
        "record_count",
        "status",
        "reviewed_by",
        "reviewed_at",
    ]
    list_filter = [StatusFilter, "unit"]
    list_select_related = ["unit", "submitted_by", "reviewed_by"]
    search_fields = ["title", "file_name", "comment"]
    date_hierarchy = "submitted_at"

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                records=Count("revisions", filter=~Q(revisions__status=SubmissionStatus.SUPERSEDED))
            )
        )
        user = request.user
        if roles.can_publish(user):
            return roles.review_scope(queryset, user)
        return queryset.filter(Q(submitted_by=user) | Q(unit__in=roles.unit_ids(user)))

    @admin.display(description="记录数", ordering="records")
    def record_count(self, obj):
        return obj.records

    def has_add_permission(self, request):
        return False  # records are sent from their own forms and imports

    def has_delete_permission(self, request, obj=None):
        return False  # what was sent and decided is kept

    def has_change_permission(self, request, obj=None):
        return False  # decided on the review page, not edited as a form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        may_decide = roles.can_publish(request.user) and submission.is_pending
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if form.is_valid() and self._decide(request, submission, form):
                return HttpResponseRedirect(reverse("admin:projects_submission_changelist"))
        if submission.is_pending:
            revisions = review.pending_revisions(submission)
        else:
            revisions = list(
                submission.revisions.exclude(status=SubmissionStatus.SUPERSEDED).select_related(
                    "content_type"
                )
            )
        count = len(revisions)
        revisions = revisions[:SHOWN]
        load_records(revisions)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"审核：{submission.title}",
            "submission": submission,
            "items": [
                (r, revision_rows(r), public_url(r.record()), admin_url(r)) for r in revisions
            ],
            "count": count,
            "shown": len(revisions),
            "form": form,
            "may_decide": may_decide,
            "submitter": review.submitter_name(submission),
        }
        return TemplateResponse(request, "admin/projects/submission/review.html", context)

    def _decide(self, request, submission, form) -> bool:
        data = form.cleaned_data
        try:
            if "return" in request.POST:
                review.send_back(submission, user=request.user, comment=data["comment"])
                messages.success(request, f"已退回“{submission.title}”，报送人会看到审核意见。")
            else:
                count = review_approve.approve(
                    submission, user=request.user, secrecy_checked=data["secrecy_checked"]
                )
                messages.success(request, f"已审核发布“{submission.title}”，共 {count} 条记录。")
        except review.ReviewRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
            return False
        return True
