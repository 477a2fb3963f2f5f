"""The admin's import: upload and preview, confirm or abandon, rights, temporary files."""

import os
import re
import time
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from projects.imports import pending
from projects.models import Project

from .test_import_helpers import csv_bytes, project_rows, read_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:projects_project_import")
CONFIRM = reverse("admin:projects_project_process_import")
CANCEL = reverse("admin:projects_project_import_cancel")


@pytest.fixture
def pending_dir(settings, tmp_path):
    """Where previews wait for confirmation, private to each test."""
    settings.IMPORT_PENDING_DIR = str(tmp_path / "pending")
    return tmp_path / "pending"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(client, data, name="项目.csv", url=IMPORT):
    return client.post(url, {"import_file": SimpleUploadedFile(name, data)})


def token_in(response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return found.group(1) if found else ""


def test_preview_lists_new_changed_and_unchanged_rows_and_writes_nothing(
    editor_client, make_project, sector, pending_dir
):
    make_project(code="T-0001", name="测试项目1", sector=sector, total_investment=1001.5)
    make_project(code="T-0002", name="旧名称", sector=sector)
    rows = project_rows(3)

    response = upload(editor_client, csv_bytes(rows, "gb18030"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "新增 1 条，更新 2 条，无变化 0 条" in page
    assert "旧名称 → 测试项目2" in page
    assert "其中 2 条是已在网站上公开的记录" in page
    assert "T-0003 测试项目3" in page
    assert token_in(response)
    assert Project.objects.count() == 2
    assert len(list(pending_dir.glob("*.upload"))) == 1


def test_a_new_record_is_previewed_with_its_values(editor_client, sector, pending_dir):
    rows = project_rows(1, **{"总投资(万元)": "12,500.5"})

    page = upload(editor_client, csv_bytes(rows)).content.decode()

    new_table = page.split('id="import-new"')[1].split("</table>")[0]
    assert "<strong>总投资(万元)</strong>：12500.5" in new_table
    assert "<strong>计划开工日期</strong>：2026-03-01" in new_table
    assert "<strong>建设阶段</strong>：续建" in new_table
    assert not Project.objects.exists()


def test_confirm_imports_logs_once_and_leaves_no_temporary_file(
    editor_client, editor, sector, pending_dir
):
    preview = upload(editor_client, csv_bytes(project_rows(3)), "三月.csv")

    response = editor_client.post(CONFIRM, {"token": token_in(preview)})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_project_changelist")
    assert Project.objects.count() == 3
    entry = Project.objects.get(code="T-0002").history.get()
    assert (entry.history_user, entry.history_change_reason) == (editor, "从 三月.csv 导入")
    [log] = LogEntry.objects.all()
    assert (log.user, log.object_repr) == (editor, "从 三月.csv 导入")
    assert list(pending_dir.iterdir()) == []


def test_a_token_works_once(editor_client, sector, pending_dir):
    token = token_in(upload(editor_client, csv_bytes(project_rows(1))))
    editor_client.post(CONFIRM, {"token": token})

    response = editor_client.post(CONFIRM, {"token": token}, follow=True)

    assert "这次预览已过期或已处理" in response.content.decode()
    assert Project.objects.count() == 1


def test_abandoning_a_preview_deletes_its_file_and_imports_nothing(
    editor_client, sector, pending_dir
):
    token = token_in(upload(editor_client, csv_bytes(project_rows(2))))

    response = editor_client.post(CANCEL, {"token": token}, follow=True)

    assert "已放弃这次导入" in response.content.decode()
    assert list(pending_dir.iterdir()) == []
    assert not Project.objects.exists()


def test_previews_left_open_are_swept_away_after_the_time_limit(editor_client, sector, pending_dir):
    upload(editor_client, csv_bytes(project_rows(1)))
    old = time.time() - pending.max_age() - 60
    for path in pending_dir.iterdir():
        os.utime(path, (old, old))

    editor_client.get(IMPORT)

    assert list(pending_dir.iterdir()) == []


def test_a_new_preview_replaces_the_same_persons_earlier_one(editor_client, sector, pending_dir):
    upload(editor_client, csv_bytes(project_rows(1)))
    upload(editor_client, csv_bytes(project_rows(2)))

    assert len(list(pending_dir.glob("*.upload"))) == 1


def test_a_file_with_errors_shows_every_problem_and_offers_no_confirm(
    editor_client, sector, pending_dir
):
    rows = project_rows(3, 所属领域="tertiary")
    rows[2][2] = "nowhere"

    response = upload(editor_client, csv_bytes(rows))

    page = response.content.decode()
    assert "整个文件未导入任何记录" in page
    assert "第 3 行" in page and "找不到领域“nowhere”" in page
    assert not token_in(response)
    # Only the list of problems waits to be downloaded, never the refused file itself.
    [kept] = pending_dir.glob("*.upload")
    assert kept.read_bytes().decode("utf-8-sig").startswith("文件,项目.csv")
    assert not Project.objects.exists()


def test_a_file_that_changes_nothing_needs_no_confirm(editor_client, make_project, pending_dir):
    make_project(code="KL-1", name="风电")

    response = upload(editor_client, csv_bytes([["项目编号", "项目名称"], ["KL-1", "风电"]]))

    assert "无需导入" in response.content.decode()
    assert not token_in(response)


def test_someone_elses_token_imports_nothing(client, editor, sector, pending_dir):
    client.force_login(editor)
    token = token_in(upload(client, csv_bytes(project_rows(1))))
    other = User.objects.create_user("other", password="x", is_staff=True)
    other.user_permissions.set(editor.user_permissions.all())
    client.force_login(other)

    client.post(CONFIRM, {"token": token})

    assert not Project.objects.exists()


def test_a_staff_member_who_may_only_view_cannot_import(client, viewer, sector, pending_dir):
    client.force_login(viewer)

    assert client.get(IMPORT).status_code == 403
    assert upload(client, csv_bytes(project_rows(1))).status_code == 403
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 200
    assert (
        "import_link"
        not in client.get(reverse("admin:projects_project_changelist")).content.decode()
    )
    assert not Project.objects.exists()


def test_importing_needs_change_as_well_as_add(client, sector, pending_dir):
    user = User.objects.create_user("adder", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_project", "view_project"])
    )
    client.force_login(user)

    assert client.get(IMPORT).status_code == 403
    assert upload(client, csv_bytes(project_rows(1))).status_code == 403
    assert not Project.objects.exists()


def test_an_oversized_upload_is_refused_before_reading(editor_client, settings, pending_dir):
    settings.IMPORT_MAX_BYTES = 1024

    response = upload(editor_client, b"x" * 2048)

    assert "文件过大" in response.content.decode()
    assert list(pending_dir.iterdir()) == []


def test_an_upload_declared_too_large_is_refused_before_its_body_is_read(
    editor_client, settings, pending_dir
):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    # The body is a few bytes though 100 MB are announced: reading it would fail, not refuse.
    response = editor_client.generic(
        "POST",
        IMPORT,
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert (
        "文件过大（100.0 MB），最大 1 MB，未上传。请分成几个文件导入。" in response.content.decode()
    )
    assert not pending_dir.exists() or list(pending_dir.iterdir()) == []


def test_the_size_check_leaves_the_csrf_check_in_place(editor, sector, pending_dir):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = upload(client, csv_bytes(project_rows(1)))

    assert response.status_code == 403
    assert not Project.objects.exists()


def test_another_importer_cannot_cancel_a_preview(editor_client, sector, pending_dir):
    token = token_in(upload(editor_client, csv_bytes(project_rows(1))))
    other = Client()
    other.force_login(User.objects.create_superuser("other", "o@example.com", "pw-for-tests-only"))

    other.post(CANCEL, {"token": token})

    assert editor_client.post(CONFIRM, {"token": token}).status_code == 302
    assert Project.objects.filter(code="T-0001").exists()


def test_the_import_page_explains_every_column(editor_client, pending_dir):
    page = editor_client.get(IMPORT).content.decode()

    for header in ["项目编号", "所属领域", "总投资(万元)", "形象进度(%)", "相关指标", "已发布"]:
        assert f'<th scope="row">{header}' in page
    assert "可填：储备、前期、新开工、续建、复工、竣工、投产运营、停缓建" in page


@pytest.mark.parametrize("model", ["project", "progressreport", "measurement", "target", "sector"])
def test_each_kind_offers_xlsx_and_csv_templates(editor_client, model):
    xlsx = editor_client.get(reverse(f"admin:projects_{model}_import_template", args=["xlsx"]))
    csv = editor_client.get(reverse(f"admin:projects_{model}_import_template", args=["csv"]))

    assert xlsx.status_code == csv.status_code == 200
    assert csv.content.startswith(b"\xef\xbb\xbf")
    header_row = csv.content.decode("utf-8-sig").splitlines()[0].split(",")
    sheet = read_xlsx(xlsx.content)
    assert [cell.value for cell in sheet[1]] == header_row
    guide = read_xlsx(xlsx.content, sheet=1)
    assert guide.title == "填写说明"
    explained = {row[0] for row in guide.iter_rows(values_only=True)}
    assert set(header_row) <= explained


def test_templates_need_the_import_right(client, viewer):
    client.force_login(viewer)

    url = reverse("admin:projects_project_import_template", args=["csv"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("model", ["project", "progressreport", "measurement", "target", "sector"])
def test_each_kind_has_an_import_page_with_its_columns(editor_client, model, pending_dir):
    response = editor_client.get(reverse(f"admin:projects_{model}_import"))

    assert response.status_code == 200
    assert 'id="import-guide"' in response.content.decode()


def test_an_xlsx_upload_of_measurements_goes_through_preview_and_confirm(
    editor_client, make_target, pending_dir
):
    target = make_target(code="T16")
    rows = [["指标编号", "统计截止日期", "数值", "数据来源"], ["T16", 46112, 28.6, "旗文旅局"]]
    preview = upload(
        editor_client,
        xlsx_bytes(rows, formats={(2, 2): "yyyy-mm-dd"}),
        "三月.xlsx",
        url=reverse("admin:projects_measurement_import"),
    )
    assert "T16 2026-03-31" in preview.content.decode()

    editor_client.post(
        reverse("admin:projects_measurement_process_import"), {"token": token_in(preview)}
    )

    assert target.measurements.get().value == Decimal("28.6")


def test_a_refused_file_offers_its_problems_as_a_file_for_its_uploader_only(
    editor_client, client, admin_user, sector, pending_dir
):
    rows = project_rows(3)
    rows[2][4] = "一千"
    rows[3][4] = "=1+1"

    page = upload(editor_client, csv_bytes(rows)).content.decode()

    link = re.search(r'href="([^"]+/import/problems/[^"]+/)"', page).group(1)
    response = editor_client.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.startswith("文件,项目.csv\r\n")
    assert "行号,列,填写的值,原因" in text
    assert "3,总投资(万元),一千," in text
    assert "4,总投资(万元),'=1+1," in text  # never a live formula in the clerk's spreadsheet
    assert not Project.objects.exists()
    client.force_login(admin_user)  # someone else: the list is not theirs
    assert client.get(link).status_code == 404
