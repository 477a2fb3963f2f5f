"""Coordinates (经纬度) as staff write them, in the project form and in the project import.

Decimal degrees, 度分秒 and degrees with decimal minutes are read as decimal degrees with six
places; a value that could be read two ways, or that looks like the other coordinate, is refused
with a reason and changes nothing, and so is a point outside the banner (the model's check, which
the form and the import share).
"""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from projects.imports import coordinates, values
from projects.models import Project

from .test_import_helpers import run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["项目编号", "项目名称", "所属领域", "纬度", "经度"]


@pytest.mark.parametrize(
    ("written", "latitude"),
    [
        ("42.73", D("42.730000")),
        (42.73, D("42.730000")),
        ("４２．７３°", D("42.730000")),
        ("42°44′12″N", D("42.736667")),
        ("42°44'12\"N", D("42.736667")),
        ("42° 44' 12\" N", D("42.736667")),
        ("42°44’12”", D("42.736667")),  # the quotes a Chinese input method gives
        ("42度44分12秒", D("42.736667")),
        ("北纬42度44分12秒", D("42.736667")),
        ("北纬 42°44′12.5″", D("42.736806")),
        ("N42.73", D("42.730000")),
        ("42.73n", D("42.730000")),
        ("42°44.2′", D("42.736667")),
        ("42度44.2分", D("42.736667")),
        ("S42.5", D("-42.500000")),
        ("—", None),
        ("  ", None),
    ],
)
def test_latitudes_in_the_usual_forms_are_read_as_decimal_degrees(written, latitude):
    assert coordinates.latitude(written) == latitude


@pytest.mark.parametrize(
    ("written", "longitude"),
    [
        ("121.77", D("121.770000")),
        ("121°46′30″E", D("121.775000")),
        ("东经121度46分30秒", D("121.775000")),
        ("E 121°46.5'", D("121.775000")),
        ("121.4630", D("121.463000")),  # a decimal is degrees, never 121°46′30″ packed
    ],
)
def test_longitudes_in_the_usual_forms_are_read_as_decimal_degrees(written, longitude):
    assert coordinates.longitude(written) == longitude


@pytest.mark.parametrize(
    ("kind", "written", "reason"),
    [
        ("latitude", "121.77", "纬度须在 -90° 到 90° 之间；“121.77”像是经度：是否把纬度和经度"),
        ("latitude", "121°46′30″E", "“121°46′30″E”标注的是经度，却填在纬度一栏：是否把纬度和经度"),
        ("longitude", "北纬42度44分", "“北纬42度44分”标注的是纬度，却填在经度一栏"),
        ("latitude", "42 44 12", "“42 44 12”中的数字之间只有空格，无法确定哪是度、哪是分秒"),
        ("latitude", "42,73", "“42,73”含逗号或分号。纬度一栏只填纬度（纬度和经度分开填写）"),
        ("latitude", "42.73, 121.77", "含逗号或分号"),
        ("latitude", "42°60′", "“42°60′”中的分和秒须小于 60"),
        ("latitude", "42.5°30′", "前面的度、分须为整数"),
        ("latitude", "N42.7S", "前后标注的方向不一致"),
        ("latitude", "-42.7N", "既有正负号又标注了方向"),
        ("longitude", "东经一百二十一度", "不是可识别的经度。可写 121.77、121°46′30″E"),
        ("longitude", "200", "经度须在 -180° 到 180° 之间；请核对。"),
    ],
)  # fmt: skip
def test_ambiguous_or_swapped_values_are_refused_with_what_to_change(kind, written, reason):
    with pytest.raises(values.BadValue) as refused:
        coordinates.read(written, kind)
    assert reason in refused.value.message


def test_the_model_refuses_a_point_outside_the_banner(make_project):
    project = make_project(latitude=D("43.62"), longitude=D("122.26"))  # Tongliao city
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "在库伦旗旗界以外约 63 公里" in refused.value.message_dict["latitude"][0]
    project.latitude, project.longitude = D("42.736667"), D("121.775")
    project.full_clean()


# The project form (admin)


def test_the_project_form_reads_degrees_minutes_and_seconds(client, change_form):
    project, url, data = change_form(Project, "KL2026-004")
    data.update({"latitude": "北纬42°44′12″", "longitude": "121度46分30秒"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert (project.latitude, project.longitude) == (D("42.736667"), D("121.775"))


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "reason"),
    [
        ("121.77", "42.73", "latitude", "像是经度：是否把纬度和经度填反了？"),
        ("42 44 12", "121.77", "latitude", "数字之间只有空格"),
        ("42.73", "121°46′30″N", "longitude", "标注的是纬度，却填在经度一栏"),
        ("43.62", "122.26", "latitude", "在库伦旗旗界以外约 63 公里"),
    ],
)
def test_the_project_form_refuses_what_it_cannot_place_and_changes_nothing(
    client, change_form, latitude, longitude, field, reason
):
    project, url, data = change_form(Project, "KL2026-004")
    data.update({"latitude": latitude, "longitude": longitude})
    response = client.post(url, data)
    assert response.status_code == 200
    assert reason in str(response.context["adminform"].form.errors[field])
    project.refresh_from_db()
    assert (project.latitude, project.longitude) == (None, None)


def test_the_project_form_says_what_forms_it_accepts(client, change_form):
    _, url, _ = change_form(Project, "KL2026-004")
    page = client.get(url).content.decode()
    assert "42°44′12″N" in page and "不是 42°44′12″" in page and "旗界外 1 公里以内" in page


# The project import


def test_the_import_reads_every_usual_form(sector):
    rows = [
        HEADERS,
        ["C-1", "项目", "tertiary", "42.73", "121.77"],
        ["C-2", "项目", "tertiary", "42°44′12″N", "121°46′30″E"],
        ["C-3", "项目", "tertiary", "北纬42度44分12秒", "东经121度46分30秒"],
        ["C-4", "项目", "tertiary", "42°44.2′", "121°46.5′"],
        ["C-5", "项目", "tertiary", 42.73, 121.77],  # number cells
    ]

    outcome = run("projects", xlsx_bytes(rows), "项目.xlsx", dry_run=False)

    assert outcome.applied, outcome.error_lines()
    stored = dict(Project.objects.values_list("code", "latitude"))
    assert stored == {
        "C-1": D("42.73"),
        "C-2": D("42.736667"),
        "C-3": D("42.736667"),
        "C-4": D("42.736667"),
        "C-5": D("42.73"),
    }


@pytest.mark.parametrize(
    ("latitude", "longitude", "problems"),
    [
        ("121.77", "42.73", [("纬度", "像是经度：是否把纬度和经度填反了？")]),
        (
            "121°46′30″E",
            "42°44′12″N",
            [("纬度", "标注的是经度，却填在纬度一栏"), ("经度", "标注的是纬度，却填在经度一栏")],
        ),
        ("42,73", "121.77", [("纬度", "含逗号或分号")]),
        ("42.73", "121 46 30", [("经度", "数字之间只有空格")]),
        ("43.62", "122.26", [("纬度", "在库伦旗旗界以外约 63 公里")]),
    ],
)
def test_the_import_refuses_swapped_ambiguous_and_outside_points_and_changes_nothing(
    make_project, latitude, longitude, problems
):
    make_project(code="KL-1", latitude=D("42.73"), longitude=D("121.77"))
    rows = [HEADERS, ["KL-1", "示范项目", "tertiary", latitude, longitude]]

    outcome = run("projects", xlsx_bytes(rows), "项目.xlsx", dry_run=False)

    assert not outcome.applied
    found = [(p.column, p.reason) for p in outcome.problems]
    assert [column for column, _ in found] == [column for column, _ in problems]
    for (_, reason), (_, expected) in zip(found, problems, strict=True):
        assert expected in reason
    stored = Project.objects.get(code="KL-1")
    assert (stored.latitude, stored.longitude) == (D("42.73"), D("121.77"))
