"""Public pages give the reasons staff wrote for the public, never the name of an imported file:
that stays in the staff history in the admin."""

import pytest
from django.urls import reverse

from projects.imports.engine import import_reason
from projects.imports.writing import own_reason
from projects.services.plan import LOAD_REASON
from projects.services.reasons import public_reason
from tests.public_data import build_public_plan

from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db

FILE_NAME = "内部草稿-领导未审-勿外传.csv"
STEM = "内部草稿"


@pytest.fixture
def plan(db):
    return build_public_plan()


def imported(kind, rows, user):
    outcome = run(kind, csv_bytes(rows), FILE_NAME, user=user, dry_run=False)
    assert outcome.applied, outcome.error_lines()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_imported_file_name_stays_off_the_public_pages_and_in_the_admin_history(
    client, plan, admin_user
):
    # A wording change needs no reason: the history's only reason is the file's.
    wording = ["指标编号", "原文表述"]
    imported("targets", [wording, ["T16", "实现年接待游客突破135万人次"]], admin_user)
    # A figure change gives the reason staff wrote for the public, stored with the file's.
    figure = ["指标编号", "目标值", "修改原因"]
    imported("targets", [figure, ["T16", "140", "上级下达新任务"]], admin_user)
    imported("projects", [["项目编号", "总投资(万元)"], ["KL-001", "900000"]], admin_user)

    for url in ("/targets/T16/", "/en/targets/T16/", "/projects/KL-001/", "/en/projects/KL-001/"):
        text = page(client, url)
        assert STEM not in text and ".csv" not in text, url
    for url in ("/targets/T16/", "/en/targets/T16/"):
        text = page(client, url)
        assert "实现年接待游客突破135万人次" in text  # the revision is still listed
        assert "上级下达新任务" in text  # with the reason written for the public

    client.force_login(admin_user)
    for model, pk in (("target", plan.visitors.pk), ("project", plan.wind.pk)):
        history = page(client, reverse(f"admin:projects_{model}_history", args=[pk]))
        assert FILE_NAME in history


@pytest.mark.parametrize(
    ("recorded", "shown"),
    [
        (import_reason(FILE_NAME), ""),
        (import_reason("a（从 b 导入）.csv"), ""),
        ("上级下达新任务（从 内部草稿-领导未审-勿外传.csv 导入）", "上级下达新任务"),
        ("按通知（从2026年起）执行（从 草稿.xlsx 导入）", "按通知（从2026年起）执行"),
        (LOAD_REASON, ""),
        ("上级下达新任务", "上级下达新任务"),
        ("", ""),
        (None, ""),
    ],
)
def test_the_public_reason_is_what_staff_wrote(recorded, shown):
    assert public_reason(recorded) == shown


def test_the_public_reason_reads_what_an_import_records():
    class Row:
        _change_reason = "上级下达新任务"

    recorded = own_reason(Row(), import_reason(FILE_NAME))

    assert public_reason(recorded) == "上级下达新任务"
    assert public_reason(own_reason(object(), import_reason(FILE_NAME))) == ""
