"""Review before publishing, with the three personas: a reporter, a reviewer, an administrator."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from projects.models import (
    ProgressReport,
    Project,
    Revision,
    Stage,
    Submission,
    SubmissionStatus,
    UnitMembership,
)

from .admin_forms import form_data
from .personas import staff


@pytest.fixture
def ours(make_project, tourism):
    return make_project(code="KL-T1", name="冰雪旅游项目", responsible_unit=tourism)


@pytest.fixture
def theirs(make_project, energy):
    return make_project(code="KL-E1", name="风电项目", responsible_unit=energy)


def change_url(obj):
    return reverse(f"admin:projects_{obj._meta.model_name}_change", args=[obj.pk])


def public_text(client, project):
    return client.get(project.get_absolute_url()).content.decode()


def decide(client, submission, **data):
    url = reverse("admin:projects_submission_change", args=[submission.pk])
    return client.post(url, data)


def test_the_three_roles_are_there_with_what_each_needs(db):
    reporter = Group.objects.get(name="填报员").permissions.values_list("codename", flat=True)
    reviewer = Group.objects.get(name="审核员").permissions.values_list("codename", flat=True)
    manager = Group.objects.get(name="管理员").permissions.values_list("codename", flat=True)
    assert {"change_project", "add_progressreport", "change_measurement"} <= set(reporter)
    assert not {"review_submission", "change_target", "change_unit", "change_user"} & set(reporter)
    assert "review_submission" in reviewer and "change_target" not in reviewer
    assert {"change_target", "change_unit", "change_user", "review_submission"} <= set(manager)


def test_a_reporter_sees_and_opens_only_their_units_records(client, reporter, ours, theirs):
    client.force_login(reporter)
    listing = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "KL-T1" in listing and "KL-E1" not in listing
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist" redirect
    page = client.get(change_url(ours))
    assert page.status_code == 200
    assert "is_published" not in page.context["adminform"].form.fields
    listing = client.get(reverse("admin:projects_project_changelist"))
    action_form = listing.context["action_form"]
    names = [] if action_form is None else dict(action_form.fields["action"].choices)
    assert "publish" not in names and "delete_selected" not in names


def test_a_reporters_change_waits_until_a_reviewer_approves_it(client, reporter, reviewer, ours):
    client.force_login(reporter)
    data = form_data(client.get(change_url(ours)))
    data["name"] = "冰雪旅游项目（二期）"
    response = client.post(change_url(ours), data, follow=True)
    assert "已提交审核" in response.content.decode()
    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1 and "成功" not in said[0]  # not Django's "changed successfully"
    ours.refresh_from_db()
    assert ours.name == "冰雪旅游项目"
    assert "二期" not in public_text(client, ours)
    submission = Submission.objects.get()
    assert submission.unit.name == "旗文旅体育局" and submission.submitted_by == reporter

    client.force_login(reviewer)
    page = client.get(reverse("admin:projects_submission_change", args=[submission.pk]))
    rows = page.context["items"][0][1]
    assert [(r.label, r.public, r.proposed) for r in rows] == [
        ("项目名称", "冰雪旅游项目", "冰雪旅游项目（二期）")
    ]
    refused = decide(client, submission, approve="1")
    assert "保密审查" in refused.content.decode()
    ours.refresh_from_db()
    assert ours.name == "冰雪旅游项目"

    decide(client, submission, approve="1", secrecy_checked="on")
    ours.refresh_from_db()
    assert ours.name == "冰雪旅游项目（二期）" and ours.is_published
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.reviewed_by == reviewer and submission.secrecy_checked
    entry = ours.history.first()
    assert entry.history_user == reviewer
    assert (
        entry.history_change_reason == "审核发布：clerk报送的“修改项目：KL-T1 冰雪旅游项目（二期）”"
    )
    client.logout()
    assert "冰雪旅游项目（二期）" in public_text(client, ours)


def test_a_returned_submission_shows_its_comment_to_the_reporter(client, reporter, reviewer, ours):
    client.force_login(reporter)
    data = form_data(client.get(change_url(ours)))
    data["owner"] = "某公司"
    client.post(change_url(ours), data)
    submission = Submission.objects.get()

    client.force_login(reviewer)
    assert "写明退回原因" in decide(client, submission, **{"return": "1"}).content.decode()
    decide(client, submission, comment="建设单位名称请写全称。", **{"return": "1"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    ours.refresh_from_db()
    assert ours.owner == ""

    client.force_login(reporter)
    page = client.get(reverse("admin:projects_submission_change", args=[submission.pk]))
    text = page.content.decode()
    assert "建设单位名称请写全称。" in text and "已退回" in text
    assert 'name="approve"' not in text
    assert decide(client, submission, approve="1", secrecy_checked="on").status_code == 403


def test_a_reporters_new_report_is_a_draft_until_approved(client, reporter, reviewer, ours):
    client.force_login(reporter)
    url = reverse("admin:projects_progressreport_add")
    page = client.get(url)
    assert [str(p) for p in page.context["adminform"].form.fields["project"].queryset] == [
        str(ours)
    ]
    data = {
        "project": ours.pk,
        "date": "2026-11-20",
        "stage": Stage.CONTINUING,
        "progress": "40%",
        "text": "主体工程完工。",
    }
    client.post(url, data)
    report = ProgressReport.objects.get()
    assert not report.is_published
    assert "主体工程完工" not in public_text(client, ours)

    client.force_login(reviewer)
    decide(client, Submission.objects.get(), approve="1", secrecy_checked="on")
    report.refresh_from_db()
    ours.refresh_from_db()
    assert report.is_published
    assert ours.last_reported_on == datetime.date(2026, 11, 20) and ours.stage == Stage.CONTINUING
    assert "主体工程完工" in public_text(client, ours)


def test_a_reporter_cannot_report_on_another_units_project(client, reporter, theirs):
    client.force_login(reporter)
    data = {"project": theirs.pk, "date": "2026-11-20", "stage": Stage.CONTINUING, "text": "x"}
    response = client.post(reverse("admin:projects_progressreport_add"), data)
    assert response.status_code == 200
    assert "project" in response.context["adminform"].form.errors
    assert not ProgressReport.objects.exists()


def test_editing_again_shows_the_waiting_change_and_replaces_it(client, reporter, ours):
    client.force_login(reporter)
    data = form_data(client.get(change_url(ours)))
    data["owner"] = "甲公司"
    client.post(change_url(ours), data)
    page = client.get(change_url(ours))
    assert page.context["adminform"].form["owner"].value() == "甲公司"
    assert "待审核的修改" in page.content.decode()
    data = form_data(page)
    data["leader"] = "王某"
    client.post(change_url(ours), data)
    first, second = Submission.objects.order_by("pk")
    assert first.status == SubmissionStatus.SUPERSEDED
    assert Revision.objects.get(submission=second).changes == {"owner": "甲公司", "leader": "王某"}


def test_a_reporter_cannot_delete_what_is_public(client, reporter, ours):
    report = ProgressReport.objects.create(
        project=ours,
        date=datetime.date(2026, 10, 1),
        stage=Stage.CONTINUING,
        text="x",
        is_published=True,
    )
    client.force_login(reporter)
    url = reverse("admin:projects_progressreport_delete", args=[report.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_a_reviewer_for_some_units_sees_only_their_queue(client, reporter, ours, energy, tourism):
    client.force_login(reporter)
    data = form_data(client.get(change_url(ours)))
    data["owner"] = "甲公司"
    client.post(change_url(ours), data)
    energy_reviewer = staff("energy-checker", "审核员", energy)
    client.force_login(energy_reviewer)
    listing = client.get(reverse("admin:projects_submission_changelist")).content.decode()
    assert "冰雪旅游项目" not in listing
    UnitMembership.objects.create(user=energy_reviewer, unit=tourism)
    listing = client.get(reverse("admin:projects_submission_changelist")).content.decode()
    assert "冰雪旅游项目" in listing
    assert Project.objects.get(pk=ours.pk).owner == ""


def test_a_disclosure_item_added_on_a_public_project_waits_for_review(
    client, reporter, reviewer, ours
):
    # The project page lists its items one line each and links to the full form to add one.
    client.force_login(reporter)
    add = f"{reverse('admin:projects_disclosureitem_add')}?project={ours.pk}"
    assert add in client.get(change_url(ours)).content.decode()
    data = form_data(client.get(add))
    assert data["project"] == str(ours.pk)
    data.update(
        {
            "category": "2",
            "state": "disclosed",
            "matter": "filing",
            "number": "库发改备〔2026〕88号",
            "date": "2026-11-02",
            "authority": "库伦旗发展和改革委员会",
            "formed_on": "2026-11-02",
        }
    )
    assert client.post(add, data).status_code == 302
    assert not ours.disclosure_items.get().is_published
    assert "88号" not in public_text(client, ours)
    submission = Submission.objects.get()
    assert [r.action for r in submission.revisions.all()] == ["publish"]

    client.force_login(reviewer)
    decide(client, submission, approve="1", secrecy_checked="on")
    client.logout()
    assert "库发改备〔2026〕88号" in public_text(client, ours)


def test_an_approved_stage_change_keeps_the_stage_it_left_in_the_history(
    client, reporter, reviewer, ours
):
    ours.stage_date = datetime.date(2026, 3, 1)
    ours.save()
    client.force_login(reporter)
    data = form_data(client.get(change_url(ours)))
    data["stage"] = Stage.NEW_START
    data["stage_date"] = "2026-06-01"
    client.post(change_url(ours), data)
    ours.refresh_from_db()
    assert ours.stage == Stage.PREPARATION and not ours.stage_history.exists()

    client.force_login(reviewer)
    decide(client, Submission.objects.get(), approve="1", secrecy_checked="on")
    ours.refresh_from_db()
    assert ours.stage == Stage.NEW_START and ours.stage_date == datetime.date(2026, 6, 1)
    assert [row.stage for row in ours.stage_history.all()] == [Stage.PREPARATION]


def test_a_reporters_new_project_is_their_units_draft_whatever_they_post(
    client, reporter, reviewer, sector, tourism, energy
):
    client.force_login(reporter)
    url = reverse("admin:projects_project_add")
    form = client.get(url).context["adminform"].form
    assert form["responsible_unit"].value() == tourism.pk
    assert list(form.fields["responsible_unit"].queryset) == [tourism]
    data = {
        "code": "KL-T9",
        "name": "民宿集群",
        "sector": sector.pk,
        "responsible_unit": tourism.pk,
        "is_published": "on",
        "disclosure_items-TOTAL_FORMS": "0",
        "disclosure_items-INITIAL_FORMS": "0",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }
    client.post(url, {**data, "code": "KL-T8", "responsible_unit": energy.pk})
    assert not Project.objects.filter(code="KL-T8").exists()
    client.post(url, data)
    project = Project.objects.get(code="KL-T9")
    assert not project.is_published and project.responsible_unit == tourism
    assert Submission.objects.get().title == "新增项目：KL-T9 民宿集群"


def test_an_approval_that_no_longer_passes_the_checks_is_refused_whole(
    client, reporter, reviewer, ours
):
    ours.planned_2026 = 1000
    ours.save()
    client.force_login(reporter)
    data = {
        "project": ours.pk,
        "date": "2026-11-20",
        "stage": Stage.CONTINUING,
        "completed_2026": "900",
        "text": "完成投资900万元。",
    }
    client.post(reverse("admin:projects_progressreport_add"), data)
    ours.planned_2026 = 800  # lowered by the plan's keeper while the report waited
    ours.save()

    client.force_login(reviewer)
    page = decide(client, Submission.objects.get(), approve="1", secrecy_checked="on")
    assert "超过该项目2026年计划投资 800 万元" in page.content.decode()
    assert not ProgressReport.objects.get().is_published
    assert Submission.objects.get().status == SubmissionStatus.PENDING
