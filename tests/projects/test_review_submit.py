"""``review.submit``: one submission for many records, earlier waiting revisions replaced."""

import pytest

from projects.models import Project, Revision, RevisionAction, Submission, SubmissionStatus, Unit
from projects.services import review

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(sector):
    def make(count, unit, start=0):
        Project.objects.bulk_create(
            Project(
                code=f"D{n:04d}",
                name=f"草稿{n}",
                sector=sector,
                level="general",
                stage="reserve",
                responsible_unit=unit,
            )
            for n in range(start, start + count)
        )
        made = Project.objects.filter(code__startswith="D").order_by("code")
        return list(made[start : start + count])

    return make


def test_many_records_go_in_one_submission_in_a_few_queries(
    reporter, tourism, drafts, django_assert_max_num_queries
):
    records = drafts(1200, tourism)
    items = [(p, None) for p in records[:-1]] + [(records[-1], {"name": "改名"})]

    with django_assert_max_num_queries(30):  # not one a record
        submission = review.submit(
            user=reporter, title="导入项目：a.csv", items=items, file_name="a.csv"
        )

    assert (submission.title, submission.file_name, submission.unit) == (
        "导入项目：a.csv",
        "a.csv",
        tourism,
    )
    assert submission.revisions.count() == 1200
    last = submission.revisions.get(object_id=records[-1].pk)
    assert (last.action, last.changes, last.label) == (
        RevisionAction.CHANGE,
        {"name": "改名"},
        str(records[-1]),
    )


def test_earlier_waiting_revisions_are_superseded_and_emptied_submissions_too(
    reporter, tourism, drafts
):
    one, two, three, four = drafts(4, tourism)
    first = review.submit(user=reporter, title="甲", items=[(one, None), (two, None)])
    second = review.submit(user=reporter, title="乙", items=[(three, None), (four, None)])

    third = review.submit(
        user=reporter, title="丙", items=[(one, None), (two, None), (three, None)]
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SubmissionStatus.SUPERSEDED
    assert second.status == SubmissionStatus.PENDING  # four still waits there
    waiting = Revision.objects.filter(status=SubmissionStatus.PENDING)
    assert sorted(waiting.values_list("submission__title", "object_id")) == sorted(
        [("乙", four.pk), ("丙", one.pk), ("丙", two.pk), ("丙", three.pk)]
    )
    assert third.is_pending


def test_nothing_to_send_makes_no_submission_and_mixed_units_name_none(reporter, tourism, drafts):
    energy = Unit.objects.create(name="旗能源局")
    ours, theirs = drafts(1, tourism) + drafts(1, energy, start=1)

    assert review.submit(user=reporter, title="空", items=[(ours, {})]) is None
    assert not Submission.objects.exists()
    mixed = review.submit(user=reporter, title="两个单位", items=[(ours, None), (theirs, None)])
    assert mixed.unit is None and mixed.revisions.count() == 2
