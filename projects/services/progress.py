"""How a target's value and status are decided, and how a project's money is judged.

This module is the one place the rule lives; the dashboard, the target pages and the exports
all call it. The rule (``shared/TARGET-RULES.md``) follows 序时进度: the share of the work done is
compared with the share of the time gone.

Value
    The latest published measurement dated on or before *as of*. A target of kind "projects" is
    instead counted (or its capacity summed) over the published projects that match its rule
    (category, level, stages) and had reached their stage by *as of* (``stage_date``). Capacity
    written in another power unit (千瓦, MW, 兆瓦, GW) is converted to the target's unit; a
    capacity in a unit that is not power is left out.

Expected
    figure x elapsed, where elapsed = days(start -> as of) / days(start -> deadline), clipped
    to 0..1; or, when staff set a monthly profile, the profile's share for *as of*.

Status, by kind
    * quantity, projects, multiple, growth (cumulative): achieved once the value meets the figure
      (multiple: figure x baseline; growth: baseline x (1 + figure %)); before the deadline on
      track when value >= expected (for "at most": value <= expected), else behind; after it
      missed. No measurement: no data. Multiple/growth without a baseline: no data. A target
      computed from projects stays "no data" (its count shown) until staff confirm that every
      relevant project has been entered (``records_complete``): a low count may only mean
      missing records.
    * level (to reach): no measurement: awaiting result. A final one-off result decides at once
      (achieved / missed). Otherwise the latest value: met -> on track before the deadline,
      achieved on or after it; not met -> behind before, missed after.
    * keep (all year): on track while the latest meets the figure, behind when it does not;
      on or after the deadline achieved if every measurement of the period met it, else missed.
    * milestone: achieved when every step is done; missed after the deadline otherwise; behind
      when a step's planned date has passed undone; on track once any step is done or planned;
      not started when there is no step.

Every result carries the arithmetic as a sentence for the reader, in Chinese and English.

``evaluate_targets`` judges many targets with a constant number of queries (measurements,
steps, one grouped count of projects), whatever the number of targets or projects.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from projects.models import Comparison, Measurement, MilestoneStep, Project, Target, TargetKind
from projects.services import units

ACHIEVED = "achieved"
ON_TRACK = "on_track"
BEHIND = "behind"
MISSED = "missed"
NO_DATA = "no_data"
AWAITING = "awaiting"
NOT_STARTED = "not_started"

STATUS_LABELS = {
    ACHIEVED: ("已完成", "Achieved"),
    ON_TRACK: ("进度正常", "On track"),
    BEHIND: ("进度滞后", "Behind"),
    MISSED: ("未完成", "Missed"),
    NO_DATA: ("暂无数据", "No data yet"),
    AWAITING: ("待出结果", "Awaiting result"),
    NOT_STARTED: ("尚未开始", "Not started"),
}
STATUS_ORDER = [ACHIEVED, ON_TRACK, BEHIND, MISSED, AWAITING, NOT_STARTED, NO_DATA]

CUMULATIVE_KINDS = {
    TargetKind.QUANTITY,
    TargetKind.PROJECTS,
    TargetKind.MULTIPLE,
    TargetKind.GROWTH,
}
HUNDRED = Decimal(100)


@dataclass
class TargetProgress:
    target: Target
    as_of: datetime.date
    status: str
    value: Decimal | None = None
    value_date: datetime.date | None = None
    figure: Decimal | None = None  # the effective figure: 4 x baseline for 翻两番
    expected: Decimal | None = None
    elapsed: Decimal | None = None  # share of time gone, 0..1
    missing_baseline: bool = False
    records_incomplete: bool = False
    steps_done: int = 0
    steps_total: int = 0
    explanation_zh: str = ""
    explanation_en: str = ""
    measurements: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # milestone steps, in order

    @property
    def share(self) -> Decimal | None:
        """Share of the figure reached, 0..1 or above; None when it cannot be said."""
        if self.target.kind == TargetKind.MILESTONE:
            if not self.steps_total:
                return None
            return Decimal(self.steps_done) / Decimal(self.steps_total)
        if self.value is None or not self.figure:
            return None
        return self.value / self.figure

    @property
    def percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else _round(share * HUNDRED, 1)

    @property
    def elapsed_percent(self) -> Decimal | None:
        return None if self.elapsed is None else _round(self.elapsed * HUNDRED, 1)

    @property
    def label_zh(self) -> str:
        return STATUS_LABELS[self.status][0]

    @property
    def label_en(self) -> str:
        return STATUS_LABELS[self.status][1]


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    """A figure as a reader writes it: 66, 64.6, 0.35; never 66.0000."""
    if value is None:
        return "—"
    text = f"{_round(Decimal(value), 2):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def elapsed_share(start: datetime.date, deadline: datetime.date, as_of: datetime.date) -> Decimal:
    """days(start -> as of) / days(start -> deadline), clipped to 0..1."""
    total = (deadline - start).days
    if total <= 0:
        return Decimal(1)
    gone = (as_of - start).days
    return min(Decimal(1), max(Decimal(0), Decimal(gone) / Decimal(total)))


def profile_share(profile: list, as_of: datetime.date) -> Decimal:
    """The monthly profile's expected share on *as of*, straight within each month."""
    if as_of.year < 2026:
        return Decimal(0)
    if as_of.year > 2026:
        return Decimal(1)
    month = as_of.month
    before = Decimal(0) if month == 1 else Decimal(str(profile[month - 2]))
    after = Decimal(str(profile[month - 1]))
    first = as_of.replace(day=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    days_in_month = (next_first - first).days
    within = Decimal(as_of.day) / Decimal(days_in_month)
    return before + (after - before) * within


def effective_figure(target: Target) -> Decimal | None:
    if target.figure is None:
        return None
    if target.kind == TargetKind.MULTIPLE:
        return None if target.baseline is None else target.baseline * target.figure
    if target.kind == TargetKind.GROWTH:
        if target.baseline is None:
            return None
        return target.baseline * (1 + target.figure / HUNDRED)
    return target.figure


def meets(target: Target, value: Decimal, figure: Decimal) -> bool:
    if target.comparison == Comparison.ABOVE:
        return value > figure
    if target.comparison == Comparison.AT_MOST:
        return value <= figure
    return value >= figure


def project_counts(as_of: datetime.date) -> list[dict]:
    """Published projects grouped by what target rules select on: one query."""
    reached = Q(stage_date__isnull=True) | Q(stage_date__lte=as_of)
    return list(
        Project.objects.published()
        .filter(reached)
        .values("category_id", "level", "stage", "capacity_unit")
        .annotate(n=Count("id"), capacity=Sum("capacity"))
        .order_by()
    )


def rule_matches(target: Target, *, category_id, level, stage) -> bool:
    if target.rule_category_id and category_id != target.rule_category_id:
        return False
    if target.rule_level and level != target.rule_level:
        return False
    return not target.rule_stages or stage in target.rule_stages


def computed_value(target: Target, groups: list[dict]) -> Decimal:
    total = Decimal(0)
    for group in groups:
        if not rule_matches(
            target, category_id=group["category_id"], level=group["level"], stage=group["stage"]
        ):
            continue
        if target.rule_aggregate == "capacity":
            rate = units.factor(group["capacity_unit"], target.unit)
            if rate is not None and group["capacity"] is not None:
                total += Decimal(group["capacity"]) * rate
        else:
            total += group["n"]
    return total


def counted_projects(target: Target, as_of: datetime.date):
    """The published projects a computed target counts on *as of*: the same rule as its value."""
    qs = Project.objects.published().filter(Q(stage_date__isnull=True) | Q(stage_date__lte=as_of))
    if target.rule_category_id:
        qs = qs.filter(category_id=target.rule_category_id)
    if target.rule_level:
        qs = qs.filter(level=target.rule_level)
    if target.rule_stages:
        qs = qs.filter(stage__in=target.rule_stages)
    if target.rule_aggregate == "capacity":
        qs = qs.alias(plain_unit=units.plain_unit_sql()).filter(
            plain_unit__in=units.spellings(target.unit), capacity__isnull=False
        )
    return qs


def evaluate_targets(targets, as_of: datetime.date | None = None) -> list[TargetProgress]:
    """Judge every target in *targets* on *as of* (today in Asia/Shanghai by default)."""
    as_of = as_of or timezone.localdate()
    targets = list(targets)
    ids = [t.pk for t in targets]
    by_target = defaultdict(list)
    for m in (
        Measurement.objects.published()
        .filter(target_id__in=ids, date__lte=as_of)
        .order_by("target_id", "date")
    ):
        by_target[m.target_id].append(m)
    steps = defaultdict(list)
    if any(t.kind == TargetKind.MILESTONE for t in targets):
        for step in MilestoneStep.objects.filter(target_id__in=ids):
            steps[step.target_id].append(step)
    groups = project_counts(as_of) if any(t.kind == TargetKind.PROJECTS for t in targets) else []
    return [evaluate(t, as_of, by_target[t.pk], steps=steps[t.pk], groups=groups) for t in targets]


def evaluate(target: Target, as_of: datetime.date, measurements, *, steps=(), groups=()):
    """Judge one target given its published measurements (dated <= as of, oldest first)."""
    if target.kind == TargetKind.MILESTONE:
        return _milestone(target, as_of, list(steps))
    measurements = [m for m in measurements if m.date <= as_of]
    if target.kind in (TargetKind.LEVEL, TargetKind.KEEP):
        return _level(target, as_of, measurements)
    return _cumulative(target, as_of, measurements, list(groups))


def _cumulative(target, as_of, measurements, groups) -> TargetProgress:
    result = TargetProgress(target=target, as_of=as_of, status=NO_DATA, measurements=measurements)
    result.figure = effective_figure(target)
    if target.kind in (TargetKind.MULTIPLE, TargetKind.GROWTH) and target.baseline is None:
        result.missing_baseline = True
        return _explain(result)
    if target.kind == TargetKind.PROJECTS:
        result.value = computed_value(target, groups)
        result.value_date = as_of
    elif measurements:
        result.value = measurements[-1].value
        result.value_date = measurements[-1].date
    if target.pace_profile and target.deadline.year == 2026 and target.start.month == 1:
        result.elapsed = profile_share(target.pace_profile, as_of)
    else:
        result.elapsed = elapsed_share(target.start, target.deadline, as_of)
    result.expected = result.figure * result.elapsed
    if result.value is None:
        return _explain(result)
    if target.kind == TargetKind.PROJECTS and not target.records_complete:
        # Until staff confirm every relevant project is entered, a low count may only mean
        # records are missing; the count is shown, the pace is not judged.
        result.records_incomplete = True
        return _explain(result)
    value, figure = result.value, result.figure
    at_most = target.comparison == Comparison.AT_MOST
    if at_most:
        if value > figure:
            result.status = MISSED
        elif as_of >= target.deadline:
            result.status = ACHIEVED
        else:
            result.status = ON_TRACK if value <= result.expected else BEHIND
    elif meets(target, value, figure):
        result.status = ACHIEVED
    elif as_of > target.deadline:
        result.status = MISSED
    else:
        # On the deadline day the whole figure is due, so an "above" target sitting exactly on
        # its figure is short of it, not on track.
        on_pace = value >= result.expected and as_of < target.deadline
        result.status = ON_TRACK if on_pace else BEHIND
    return _explain(result)


def _level(target, as_of, measurements) -> TargetProgress:
    result = TargetProgress(target=target, as_of=as_of, status=NO_DATA, measurements=measurements)
    result.figure = target.figure
    if not measurements:
        result.status = AWAITING if target.kind == TargetKind.LEVEL else NO_DATA
        if as_of > target.deadline:
            result.status = NO_DATA
        return _explain(result)
    latest = measurements[-1]
    result.value, result.value_date = latest.value, latest.date
    met = meets(target, latest.value, target.figure)
    past = as_of >= target.deadline
    if target.kind == TargetKind.KEEP:
        if past:
            in_period = [m for m in measurements if target.start <= m.date <= target.deadline]
            all_met = all(meets(target, m.value, target.figure) for m in in_period)
            result.status = ACHIEVED if all_met else MISSED
        else:
            result.status = ON_TRACK if met else BEHIND
    elif latest.is_final or target.cadence == "once":
        result.status = ACHIEVED if met else MISSED
    elif met:
        result.status = ACHIEVED if past else ON_TRACK
    else:
        result.status = MISSED if past else BEHIND
    return _explain(result)


def _milestone(target, as_of, steps) -> TargetProgress:
    result = TargetProgress(target=target, as_of=as_of, status=NOT_STARTED, steps=steps)
    result.steps_total = len(steps)
    done = [s for s in steps if s.done_date and s.done_date <= as_of]
    result.steps_done = len(done)
    if not steps:
        result.status = MISSED if as_of > target.deadline else NOT_STARTED
    elif len(done) == len(steps):
        result.status = ACHIEVED
    elif as_of > target.deadline:
        result.status = MISSED
    elif any(s.planned_date and s.planned_date < as_of and s not in done for s in steps):
        result.status = BEHIND
    else:
        result.status = ON_TRACK
    return _explain(result)


def _explain(r: TargetProgress) -> TargetProgress:
    """The sentence that shows the reader how the status was reached."""
    t = r.target
    day_zh = f"截至{r.as_of.month}月{r.as_of.day}日"
    day_en = f"As of {r.as_of:%Y-%m-%d}"
    unit = t.unit or ""
    unit_en = t.unit_en or t.unit or ""
    if t.kind == TargetKind.MILESTONE:
        if not r.steps_total:
            r.explanation_zh = f"{day_zh}，尚未登记工作步骤。"
            r.explanation_en = f"{day_en}, no steps have been recorded yet."
        else:
            r.explanation_zh = (
                f"{day_zh}，已完成 {r.steps_done}/{r.steps_total} 个步骤，{r.label_zh}。"
            )
            r.explanation_en = (
                f"{day_en}, {r.steps_done} of {r.steps_total} steps are done: {r.label_en.lower()}."
            )
        return r
    if r.missing_baseline:
        r.explanation_zh = "尚未录入 2025 年基数，无法计算目标值和进度。"
        r.explanation_en = "The 2025 baseline has not been entered, so the figure cannot be set."
        return r
    if r.value is None:
        if r.status == AWAITING:
            r.explanation_zh = f"{day_zh}，结果尚未公布（截止 {t.deadline:%Y-%m-%d}）。"
            r.explanation_en = f"{day_en}, the result is not out yet (due {t.deadline:%Y-%m-%d})."
        else:
            r.explanation_zh = f"{day_zh}，尚未发布进展数据。"
            r.explanation_en = f"{day_en}, no progress figure has been published."
        return r
    if r.records_incomplete:
        r.explanation_zh = (
            f"{day_zh}，已录入符合条件的项目合计 {fmt(r.value)} {unit}；"
            "相关项目尚未全部录入，暂不判断进度。"
        )
        r.explanation_en = (
            f"{day_en}, the project records entered so far add up to {fmt(r.value)} {unit_en}; "
            "not every project has been entered yet, so progress is not judged."
        )
        return r
    if t.kind in (TargetKind.MULTIPLE, TargetKind.GROWTH):
        unit = unit_en = t.baseline_unit
    value, figure = fmt(r.value), fmt(r.figure)
    if t.kind in CUMULATIVE_KINDS:
        zh = f"{day_zh}，完成 {value} {unit}，为目标 {figure} {unit}的 {fmt(r.percent)}%"
        en = f"{day_en}, {value} {unit_en} done, {fmt(r.percent)}% of {figure} {unit_en}"
        if r.status in (ON_TRACK, BEHIND):
            zh += f"；时间进度 {fmt(r.elapsed_percent)}%，应完成 {fmt(r.expected)} {unit}"
            en += (
                f"; {fmt(r.elapsed_percent)}% of the time has gone, "
                f"so {fmt(r.expected)} {unit_en} were due"
            )
    else:
        zh = f"{day_zh}，最新数值 {value} {unit}（{r.value_date:%Y-%m-%d}），目标 {figure} {unit}"
        en = (
            f"{day_en}, the latest figure is {value} {unit_en} ({r.value_date:%Y-%m-%d}), "
            f"against {figure} {unit_en}"
        )
    r.explanation_zh = f"{zh}，{r.label_zh}。"
    r.explanation_en = f"{en}: {r.label_en.lower()}."
    return r


@dataclass
class InvestmentPace:
    planned: Decimal | None
    completed: Decimal | None
    elapsed: Decimal
    rate: Decimal | None  # completed / planned, 0..1 or above

    @property
    def behind(self) -> bool | None:
        """序时进度: behind when the share done is below the share of the year gone."""
        if self.rate is None:
            return None
        return self.rate < self.elapsed

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.rate is None else _round(self.rate * HUNDRED, 1)

    @property
    def elapsed_percent(self) -> Decimal:
        return _round(self.elapsed * HUNDRED, 1)


def investment_pace(
    planned: Decimal | None, completed: Decimal | None, as_of: datetime.date | None = None
) -> InvestmentPace:
    """A 2026 investment completion rate against the share of the year gone."""
    from projects.models import PLAN_END, PLAN_START

    as_of = as_of or timezone.localdate()
    elapsed = elapsed_share(PLAN_START, PLAN_END, as_of)
    rate = None
    if planned and completed is not None:
        rate = Decimal(completed) / Decimal(planned)
    return InvestmentPace(planned=planned, completed=completed, elapsed=elapsed, rate=rate)


def project_pace(project: Project, as_of: datetime.date | None = None) -> InvestmentPace:
    return investment_pace(project.planned_2026, project.completed_2026, as_of)


def portfolio_pace(as_of: datetime.date | None = None) -> InvestmentPace:
    """2026 investment of all published projects, in one query."""
    totals = Project.objects.published().aggregate(
        planned=Sum("planned_2026"), completed=Sum("completed_2026")
    )
    return investment_pace(totals["planned"], totals["completed"], as_of)
