"""Sending records for review, and a reviewer's decision on them.

A reporter's new record is saved as a draft and its publishing waits for review; a change to a
published record is not saved on the record at all but held in a ``Revision`` as the new values
of the fields that change, so the public keeps the approved version until a reviewer approves.
"""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from projects.imports import writing
from projects.models import (
    DisclosureItem,
    Measurement,
    ProgressReport,
    Project,
    Revision,
    RevisionAction,
    Submission,
    SubmissionStatus,
)
from projects.services.roles import UNIT_PATHS

# Parents before their children: a project published in the same batch as its first report.
REVIEWED = [Project, DisclosureItem, ProgressReport, Measurement]
NOT_REVIEWED_FIELDS = {"id", "is_published", "created_at", "updated_at", "last_reported_on"}


def reviewed_fields(model) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if f.editable and f.name not in NOT_REVIEWED_FIELDS
    ]


def encode(field, obj):
    """A field's value as JSON keeps it: dates in ISO, amounts as exact text."""
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        file = getattr(obj, field.attname)
        if file and not file._committed:
            # Kept in storage now, so the file is there when a reviewer approves the change.
            file.save(file.name, file.file, save=False)
        return file.name or ""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def decode(field, raw):
    if raw is None or isinstance(field, models.FileField):
        return raw
    return field.to_python(raw)


def changes_of(obj, stored) -> dict:
    """The fields in which *obj* (as edited) differs from *stored* (as public), encoded."""
    changed = {}
    for field in reviewed_fields(type(obj)):
        new = encode(field, obj)
        if new != encode(field, stored):
            changed[field.attname] = new
    return changed


def unit_of(obj):
    path = UNIT_PATHS[obj._meta.model_name].split("__")
    for step in path[:-1]:
        obj = getattr(obj, step)
    return getattr(obj, path[-1] + "_id")


def held_revision(obj) -> Revision | None:
    """A change to *obj* still waiting for review."""
    return (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            status=SubmissionStatus.PENDING,
            action=RevisionAction.CHANGE,
        )
        .select_related("submission__submitted_by")
        .order_by("-pk")
        .first()
    )


def apply(obj, changes: dict) -> None:
    for attname, raw in changes.items():
        field = next(f for f in obj._meta.concrete_fields if f.attname == attname)
        setattr(obj, attname, decode(field, raw))


CHUNK = 500  # records per query: well under every database's limit on query parameters


@transaction.atomic
def submit(*, user, title: str, items, file_name: str = "") -> Submission | None:
    """Send *items* — (record, changes or None to publish the draft) pairs — as one submission.

    A record's earlier revision still waiting is replaced by this one, as it is the newer word.
    The revisions are written in bulk, a few queries for thousands of records (an imported
    file is one submission).
    """
    items = [(obj, changes) for obj, changes in items if changes is None or changes]
    if not items:
        return None
    units = {unit_of(obj) for obj, _ in items}
    submission = Submission.objects.create(
        title=title[:300],
        file_name=file_name[:255],
        unit_id=units.pop() if len(units) == 1 else None,
        submitted_by=user,
    )
    revisions, ids_by_kind = [], {}
    for obj, changes in items:
        kind = ContentType.objects.get_for_model(obj)
        ids_by_kind.setdefault(kind, []).append(obj.pk)
        revisions.append(
            Revision(
                submission_id=submission.pk,
                content_type_id=kind.pk,
                object_id=obj.pk,
                action=RevisionAction.PUBLISH if changes is None else RevisionAction.CHANGE,
                label=str(obj)[:300],
                changes=changes or {},
            )
        )
    for kind, object_ids in ids_by_kind.items():
        _supersede(kind, object_ids)
    # One prepared INSERT for them all, as an import writes its records.
    writing.insert_rows(Revision, revisions)
    return submission


def _supersede(kind, object_ids) -> None:
    """The revisions of these records still waiting are superseded, and so are the
    submissions left with nothing waiting."""
    submissions = set()
    for start in range(0, len(object_ids), CHUNK):
        earlier = Revision.objects.filter(
            content_type=kind,
            object_id__in=object_ids[start : start + CHUNK],
            status=SubmissionStatus.PENDING,
        )
        submissions.update(earlier.values_list("submission_id", flat=True).distinct())
        earlier.update(status=SubmissionStatus.SUPERSEDED)
    submissions = sorted(submissions)
    for start in range(0, len(submissions), CHUNK):
        Submission.objects.filter(
            pk__in=submissions[start : start + CHUNK], status=SubmissionStatus.PENDING
        ).exclude(revisions__status=SubmissionStatus.PENDING).update(
            status=SubmissionStatus.SUPERSEDED
        )


class ReviewRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def send_back(submission: Submission, *, user, comment: str) -> None:
    comment = comment.strip()
    if not comment:
        raise ReviewRefused(["退回时请写明退回原因，报送人据此修改。"])
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if not submission.is_pending:
            raise ReviewRefused([f"这份报送已{submission.get_status_display()}，无需再审核。"])
        submission.revisions.filter(status=SubmissionStatus.PENDING).update(
            status=SubmissionStatus.RETURNED
        )
        decide(submission, user, SubmissionStatus.RETURNED, comment, secrecy_checked=False)


def decide(submission, user, status, comment, *, secrecy_checked) -> None:
    """Record a reviewer's decision on *submission*."""
    submission.status = status
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.comment = comment
    submission.secrecy_checked = secrecy_checked
    submission.save()


def pending_revisions(submission) -> list[Revision]:
    order = {ContentType.objects.get_for_model(m).pk: i for i, m in enumerate(REVIEWED)}
    revisions = list(submission.revisions.filter(status=SubmissionStatus.PENDING))
    for revision in revisions:
        # From Django's cache of content types: a batch of 10,000 makes no 10,000 copies.
        revision.content_type = ContentType.objects.get_for_id(revision.content_type_id)
    return sorted(revisions, key=lambda r: (order.get(r.content_type_id, 99), r.pk))


def submitter_name(submission) -> str:
    user = submission.submitted_by
    if user is None:
        return "（账号已删除）"
    return user.get_full_name() or user.get_username()
