"""Responsible units are records: named on the public pages, read by imports by any of their
names, written by exports by their name, and staff accounts belong to them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.imports import service
from projects.imports.widgets import ResponsibleUnit
from projects.models import Project, Target, Unit, UnitMembership
from projects.models.responsible import unit_name_key

from .admin_forms import form_data
from .test_import_helpers import csv_bytes, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def culture(db):
    return Unit.objects.create(
        name="旗文旅体育局",
        name_en="Banner Culture, Tourism and Sports Bureau",
        aliases="库伦旗文化旅游体育局\n旗文旅局",
    )


@pytest.mark.parametrize(
    "written",
    [
        "旗文旅体育局",
        "库伦旗文旅体育局",
        "文旅体育局",
        "旗文旅局",
        "库伦旗 文化旅游体育局",
        "旗文旅局",
    ],
)
def test_a_project_file_names_a_unit_by_its_name_or_an_alias(sector, culture, written):
    rows = [["项目编号", "项目名称", "所属领域", "责任单位"], ["P-1", "项目", "tertiary", written]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Project.objects.get().responsible_unit == culture


def test_an_unknown_unit_is_refused_with_the_known_units_and_nothing_changes(make_project, culture):
    Unit.objects.create(name="旗统计局")
    make_project(code="KL-1", responsible_unit=culture)
    rows = [["项目编号", "责任单位"], ["KL-1", "旗能源局"]]

    outcome = run("projects", csv_bytes(rows), dry_run=False)

    [problem] = outcome.problems
    assert problem.reason == (
        "“旗能源局”不是已有的责任单位。已有的单位：旗文旅体育局、旗统计局。"
        "新的单位或其他写法请先在后台“责任单位”中添加。"
    )
    assert Project.objects.get().responsible_unit == culture


def test_a_target_file_names_its_reporting_unit(make_target, culture):
    make_target(code="T16", is_published=False)
    rows = [["指标编号", "数据报送单位"], ["T16", "旗文旅局"]]

    outcome = run("targets", csv_bytes(rows), dry_run=False)

    assert outcome.applied, outcome.error_lines()
    assert Target.objects.get().responsible_unit == culture


def test_exports_write_the_units_name_and_import_again_unchanged(make_project, culture):
    make_project(code="KL-1", responsible_unit=culture)
    data = service.export_file(kind="projects", file_format="csv")
    assert "旗文旅体育局" in data.decode("utf-8-sig")

    outcome = run("projects", data, "projects.csv", dry_run=True)

    assert not outcome.has_errors, outcome.error_lines()
    assert {row.status for row in outcome.rows} == {"unchanged"}


def test_the_units_are_read_in_one_query_and_each_cell_in_none(culture, django_assert_num_queries):
    widget = ResponsibleUnit()
    with django_assert_num_queries(1):
        widget.load()
    with django_assert_num_queries(0):
        assert [widget.clean(cell) for cell in ["旗文旅局", "文旅体育局", ""]] == [
            culture,
            culture,
            None,
        ]


def test_the_compared_name_ignores_spaces_width_banner_and_government():
    assert unit_name_key("库伦旗 库伦镇人民政府") == unit_name_key("库伦镇") == "库伦镇"
    assert unit_name_key("旗发改委") == unit_name_key("库伦旗发改委") == "发改委"
    # Two different offices stay two: no guessing beyond the written rules.
    assert unit_name_key("旗发改委") != unit_name_key("库伦旗发展和改革委员会")


def test_a_name_or_alias_another_unit_has_is_refused(culture):
    unit = Unit(name="统计局", aliases="文旅局")

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert error.value.message_dict["aliases"] == [
        "名称或其他写法与已有单位“旗文旅体育局”重复，导入时无法区分。"
    ]


def test_public_pages_name_the_unit_in_chinese_and_in_english(
    client, make_project, make_target, culture
):
    make_project(code="KL-1", responsible_unit=culture)
    make_target(code="T16", responsible_unit=culture)

    assert "旗文旅体育局" in client.get("/projects/KL-1/").content.decode()
    assert (
        "Banner Culture, Tourism and Sports Bureau"
        in client.get("/en/projects/KL-1/").content.decode()
    )
    assert "旗文旅体育局" in client.get("/targets/T16/").content.decode()
    assert (
        "Banner Culture, Tourism and Sports Bureau"
        in client.get("/en/targets/T16/").content.decode()
    )


def test_the_public_project_search_finds_a_project_by_its_unit(client, make_project, culture):
    make_project(code="KL-1", name="风电", responsible_unit=culture)
    make_project(code="KL-2", name="光伏")

    page = client.get("/projects/", {"q": "文旅体育"}).content.decode()

    assert "KL-1" in page and "KL-2" not in page


def test_staff_are_made_members_of_a_unit_on_the_units_page(client, admin_user, editor, culture):
    client.force_login(admin_user)
    url = reverse("admin:projects_unit_change", args=[culture.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-user": str(editor.pk),
            "memberships-0-unit": str(culture.pk),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert list(UnitMembership.objects.values_list("unit", "user")) == [(culture.pk, editor.pk)]


def test_the_account_page_lists_the_units_in_chinese(client, admin_user, editor, culture):
    UnitMembership.objects.create(unit=culture, user=editor)
    client.force_login(admin_user)

    page = client.get(reverse("admin:auth_user_change", args=[editor.pk])).content.decode()

    assert "所属单位" in page and "旗文旅体育局" in page


def test_a_unit_in_use_cannot_be_deleted(make_project, culture):
    from django.db.models import ProtectedError

    make_project(code="KL-1", responsible_unit=culture)

    with pytest.raises(ProtectedError):
        culture.delete()
