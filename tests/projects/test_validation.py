"""Each mistake staff are likely to make gets a clear Chinese message."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from projects.models import Measurement, MilestoneStep, Project, Target, TargetKind

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def project(sector, **fields):
    return Project(**{"code": "P1", "name": "项目", "sector": sector, **fields})


def test_progress_outside_0_to_100(sector):
    assert errors_of(project(sector, progress=D(101)))["progress"] == ["进度须在 0 到 100 之间。"]
    assert errors_of(project(sector, progress=D(-1)))["progress"] == ["进度须在 0 到 100 之间。"]


def test_completion_before_start(sector):
    errors = errors_of(
        project(
            sector, actual_start=datetime.date(2026, 5, 1), actual_end=datetime.date(2026, 4, 1)
        )
    )
    assert errors["actual_end"] == ["实际竣工日期不能早于实际开工日期。"]
    errors = errors_of(
        project(
            sector, planned_start=datetime.date(2026, 5, 1), planned_end=datetime.date(2026, 4, 1)
        )
    )
    assert errors["planned_end"] == ["计划竣工日期不能早于计划开工日期。"]


def test_negative_money(sector):
    assert errors_of(project(sector, total_investment=D(-5)))["total_investment"] == [
        "金额和数量不能为负数。"
    ]


def test_completed_above_planned_needs_a_note(sector):
    over = project(sector, planned_2026=D(100), completed_2026=D(120))
    assert "投资说明" in errors_of(over)["investment_note"][0]
    over.investment_note = "追加投资 20 万元"
    over.full_clean()


def test_capacity_needs_its_unit(sector):
    assert "规模单位" in errors_of(project(sector, capacity=D(30)))["capacity_unit"][0]


def test_numeric_measurement_on_a_milestone(make_target):
    milestone = make_target(kind=TargetKind.MILESTONE, figure=None)
    m = Measurement(target=milestone, date=datetime.date(2026, 3, 1), value=D(1), source="x")
    assert "里程碑类指标没有数值" in errors_of(m)["value"][0]


def test_steps_only_on_milestones(make_target):
    step = MilestoneStep(target=make_target(), title="步骤")
    assert errors_of(step)["__all__"] == ["只有里程碑类指标才能登记步骤。"]


def test_duplicate_project_code(sector):
    project(sector).save()
    assert errors_of(project(sector))["code"] == ["该项目编号已被其他项目使用。"]


def test_duplicate_target_code(make_target, sector):
    make_target(code="T01")
    twin = Target(code="T01", sector=sector, title="x", wording="x", kind="quantity", figure=1)
    assert errors_of(twin)["code"] == ["该指标编号已被其他指标使用。"]


def test_codes_differing_only_in_case_are_one_code(make_target, sector):
    project(sector, code="KL2026-001").save()
    twin = project(sector, code=" kl2026-001 ")
    assert errors_of(twin)["code"] == ["该项目编号已被其他项目使用。"]
    make_target(code="T17")
    twin = Target(code="t17", sector=sector, title="x", wording="x", kind="quantity", figure=1)
    assert errors_of(twin)["code"] == ["该指标编号已被其他指标使用。"]
    fresh = project(sector, code="kl2026-102")
    fresh.full_clean()
    assert fresh.code == "KL2026-102"


def test_two_measurements_on_one_day(make_target):
    target = make_target()
    Measurement.objects.create(target=target, date=datetime.date(2026, 3, 1), value=1, source="x")
    twin = Measurement(target=target, date=datetime.date(2026, 3, 1), value=2, source="x")
    assert errors_of(twin)["__all__"] == ["该指标在这一天已有一条进展数据，请修改原记录。"]


def test_target_needs_a_figure_unless_milestone(sector):
    target = Target(code="T9", sector=sector, title="x", wording="x", kind="quantity")
    assert errors_of(target)["figure"] == ["除里程碑类外，指标必须填写目标值。"]


def test_multiple_needs_a_baseline_unit(sector):
    target = Target(code="T9", sector=sector, title="x", wording="x", kind="multiple", figure=4)
    assert "基数单位" in errors_of(target)["baseline_unit"][0]


def test_bad_pace_profile(sector):
    target = Target(
        code="T9", sector=sector, title="x", wording="x", kind="quantity", figure=4,
        pace_profile=[0.5, 0.2],
    )  # fmt: skip
    assert "12 个" in errors_of(target)["pace_profile"][0]


def test_unknown_rule_stage(sector):
    target = Target(
        code="T9", sector=sector, title="x", wording="x", kind="projects", figure=4,
        rule_stages=["started"],
    )  # fmt: skip
    assert errors_of(target)["rule_stages"] == ["未知的建设阶段：started。"]


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (datetime.date(2025, 12, 31), "早于本指标的起始日期 2026-01-01"),
        (datetime.date(2026, 1, 1), ""),
        (datetime.date(2026, 12, 31), ""),
        (datetime.date(2027, 1, 1), "晚于本指标的截止日期 2026-12-31"),
    ],
)
def test_a_measurement_outside_its_target_s_period(make_target, day, refused):
    measurement = Measurement(target=make_target(), date=day, value=D(1), source="旗统计局")
    if not refused:
        measurement.full_clean()
        return
    [message] = errors_of(measurement)["date"]
    assert refused in message
    if day.year == 2025:
        assert "2025 年的数字是基数" in message
