"""generate_sample: marked synthetic records, fast, and removable without touching real ones."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from projects.models import (
    DisclosureItem,
    ProgressReport,
    Project,
    ProjectStage,
    Sector,
    Stage,
    StageSource,
)
from projects.services.stages import rebuild_stage_history
from tests.public_data import build_public_plan

pytestmark = pytest.mark.django_db


def test_creates_marked_projects_and_reports_and_deletes_only_them():
    plan = build_public_plan()
    real_projects = set(Project.objects.values_list("code", flat=True))
    real_reports = ProgressReport.objects.count()
    call_command("generate_sample", projects=40, reports=150, seed=7)
    samples = Project.objects.samples()
    assert samples.count() == 40
    assert all(p.code.startswith("SAMPLE-") and "虚构" in p.name for p in samples)
    assert ProgressReport.objects.filter(project__in=samples).count() == 150
    # Each sample shows the state of its newest report, as real projects do.
    project = samples.filter(reports__isnull=False).first()
    latest = project.reports.order_by("-date").first()
    assert (project.stage, project.last_reported_on) == (latest.stage, latest.date)

    call_command("generate_sample", projects=5, seed=8)  # more samples continue the numbering
    assert Project.objects.samples().count() == 45

    call_command("generate_sample", delete=True)
    assert not Project.objects.samples().exists()
    assert set(Project.objects.values_list("code", flat=True)) == real_projects
    assert ProgressReport.objects.count() == real_reports
    assert DisclosureItem.objects.filter(project=plan.wind).exists()


def test_makes_and_removes_its_own_sectors_on_an_empty_database():
    call_command("generate_sample", projects=3, reports=3)
    assert Sector.objects.filter(slug__startswith="sample-").count() == 2
    call_command("generate_sample", delete=True)
    assert not Sector.objects.exists()


def test_refuses_reports_without_projects():
    with pytest.raises(CommandError):
        call_command("generate_sample", projects=0, reports=5)


def test_no_sample_claims_an_update_later_than_now():
    early = datetime.datetime(
        2026, 11, 26, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    with time_machine.travel(early, tick=False):
        call_command("generate_sample", projects=300, reports=300, seed=3)
        newest = Project.objects.samples().order_by("-updated_at").first().updated_at
        assert newest <= timezone.now()


def stage_rows(project):
    return sorted(
        ProjectStage.objects.filter(project=project).values_list(
            "since", "until", "stage", "source"
        )
    )


def test_samples_carry_the_stage_history_their_reports_imply_and_delete_removes_only_it():
    plan = build_public_plan()
    real = ProjectStage.objects.create(
        project=plan.wind, stage=Stage.PREPARATION, since=datetime.date(2026, 2, 1),
        until=datetime.date(2026, 3, 1), source=StageSource.RECORD,
    )  # fmt: skip
    call_command("generate_sample", projects=30, reports=200, seed=11)
    samples = list(Project.objects.samples().prefetch_related("reports"))
    written = {project.code: stage_rows(project) for project in samples}
    for project in samples:
        earlier = [
            r for r in project.reports.all() if project.stage_date and r.date < project.stage_date
        ]
        # A sample with earlier reports has a history, each row a stage one of them named.
        assert bool(written[project.code]) == bool(earlier), project.code
        assert {row[2] for row in written[project.code]} <= {r.stage for r in earlier}
        # What the real rule writes from the same reports, project by project.
        rebuild_stage_history(project=project)
        assert stage_rows(project) == written[project.code], project.code
    assert sum(map(len, written.values())) > 0

    call_command("generate_sample", delete=True)
    assert list(ProjectStage.objects.all()) == [real]


def test_samples_carry_disclosure_items_by_stage_all_valid_and_removed_with_them():
    from projects.disclosure import ItemState

    with time_machine.travel(datetime.date(2026, 11, 30)):
        call_command("generate_sample", projects=200, reports=400, seed=11)
        items = list(DisclosureItem.objects.filter(project__code__startswith="SAMPLE-"))
        for item in items:
            item.full_clean()  # every sample item passes the model's own rules
        today = timezone.localdate()
        assert all(i.formed_on is None or i.formed_on < today for i in items)
        assert all(i.published_on and i.published_on <= today for i in items)
        assert all(i.due_on == i.due().value for i in items if i.formed_on)
    by_stage = {}
    for item in items:
        by_stage.setdefault(item.project.stage, set()).add((item.category, item.matter))
    assert not by_stage.get(Stage.RESERVE)
    started = by_stage[Stage.CONTINUING]
    assert {(3, "tender_notice"), (2, "construction_permit"), (6, "participants")} <= started
    assert (8, "acceptance") in by_stage[Stage.COMPLETED] | by_stage.get(Stage.OPERATING, set())
    assert (8, "acceptance") not in by_stage[Stage.PREPARATION]
    states = {item.state for item in items}
    assert {ItemState.DISCLOSED, ItemState.NOT_APPLICABLE, ItemState.WITHHELD} <= states
    assert all(i.link.startswith("https://") for i in items if i.matter == "tender_notice")
    late = [i for i in items if i.lateness() and i.lateness().value > 0]
    assert 0 < len(late) < len(items) / 4
    call_command("verify_ledger", stdout=io.StringIO())  # entered in the ledger with them
    call_command("generate_sample", delete=True)
    assert not DisclosureItem.objects.filter(project__code__startswith="SAMPLE-").exists()
    call_command("verify_ledger", stdout=io.StringIO())
