"""verify_ledger finds what was changed behind the ledger's back, and a downloaded copy can be
checked by anyone with the files alone."""

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ledger.hashing import entry_hash
from ledger.models import LedgerEntry
from projects.models import ProgressReport, Project, Stage
from tests.public_data import build_public_plan

from .conftest import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return build_public_plan()


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_plan_as_saved_verifies(plan):
    passed, said = verify()
    assert passed, said
    assert "账本核对通过" in said


def test_a_record_changed_behind_the_ledger_is_found(plan):
    Project.objects.filter(pk=plan.wind.pk).update(completed_2026=90000)
    with pytest.raises(CommandError) as failed:
        call_command("verify_ledger", stdout=io.StringIO())
    assert failed.value.returncode == 1  # what manage.py exits with
    passed, said = verify()
    assert not passed
    assert "项目 KL-001：公开内容与账本最新记录的哈希不符" in said
    assert "公开记录与账本不符 1 处" in said


def test_a_row_changed_by_raw_sql_is_found(plan):
    raw("UPDATE projects_progressreport SET text = %s WHERE project_id = %s", "改", plan.wind.pk)
    passed, said = verify()
    assert not passed and "项目进展 KL-001/2026-03-01" in said


def test_a_draft_published_behind_the_ledger_is_found(plan):
    Project.objects.filter(pk=plan.draft_project.pk).update(is_published=True)
    passed, said = verify()
    assert not passed and "项目 KL-DRAFT：已公开，但账本中没有它的发布记录" in said


def test_a_record_withdrawn_or_deleted_behind_the_ledger_is_found(plan):
    ProgressReport.objects.filter(project=plan.wind).delete()  # its own deletes are entered
    assert verify()[0]
    Project.objects.filter(pk=plan.wind.pk).update(is_published=False)
    raw("DELETE FROM projects_milestonestep WHERE title = %s", "提交创建申请")
    passed, said = verify()
    assert not passed
    assert "项目 KL-001：账本记为已发布，但这条记录已不公开" in said
    assert "里程碑步骤 T14/提交创建申请：账本记为已发布" in said


def test_a_tampered_ledger_row_is_found_where_it_is(plan):
    entry = LedgerEntry.objects.order_by("seq")[2]
    raw("UPDATE ledger_ledgerentry SET approved_by = %s WHERE seq = %s", "他人", entry.seq)
    passed, said = verify()
    assert not passed
    assert f"第 {entry.seq} 条：内容与本条记录哈希不符" in said
    assert "链条断裂 1 处" in said


def test_a_rewritten_ledger_row_breaks_the_link_of_the_next(plan):
    entry = LedgerEntry.objects.order_by("seq")[2]
    entry.approved_by = "他人"
    raw(
        "UPDATE ledger_ledgerentry SET approved_by = %s, entry_hash = %s WHERE seq = %s",
        "他人", entry_hash(entry), entry.seq,
    )  # fmt: skip
    passed, said = verify()
    assert not passed and f"第 {entry.seq + 1} 条：所记“上一条记录哈希”" in said


def test_removed_entries_are_found_in_the_middle_and_at_the_end(plan):
    last = LedgerEntry.objects.order_by("-seq").first()
    raw("DELETE FROM ledger_ledgerentry WHERE seq = %s", last.seq)
    passed, said = verify()
    assert not passed and "末尾的记录被删除或改动过" in said
    raw("DELETE FROM ledger_ledgerentry WHERE seq = %s", 2)
    passed, said = verify()
    assert "第 3 条：序号应为 2" in said


def download(client, path) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def readme_check() -> str:
    """The check the README gives outsiders, as it stands there."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Checking a downloaded copy", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def run_readme_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", readme_check()], cwd=folder, capture_output=True, text=True
    )


def test_an_outsider_checks_the_downloads_with_the_readme_code(client, plan, tmp_path):
    names = ["ledger", "projects", "reports", "targets", "measurements", "disclosure"]
    files = {name: download(client, f"/data/{name}.json") for name in names}
    for name, document in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(document, ensure_ascii=False))
    assert sum(len(files[name]["rows"]) for name in names[1:]) == 9
    passed = run_readme_check(tmp_path)
    assert passed.returncode == 0, passed.stderr
    assert "the ledger is whole and the data files agree with it" in passed.stdout
    files["projects"]["rows"][0]["name"] = "改过的名称"
    (tmp_path / "projects.json").write_text(json.dumps(files["projects"], ensure_ascii=False))
    changed = run_readme_check(tmp_path)
    assert changed.returncode != 0 and f"{plan.wind.code} differs" in changed.stderr
    files["ledger"]["rows"][1]["approved_by"] = "他人"
    (tmp_path / "ledger.json").write_text(json.dumps(files["ledger"], ensure_ascii=False))
    altered = run_readme_check(tmp_path)
    assert altered.returncode != 0 and "entry 2 was altered" in altered.stderr


def test_verify_ledger_checks_downloaded_files_offline(client, plan, tmp_path):
    files = {}
    for name in ("ledger", "projects", "reports"):
        files[name] = tmp_path / f"{name}.json"
        files[name].write_bytes(json.dumps(download(client, f"/data/{name}.json")).encode())
    data = [arg for name in ("projects", "reports") for arg in ("--dataset", str(files[name]))]
    passed, said = verify("--file", str(files["ledger"]), *data)
    assert passed, said
    assert "比对公开记录 3 条" in said
    projects = json.loads(files["projects"].read_text())
    projects["rows"][0]["completed_2026"] = 1
    files["projects"].write_text(json.dumps(projects))
    passed, said = verify("--file", str(files["ledger"]), *data)
    assert not passed and "数据文件中的内容与账本记录的哈希不符" in said


def test_verify_ledger_says_what_is_wrong_with_a_file(tmp_path):
    broken = tmp_path / "ledger.json"
    broken.write_text("{not json")
    passed, said = verify("--file", str(broken))
    assert not passed and "不是有效的 JSON" in said
    passed, said = verify("--file", str(tmp_path / "missing.json"))
    assert not passed and "无法读取文件" in said
    passed, said = verify("--dataset", str(broken))
    assert not passed and "--dataset 和 --earlier 须与 --file 一起使用" in said


def test_a_rewritten_history_is_found_against_an_earlier_copy(client, plan, tmp_path):
    earlier = tmp_path / "earlier.json"
    earlier.write_bytes(json.dumps(download(client, "/data/ledger.json")).encode())
    plan.wind.name = "新名称"
    plan.wind.save()
    later = tmp_path / "later.json"
    later.write_bytes(json.dumps(download(client, "/data/ledger.json")).encode())
    assert verify("--file", str(later), "--earlier", str(earlier))[0]
    # Someone with the database rebuilds the whole chain with one entry changed: every hash in
    # the new copy is consistent, but it no longer continues the one published before.
    rebuilt = json.loads(later.read_text())
    rebuilt["rows"][0]["approved_by"] = "他人"
    previous = rebuilt["genesis"]
    for entry in rebuilt["rows"]:
        entry["previous_hash"] = previous
        entry["entry_hash"] = previous = entry_hash(entry)
    later.write_text(json.dumps(rebuilt))
    assert verify("--file", str(later))[0]
    passed, said = verify("--file", str(later), "--earlier", str(earlier))
    assert not passed and "第 1 条：与先前下载的副本不同" in said


def test_the_english_files_hold_the_same_ledger(client, plan):
    chinese = download(client, "/data/ledger.json")
    english = download(client, "/en/data/ledger.json")
    assert english["rows"] == chinese["rows"]
    assert english["title"] == "Publication ledger"


def test_a_report_dated_with_its_project_keeps_the_key_outsiders_use(plan):
    report = ProgressReport.objects.create(
        project=plan.wind, date=datetime.date(2026, 5, 1), stage=Stage.CONTINUING, text="五月",
        is_published=True,
    )  # fmt: skip
    entry = LedgerEntry.objects.get(kind="report", record_pk=report.pk)
    assert entry.record_key == "KL-001/2026-05-01"
