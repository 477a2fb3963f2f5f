"""What is appended, and when: publishing, changing and withdrawing through the admin, imports,
services and commands; nothing for saves the public does not see; nothing for a rolled-back save."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from ledger import recording
from ledger.kinds import BY_MODEL
from ledger.models import GENESIS, LedgerEntry, LedgerHead
from ledger.recording import BEFORE_LEDGER, NO_ACCOUNT, approver
from projects.management.commands.generate_sample import create_samples, delete_samples
from projects.models import DisclosureItem, Measurement, News, ProgressReport, Project, Stage, Unit
from tests.bench.import_bench import csv_bytes as office_csv
from tests.bench.import_bench import office_rows
from tests.projects.admin_forms import form_data
from tests.projects.test_import_helpers import csv_bytes, project_rows, run

from .conftest import actions, chained, entries, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_editor(editor):
    editor.first_name, editor.last_name = "三", "张"
    editor.save()
    return editor


def test_admin_publish_change_and_withdraw_are_chained_and_verify(
    client, named_editor, make_project
):
    client.force_login(named_editor)
    project = make_project(code="KL-100", is_published=False)
    assert entries() == []  # a draft is nobody's business yet
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["is_published"] = "on"
    assert client.post(url, data).status_code == 302
    data["name"] = "改名后的项目"
    assert client.post(url, data).status_code == 302
    client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "unpublish", "_selected_action": [project.pk]},
    )
    assert actions() == [
        ("publish", "KL-100", 1),
        ("change", "KL-100", 2),
        ("unpublish", "KL-100", 3),
    ]
    found = entries()
    assert found[0].previous_hash == GENESIS and chained(found)
    assert {e.approved_by for e in found} == {"张三"}
    assert found[2].content_sha256 == found[1].content_sha256  # what was withdrawn
    assert verify()[0]


def test_a_save_that_changes_nothing_public_appends_nothing(make_project, target_with_data):
    project = make_project(code="KL-101")
    assert actions("project") == [("publish", "KL-101", 1)]
    before = len(entries())
    project.save()
    project.related_targets.add(target_with_data)  # links are not part of the content
    Project.objects.get(pk=project.pk).save()
    assert len(entries()) == before


def test_withdrawing_a_project_withdraws_its_reports_and_publishing_brings_them_back(
    make_project,
):
    project = make_project(code="KL-102", is_published=False)
    ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 3, 1), stage=Stage.CONTINUING, text="进展",
        is_published=True,
    )  # fmt: skip
    assert entries() == []  # the report of a draft project is not public either
    project.is_published = True
    project.save()
    assert actions() == [("publish", "KL-102", 1), ("publish", "KL-102/2026-03-01", 1)]
    project.is_published = False
    project.save()
    assert actions()[2:] == [
        ("unpublish", "KL-102", 2),
        ("unpublish", "KL-102/2026-03-01", 2),
    ]
    assert verify()[0]


def test_a_new_code_is_a_change_of_the_project_and_of_its_reports(make_project):
    project = make_project(code="KL-103")
    ProgressReport.objects.create(
        project=project, date=datetime.date(2026, 3, 1), stage=Stage.CONTINUING, text="进展",
        is_published=True,
    )  # fmt: skip
    project.code = "KL-103A"
    project.save()
    assert actions()[-2:] == [
        ("change", "KL-103A", 2),
        ("change", "KL-103A/2026-03-01", 2),
    ]
    assert verify()[0]


def test_renaming_a_unit_is_a_change_of_the_projects_it_answers_for(make_project, culture):
    make_project(code="KL-104", responsible_unit=culture)
    culture.name = "旗文化旅游体育局"
    culture.save()
    assert actions() == [("publish", "KL-104", 1), ("change", "KL-104", 2)]
    assert verify()[0]


def test_deleting_a_public_record_is_entered_as_withdrawn(make_project):
    project = make_project(code="KL-105")
    project.delete()
    assert actions() == [("publish", "KL-105", 1), ("unpublish", "KL-105", 2)]
    assert verify()[0]


def test_a_rolled_back_save_leaves_no_entry(make_project):
    project = make_project(code="KL-106")
    with pytest.raises(RuntimeError), transaction.atomic():
        project.name = "不会保存的名称"
        project.save()
        assert len(entries()) == 2
        raise RuntimeError
    assert len(entries()) == 1
    assert verify()[0]


def published_rows(**overrides):
    header, *rows = project_rows(3, **overrides)
    return [[*header, "已发布"], *([*row, "是"] for row in rows)]


def test_import_publishes_changes_and_repeats_nothing(named_editor, sector):
    outcome = run("projects", csv_bytes(published_rows()), user=named_editor, dry_run=False)
    assert outcome.applied, outcome.problems
    assert actions() == [("publish", f"T-000{n}", 1) for n in (1, 2, 3)]
    changed = csv_bytes(published_rows(计划开工日期="2026/4/1"))
    run("projects", changed, user=named_editor, dry_run=False)
    run("projects", changed, user=named_editor, dry_run=False)  # unchanged: nothing
    assert [a for a, _, _ in actions()] == ["publish"] * 3 + ["change"] * 3
    assert {e.approved_by for e in entries()} == {"张三"}
    assert chained(entries()) and verify()[0]


def test_importing_reports_enters_the_reports_and_the_projects_they_update(
    named_editor, make_project
):
    make_project(code="KL-107")
    rows = [
        ["项目编号", "报告日期", "建设阶段", "形象进度(%)", "进展情况", "已发布"],
        ["KL-107", "2026/3/31", "续建", "40%", "主体完工", "是"],
    ]
    outcome = run("reports", csv_bytes(rows), user=named_editor, dry_run=False)
    assert outcome.applied, outcome.problems
    assert actions() == [
        ("publish", "KL-107", 1),
        ("publish", "KL-107/2026-03-31", 1),
        ("change", "KL-107", 2),  # its stage and progress now come from the report
    ]
    assert entries()[-1].approved_by == "张三"
    assert verify()[0]


def test_commands_and_services_are_entered_without_an_account(db):
    call_command("load_plan", stdout=io.StringIO())
    found = entries()
    assert found and {e.action for e in found} == {"publish"}
    assert {e.approved_by for e in found} == {NO_ACCOUNT}
    assert verify()[0]


def test_sample_data_is_entered_and_withdrawn_in_bulk(make_project):
    create_samples(projects=20, reports=40, seed=1)
    approvals = DisclosureItem.objects.filter(is_published=True).count()  # a few per project begun
    assert approvals > 0
    assert LedgerEntry.objects.filter(action="publish").count() == 60 + approvals
    assert verify()[0]
    delete_samples()
    assert LedgerEntry.objects.filter(action="unpublish").count() == 60 + approvals
    assert verify()[0]


def test_records_public_before_the_ledger_get_a_first_entry_at_migrate(make_project):
    project = make_project(code="KL-108")
    LedgerHead.objects.update(started_kinds=["report", "target", "measurement"])
    Project.objects.filter(pk=project.pk).update(name="启用前的名称")  # as if never entered
    call_command("migrate", verbosity=0)
    assert actions("project") == [("publish", "KL-108", 1), ("change", "KL-108", 2)]
    assert entries("project")[-1].approved_by == BEFORE_LEDGER
    call_command("migrate", verbosity=0)  # only once per kind
    assert len(entries("project")) == 2
    assert verify()[0]


def test_news_published_ahead_of_time_enters_when_it_appears(make_project, editor):

    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)):
        news = News(
            slug="later", title="定时新闻", body="正文", is_published=True,
            published_at=datetime.datetime(2026, 5, 2, 9, tzinfo=datetime.UTC),
        )  # fmt: skip
        news._history_user = editor
        news.save()
        assert entries("news") == []  # not public yet: its address is not given away early
        assert verify()[0]
    with time_machine.travel(datetime.datetime(2026, 5, 3, 9, tzinfo=datetime.UTC)):
        passed, said = verify()
        assert passed and "定时发布的时间已到" in said
        make_project(code="KL-109")  # the next append enters it too
        assert actions("news") == [("publish", "later", 1)]
        assert entries("news")[0].approved_by == approver(editor)
        passed, said = verify()
        assert passed and "定时" not in said


def test_measurements_follow_their_target(target_with_data):
    assert actions("measurement") == [("publish", f"{target_with_data.code}/2026-03-31", 1)]
    target_with_data.is_published = False
    target_with_data.save()
    assert actions("measurement")[-1][0] == "unpublish"
    assert verify()[0]


def test_approvers_are_named_never_by_their_login(django_user_model):
    named = django_user_model(username="zs", first_name="三", last_name="张")
    western = django_user_model(username="jd", first_name="Jane", last_name="Doe")
    unnamed = django_user_model(pk=7, username="login-name")
    assert approver(named) == "张三"
    assert approver(western) == "Jane Doe"
    assert approver(unnamed) == "工作人员（账号编号 7）"
    assert approver(None) == NO_ACCOUNT


@pytest.fixture
def target_with_data(make_target):
    target = make_target()
    Measurement.objects.create(
        target=target, date=datetime.date(2026, 3, 31), value=Decimal(20), source="旗文旅局",
        is_published=True,
    )  # fmt: skip
    return target


def test_an_import_hashes_from_memory_what_the_database_holds(named_editor):
    """Imports hash the records as written, not read back: the result must be the same."""
    call_command("load_plan", stdout=io.StringIO())
    Unit.objects.create(name="旗发改委")
    for changed in (False, True):
        data = office_csv(*office_rows(changed=changed, count=40))
        outcome = run("projects", data, user=named_editor, dry_run=False)
        assert outcome.applied, outcome.problems
        assert verify()[0]
    written = list(Project.objects.filter(code__startswith="BENCH-"))
    pks = [project.pk for project in written]
    kind = BY_MODEL[Project]
    assert recording.current(kind, pks, written) == recording.current(kind, pks)
    assert len(entries("project")) == len(Project.objects.published()) + 40
