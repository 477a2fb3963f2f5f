"""Each figure and report on a project's or target's page says which unit reported it and the
day it was approved for publication, from the ledger."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from projects.models import Measurement, MilestoneStep, ProgressReport, Stage, TargetKind

pytestmark = pytest.mark.django_db
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def on(day: int, month: int = 11):
    """A moment on a day of 2026, at 23:30 Beijing time (15:30 UTC: the day is Beijing's)."""
    return time_machine.travel(datetime.datetime(2026, month, day, 23, 30, tzinfo=BEIJING))


def lines(page) -> list[str]:
    html = page.content.decode()
    return re.findall(r'class="muted accountability">([^<]*)<', html) + re.findall(
        r"<td[^>]*>([^<]*(?:审核发布|approved and published)[^<]*)</td>", html
    )


def test_a_project_and_its_reports_say_who_reported_and_when_approved(
    client, make_project, culture
):
    with on(18):
        project = make_project(code="KL-400", responsible_unit=culture)
    with on(20):
        report = ProgressReport.objects.create(
            project=project, date=datetime.date(2026, 10, 31), stage=Stage.CONTINUING,
            text="十月进展", is_published=True,
        )  # fmt: skip
    with on(21):
        project.name = "改名的项目"
        project.save()
    with on(22):
        report.save()  # nothing public changed: still approved on the 20th
        page = client.get("/projects/KL-400/")
        assert lines(page) == [
            "旗文旅局报送，2026-11-21 审核发布",  # the project, renamed on the 21st
            "旗文旅局报送，2026-11-20 审核发布",  # its report
        ]
        english = client.get("/en/projects/KL-400/")
        assert lines(english)[1] == (
            "Reported by Culture and Tourism Bureau, approved and published 2026-11-20"
        )


def test_without_a_unit_the_page_says_so(client, make_project):
    with on(20):
        make_project(code="KL-401")
        assert lines(client.get("/projects/KL-401/")) == ["报送单位未登记，2026-11-20 审核发布"]
        assert lines(client.get("/en/projects/KL-401/")) == [
            "Reporting unit not recorded; approved and published 2026-11-20"
        ]


def test_a_targets_figures_name_its_reporting_unit_and_approval_days(client, make_target, culture):
    with on(1, month=4):
        target = make_target(code="T16", responsible_unit=culture)
        Measurement.objects.create(
            target=target, date=datetime.date(2026, 3, 31), value=Decimal(20), source="旗文旅局",
            is_published=True,
        )  # fmt: skip
    with on(2, month=7):
        Measurement.objects.create(
            target=target, date=datetime.date(2026, 6, 30), value=Decimal(66), source="旗文旅局",
            is_published=True,
        )  # fmt: skip
        found = lines(client.get("/targets/T16/"))
    assert found == [
        "旗文旅局报送，2026-07-02 审核发布",  # the current figure, that of 30 June
        "旗文旅局报送，2026-04-01 审核发布",
        "旗文旅局报送，2026-07-02 审核发布",
    ]


def test_milestone_steps_say_when_each_was_approved(client, make_target, culture):
    with on(1, month=3):
        target = make_target(
            code="T14", kind=TargetKind.MILESTONE, figure=None, responsible_unit=culture
        )
        MilestoneStep.objects.create(target=target, order=1, title="提交申请")
    with on(5, month=3):
        step = MilestoneStep.objects.create(target=target, order=2, title="评审")
        step.done_date = datetime.date(2026, 3, 5)
        step.save()
        found = lines(client.get("/targets/T14/"))
    assert found == [
        "旗文旅局报送，2026-03-05 审核发布",  # the current figure: the latest step approved
        "旗文旅局报送，2026-03-01 审核发布",
        "旗文旅局报送，2026-03-05 审核发布",
    ]
