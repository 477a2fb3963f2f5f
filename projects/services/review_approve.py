"""A reviewer's approval: every record of a submission published or changed, all or nothing.

A reporter's file may send thousands of records; approving them must fit one web request. So
the records are read in one query per kind, checked one by one as a save would check them,
and written as an import writes: one UPDATE statement per kind, one history entry each, and the
ledger entries in a few statements, all in one transaction.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from ledger.recording import batched, record
from portal.cache import bump_after_commit
from projects.imports import writing
from projects.models import ProgressReport, Project, RevisionAction, Submission, SubmissionStatus
from projects.search import index as search_index
from projects.services.review import (
    REVIEWED,
    ReviewRefused,
    apply,
    decide,
    pending_revisions,
    submitter_name,
)
from projects.services.review_diff import load_records


def approve(submission: Submission, *, user, secrecy_checked: bool) -> int:
    """Publish what *submission* sends; returns how many records it published or changed."""
    if not secrecy_checked:
        raise ReviewRefused(["请先完成保密审查并勾选“已进行保密审查”，再审核发布。"])
    with batched():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if not submission.is_pending:
            raise ReviewRefused([f"这份报送已{submission.get_status_display()}，无需再审核。"])
        revisions = pending_revisions(submission)
        load_records(revisions)
        reason = f"审核发布：{submitter_name(submission)}报送的“{submission.title}”"[:100]
        problems, written = [], defaultdict(dict)
        for revision in revisions:
            obj = revision.record()
            if obj is None:
                problems.append(f"{revision.label}：记录已被删除。")
            elif _checked(obj, revision, problems):
                fields = written[type(obj)].setdefault(obj.pk, (obj, set()))[1]
                fields.update(revision.changes if revision.action == RevisionAction.CHANGE else ())
                if getattr(obj, "_stamped", False):
                    fields.add("published_on")
                if hasattr(obj, "set_due") and obj.set_due():
                    fields.update(("due_on", "due_estimated"))
        if problems:
            transaction.set_rollback(True)
            raise ReviewRefused(problems)
        stages = _stages_left(written.get(Project, {}))
        for model in REVIEWED:
            _write(model, written.get(model, {}), user, reason)
        _follow_up(written, stages, user)
        for model, records in written.items():
            search_index.refresh_records(model, list(records))  # bulk writes send no signals
        submission.revisions.filter(status=SubmissionStatus.PENDING).update(
            status=SubmissionStatus.APPROVED
        )
        decide(submission, user, SubmissionStatus.APPROVED, "", secrecy_checked=True)
        bump_after_commit()
    return sum(len(records) for records in written.values())


def _checked(obj, revision, problems) -> bool:
    """Apply *revision* to *obj* and check it as saving it would; False with the reasons."""
    obj._stage_before = (getattr(obj, "stage", None), getattr(obj, "stage_date", None))
    if revision.action == RevisionAction.CHANGE:
        apply(obj, revision.changes)
    obj.is_published = True
    stamp = getattr(obj, "stamp_published", None)  # a disclosure item's publication day
    if stamp is not None:
        obj._stamped = stamp(revision.changes if revision.action == RevisionAction.CHANGE else ())
    try:
        if revision.action == RevisionAction.CHANGE:
            changed = set(revision.changes)
            unchanged = [f.name for f in obj._meta.fields if f.attname not in changed]
            obj.full_clean(exclude=unchanged)
        else:
            obj.clean()  # a draft, as saved from its form: only the rules across records
    except ValidationError as error:
        for messages in error.message_dict.values():
            problems.extend(f"{revision.label}：{m}" for m in messages)
        return False
    return True


def _write(model, records, user, reason) -> None:
    if not records:
        return
    objs = [obj for obj, _ in records.values()]
    fields = {"is_published"}.union(*(changed for _, changed in records.values()))
    writing.update(model, objs, fields)
    writing.record_history(model, objs, user=user, reason=reason, created=False)
    record(model, [obj.pk for obj in objs], user=user, objects=objs)


def _stages_left(projects: dict) -> list:
    """(project, stage, since) for each approved project leaving its stage."""
    left = []
    for obj, changed in projects.values():
        stage, since = obj._stage_before
        if "stage" in changed and stage and stage != obj.stage:
            left.append((obj, stage, since))
    return left


def _follow_up(written, stages, user) -> None:
    """What a save in the admin does next: stage history kept, projects in step with reports."""
    from projects.services.reports import sync_project_from_reports
    from projects.services.stages import note_replaced_stages

    note_replaced_stages(stages)
    touched = {obj.project_id for obj, _ in written.get(ProgressReport, {}).values()}
    touched |= {obj.pk for obj, _, _ in stages}  # their stage history rebuilt
    for project in Project.objects.filter(pk__in=touched):
        sync_project_from_reports(project=project, user=user)
