"""What a reviewer approves enters the publication ledger under the reviewer's name, and the
public page says which unit reported it and the day it was approved."""

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from ledger.models import LedgerEntry
from projects.models import ProgressReport, Stage, Submission

from .admin_forms import form_data

pytestmark = pytest.mark.django_db
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def on(day):
    return time_machine.travel(datetime.datetime(2026, 11, day, 10, 0, tzinfo=BEIJING))


def test_an_approved_report_is_in_the_ledger_and_says_who_reported_it(
    client, reporter, reviewer, make_project, tourism
):
    reviewer.first_name, reviewer.last_name = "三", "张"
    reviewer.save()
    with on(18):
        project = make_project(code="KL-T1", name="冰雪旅游项目", responsible_unit=tourism)
    with on(19):
        client.force_login(reporter)
        data = {
            "project": project.pk,
            "date": "2026-11-15",
            "stage": Stage.CONTINUING,
            "text": "造雪中",
        }
        client.post(reverse("admin:projects_progressreport_add"), data)
        url = reverse("admin:projects_project_change", args=[project.pk])
        form = form_data(client.get(url))
        client.post(url, {**form, "owner": "库伦旗文旅投资有限公司"})
    report = ProgressReport.objects.get()
    assert not LedgerEntry.objects.filter(kind="report").exists()  # a draft is not public
    assert LedgerEntry.objects.filter(kind="project").count() == 1  # the change is held

    with on(20):
        client.force_login(reviewer)
        for submission in Submission.objects.order_by("pk"):
            page = reverse("admin:projects_submission_change", args=[submission.pk])
            client.post(page, {"approve": "1", "secrecy_checked": "on"})
    entries = list(LedgerEntry.objects.order_by("seq").values_list("kind", "action", "approved_by"))
    assert entries[1:] == [
        ("report", "publish", "张三"),
        ("project", "change", "张三"),  # its newest report's date, shown on the project
        ("project", "change", "张三"),  # the owner sent by the reporter
    ]
    assert report.__class__.objects.get(pk=report.pk).is_published

    client.logout()
    html = client.get(project.get_absolute_url()).content.decode()
    assert html.count("旗文旅体育局报送，2026-11-20 审核发布") == 2  # the project and its report
    assert "库伦旗文旅投资有限公司" in html
    ledger = json.loads(b"".join(client.get("/data/ledger.json").streaming_content))
    assert [e["approved_by"] for e in ledger["rows"]][-3:] == ["张三"] * 3
    call_command("verify_ledger")  # the chain and every public record agree
