"""我的待办 · 审核: what waits for the user's review, what they sent, and what came back."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from projects.admin import todo
from projects.models import Revision, Submission, SubmissionStatus
from projects.services import roles

SHOWN = 10


def returned_unresolved(queryset):
    """Returned submissions with a record not sent again since: still to be fixed."""
    later = Revision.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        pk__gt=OuterRef("pk"),
    )
    open_records = Revision.objects.filter(submission=OuterRef("pk")).filter(~Exists(later))
    return queryset.filter(status=SubmissionStatus.RETURNED).filter(Exists(open_records))


def listed(queryset, order):
    queryset = queryset.select_related("unit", "submitted_by", "reviewed_by").order_by(order)
    return {"rows": list(queryset[:SHOWN]), "count": queryset.count()}


# First: what came back to be fixed is the most pressing thing a clerk has.
@todo.register(order=10)
def review_section(request):
    user = request.user
    reviewer, reporter = roles.can_publish(user), roles.is_reporter(user)
    if not (reviewer or reporter):
        return None
    context = {"queue_url": reverse("admin:projects_submission_changelist")}
    if reviewer:
        waiting = Submission.objects.filter(status=SubmissionStatus.PENDING)
        context["to_review"] = listed(roles.review_scope(waiting, user), "submitted_at")
    mine = Submission.objects.filter(Q(submitted_by=user) | Q(unit__in=roles.unit_ids(user)))
    context["sent"] = listed(mine.filter(status=SubmissionStatus.PENDING), "-submitted_at")
    context["returned"] = listed(returned_unresolved(mine), "-reviewed_at")
    return todo.Section("admin/projects/todo/review.html", context)
