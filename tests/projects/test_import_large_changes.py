"""Money that changes by a factor of 1,000 or more against the stored value (亿元 typed as 万元,
元 as 万元) is shown under 「请核对」 and written only once the clerk confirms it: the admin's
「我已核对以上金额」 box, or ``import_records --accept-large-changes``."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.imports.options import ImportOptions
from projects.models import Project

from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:projects_project_import")
CONFIRM = reverse("admin:projects_project_process_import")
ACCEPT = ImportOptions(accept_large_changes=True)


@pytest.fixture
def project(make_project):
    return make_project(
        code="KL-1", name="风电项目", total_investment=Decimal(100), planned_2026=Decimal(50)
    )


def money_file(total, planned="50"):
    return csv_bytes(
        [["项目编号", "总投资(万元)", "2026年计划投资(万元)"], ["KL-1", total, planned]]
    )


def money():
    return Project.objects.values_list("total_investment", "planned_2026").get()


def test_a_change_by_a_factor_of_999_is_an_ordinary_change(project):
    outcome = run("projects", money_file("99900"), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert outcome.warnings == []
    assert money() == (Decimal(99900), Decimal(50))


def test_a_change_by_a_factor_of_1000_is_refused_unless_confirmed(project):
    preview = run("projects", money_file("100000"))
    refused = run("projects", money_file("100000"), dry_run=False)

    [change] = preview.warnings
    assert change.line() == (
        "第 2 行 KL-1 风电项目：“总投资(万元)”由 100 万元 改为 100,000 万元，增大约 1,000 倍"
    )
    assert not refused.applied
    assert refused.unconfirmed
    assert "有 1 处金额与原值或对照的金额相差 1000 倍以上" in refused.file_problem
    assert money() == (Decimal(100), Decimal(50))

    accepted = run("projects", money_file("100000"), dry_run=False, options=ACCEPT)

    assert accepted.applied, accepted.error_lines()
    assert money() == (Decimal(100000), Decimal(50))


def test_a_fall_in_the_planned_investment_is_checked_too(project):
    preview = run("projects", money_file("100", planned="0.05"))

    [change] = preview.warnings
    assert (change.column, change.old, change.new) == ("2026年计划投资(万元)", 50, Decimal("0.05"))
    assert change.factor_text() == "缩小约 1,000 倍"
    assert not run("projects", money_file("100", planned="0.05"), dry_run=False).applied
    assert money() == (Decimal(100), Decimal(50))


def test_an_amount_set_where_there_was_none_is_no_large_change(make_project):
    make_project(code="KL-1", name="风电项目")

    outcome = run("projects", money_file("500000"), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert money() == (Decimal(500000), Decimal(50))


def test_the_admin_confirm_needs_the_box_ticked(client, editor, project, settings, tmp_path):
    settings.IMPORT_PENDING_DIR = str(tmp_path / "pending")
    client.force_login(editor)
    upload = SimpleUploadedFile("项目.csv", money_file("100000"))

    page = client.post(IMPORT, {"import_file": upload}).content.decode()

    check = page.split('id="import-check"')[1].split("</table>")[0]
    assert "请核对" in check
    assert "<td>100 万元</td><td>100,000 万元</td><td>增大约 1,000 倍</td>" in check
    assert 'name="amounts_checked"' in page
    assert "我已核对以上金额" in page
    token = page.split('name="token" value="')[1].split('"')[0]

    unticked = client.post(CONFIRM, {"token": token}).content.decode()

    assert "请先核对「请核对」中的金额，并勾选「我已核对以上金额」" in unticked
    assert money() == (Decimal(100), Decimal(50))
    assert f'name="token" value="{token}"' in unticked  # the same preview, to tick and confirm

    client.post(CONFIRM, {"token": token, "amounts_checked": "1"})

    assert money() == (Decimal(100000), Decimal(50))


def test_the_command_refuses_unless_told_the_amounts_were_checked(project, tmp_path):
    path = tmp_path / "项目.csv"
    path.write_bytes(money_file("100000"))
    err, out = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_records", "projects", str(path), stdout=io.StringIO(), stderr=err)
    assert money() == (Decimal(100), Decimal(50))
    assert "“总投资(万元)”由 100 万元 改为 100,000 万元，增大约 1,000 倍" in err.getvalue()

    call_command("import_records", "projects", str(path), "--accept-large-changes", stdout=out)

    assert money() == (Decimal(100000), Decimal(50))
    assert "增大约 1,000 倍" in out.getvalue()
