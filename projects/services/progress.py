"""How a target's value and status are decided, and how a project's money is judged.

This module is the one place the rule lives; the dashboard, the target pages and the exports
all call it. The rule (``shared/TARGET-RULES.md``, with the changes the README's "How progress
is judged" lists) follows 序时进度: the share of the work done is compared with the share of the
time gone, both on the same day.

Judged on the data's own date
    A measured target is judged on the date of its latest published measurement (统计截止日期),
    not on today: an October figure published in late November is compared with the pace of
    31 October. A target computed from project records is counted on *as of*, but never later
    than its deadline (``projects.services.counting``), and judged on that day.

Value
    The latest published measurement dated on or before *as of*; or, for a target of kind
    "projects", the count (or capacity sum) of the projects ``counting.counted_projects``
    selects.

Expected
    figure x elapsed on the judging day, where elapsed = days(start -> day) / days(start ->
    deadline), clipped to 0..1; or, when staff set a monthly profile, the profile's share.

Status, by kind
    * quantity, multiple, growth (cumulative, measured): achieved once the value meets the
      figure (multiple: figure x baseline; growth: baseline x (1 + figure %)). Up to the
      deadline: on track when value >= expected on the data date (for "at most": value <=
      expected, and over the limit is missed at once), else behind. After the deadline: missed
      when the figure dated on the deadline falls short; while the latest figure is older than
      the deadline, awaiting the year-end figure. No measurement: no data; multiple/growth
      without a baseline: no data.
    * projects: as cumulative, on the counting day; after the deadline the count on the
      deadline is final. Until staff confirm that every relevant project has been entered
      (``records_complete``) the count is shown against the figure and the status is "records
      unconfirmed": a low count may only mean missing records.
    * level (to reach): no measurement: awaiting result. A final one-off result decides at once.
      Otherwise the latest value: met -> on track up to the deadline; not met -> behind. After
      the deadline the figure dated on the deadline decides (achieved / missed); an older one
      leaves the result awaited.
    * keep (all year): every in-period value must meet the figure. Up to the deadline: on track
      while all have, behind once one has not (the sentence names it). After the deadline:
      missed if any failed; achieved when the figure dated on the deadline is in and none
      failed; else awaiting the year-end figure.
    * milestone: achieved when every step is done; missed after the deadline otherwise; behind
      when a step's planned date has passed undone; on track once any step is done or planned;
      "no steps entered" when there is none.

Every result carries the arithmetic as a sentence for the reader (``explanation``, written
by ``projects.services.sentences`` when it is first read).

``evaluate_targets`` judges many targets with a constant number of queries (measurements,
steps, one for all targets computed from projects), whatever the number of projects.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from projects.models import Comparison, Measurement, MilestoneStep, Project, Target, TargetKind
from projects.services import counting
from projects.services.counting import counted_projects  # noqa: F401  (part of the rule's API)
from projects.services.freshness import Due, next_due

ACHIEVED = "achieved"
ON_TRACK = "on_track"
BEHIND = "behind"
MISSED = "missed"
NO_DATA = "no_data"
AWAITING = "awaiting"
UNCONFIRMED = "unconfirmed"
NOT_STARTED = "not_started"

# Labels as a reader sees them; Chinese is the message id, English comes from the catalogue.
STATUS_LABELS = {
    ACHIEVED: pgettext_lazy("进度状态", "已完成"),
    ON_TRACK: pgettext_lazy("进度状态", "进度正常"),
    BEHIND: pgettext_lazy("进度状态", "进度滞后"),
    MISSED: pgettext_lazy("进度状态", "未完成"),
    NO_DATA: pgettext_lazy("进度状态", "暂无数据"),
    AWAITING: pgettext_lazy("进度状态", "待出结果"),
    UNCONFIRMED: pgettext_lazy("进度状态", "记录待确认"),
    NOT_STARTED: pgettext_lazy("进度状态", "未登记步骤"),
}
STATUS_ORDER = [ACHIEVED, ON_TRACK, BEHIND, MISSED, AWAITING, UNCONFIRMED, NOT_STARTED, NO_DATA]

CUMULATIVE_KINDS = {
    TargetKind.QUANTITY,
    TargetKind.PROJECTS,
    TargetKind.MULTIPLE,
    TargetKind.GROWTH,
}
MEASURED_KINDS = {
    TargetKind.QUANTITY,
    TargetKind.MULTIPLE,
    TargetKind.GROWTH,
    TargetKind.LEVEL,
    TargetKind.KEEP,
}
HUNDRED = Decimal(100)


@dataclass
class TargetProgress:
    target: Target
    as_of: datetime.date
    status: str
    value: Decimal | None = None
    value_date: datetime.date | None = None  # the data date the status is judged on
    figure: Decimal | None = None  # the effective figure: 4 x baseline for 翻两番
    expected: Decimal | None = None  # due on the data date, by the pace rule
    elapsed: Decimal | None = None  # share of time gone on the data date, 0..1
    missing_baseline: bool = False
    records_incomplete: bool = False
    failing: Measurement | None = None  # keep targets: the first in-period value that fell short
    next: Due | None = None  # the next figure awaited (measured targets)
    steps_done: int = 0
    steps_total: int = 0
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
    def shows_bar(self) -> bool:
        """Whether a completion bar says something true: a cumulative figure, not yet judged
        missed as a level, with records confirmed when counted from projects."""
        if self.percent is None or self.records_incomplete:
            return False
        return self.target.kind in CUMULATIVE_KINDS or self.target.kind == TargetKind.MILESTONE

    @property
    def elapsed_percent(self) -> Decimal | None:
        return None if self.elapsed is None else _round(self.elapsed * HUNDRED, 1)

    @property
    def overdue(self) -> bool:
        return bool(self.next and self.next.overdue)

    @property
    def explanation(self) -> str:
        """The sentence showing how the status was reached, in the active language."""
        from projects.services import sentences  # it reads this module's statuses

        return sentences.sentence(self)

    @functools.cached_property
    def explanation_zh(self) -> str:
        with translation.override("zh-hans"):
            return self.explanation

    @functools.cached_property
    def explanation_en(self) -> str:
        with translation.override("en"):
            return self.explanation

    @property
    def label(self) -> str:
        """The status label in the active language."""
        return str(STATUS_LABELS[self.status])

    @property
    def label_zh(self) -> str:
        with translation.override("zh-hans"):
            return self.label

    @property
    def label_en(self) -> str:
        with translation.override("en"):
            return self.label


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


def expected_share(target: Target, day: datetime.date) -> Decimal:
    """The pace rule's share of time for *day*: the profile when staff set one, else straight."""
    if target.pace_profile and target.deadline.year == 2026 and target.start.month == 1:
        return profile_share(target.pace_profile, day)
    return elapsed_share(target.start, target.deadline, day)


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
    computed = [t for t in targets if t.kind == TargetKind.PROJECTS]
    values = dict(
        zip(
            (t.pk for t in computed),
            counting.computed_values([(t, as_of) for t in computed]),
            strict=True,
        )
    )
    return [
        evaluate(t, as_of, by_target[t.pk], steps=steps[t.pk], computed=values.get(t.pk))
        for t in targets
    ]


def evaluate(target: Target, as_of: datetime.date, measurements, *, steps=(), computed=None):
    """Judge one target given its published measurements (dated <= as of, oldest first).

    *computed* is the value of a target computed from projects; it is counted when not given.
    """
    if target.kind == TargetKind.MILESTONE:
        return _milestone(target, as_of, list(steps))
    measurements = [
        m for m in measurements if m.date <= as_of and target.start <= m.date <= target.deadline
    ]
    if target.kind == TargetKind.PROJECTS:
        if computed is None:
            [computed] = counting.computed_values([(target, as_of)])
        return _projects(target, as_of, computed)
    if target.kind in (TargetKind.LEVEL, TargetKind.KEEP):
        result = _level(target, as_of, measurements)
    else:
        result = _cumulative(target, as_of, measurements)
    result.next = next_due(target, result.value_date, as_of)
    return result


def _pace(result: TargetProgress, day: datetime.date) -> None:
    result.elapsed = expected_share(result.target, day)
    result.expected = result.figure * result.elapsed


def _cumulative(target, as_of, measurements) -> TargetProgress:
    result = TargetProgress(target=target, as_of=as_of, status=NO_DATA, measurements=measurements)
    result.figure = effective_figure(target)
    if target.kind in (TargetKind.MULTIPLE, TargetKind.GROWTH) and target.baseline is None:
        result.missing_baseline = True
        return result
    if not measurements:
        _pace(result, min(as_of, target.deadline))
        return result
    latest = measurements[-1]
    result.value, result.value_date = latest.value, latest.date
    _pace(result, latest.date)
    result.status = _judge_cumulative(target, result, as_of)
    return result


def _judge_cumulative(target, result, as_of) -> str:
    value, figure, day = result.value, result.figure, result.value_date
    final = day >= target.deadline  # the figure covers the whole period
    if target.comparison == Comparison.AT_MOST:
        if value > figure:
            return MISSED
        if final:
            return ACHIEVED
        if as_of > target.deadline:
            return AWAITING
        return ON_TRACK if value <= result.expected else BEHIND
    if meets(target, value, figure):
        return ACHIEVED
    if final:
        return MISSED if as_of > target.deadline else BEHIND
    if as_of > target.deadline:
        return AWAITING
    return ON_TRACK if value >= result.expected else BEHIND


def _projects(target, as_of, value) -> TargetProgress:
    day = counting.counting_day(target, as_of)
    result = TargetProgress(target=target, as_of=as_of, status=NO_DATA)
    result.figure = effective_figure(target)
    result.value, result.value_date = value, day
    _pace(result, day)
    if not target.records_complete:
        # A low count may only mean records are missing: the count is shown against the
        # figure, the pace is not judged until staff confirm the records are complete.
        result.records_incomplete = True
        result.status = UNCONFIRMED
        return result
    if meets(target, value, result.figure):
        result.status = ACHIEVED
    elif as_of > target.deadline:
        result.status = MISSED
    elif as_of == target.deadline:
        result.status = BEHIND
    elif target.comparison == Comparison.AT_MOST:
        result.status = ON_TRACK if value <= result.expected else BEHIND
    else:
        result.status = ON_TRACK if value >= result.expected else BEHIND
    return result


def _level(target, as_of, measurements) -> TargetProgress:
    result = TargetProgress(target=target, as_of=as_of, status=NO_DATA, measurements=measurements)
    result.figure = target.figure
    if not measurements:
        result.status = AWAITING if target.kind == TargetKind.LEVEL else NO_DATA
        return result
    latest = measurements[-1]
    result.value, result.value_date = latest.value, latest.date
    met = meets(target, latest.value, target.figure)
    final = latest.date >= target.deadline
    past = as_of > target.deadline
    if target.kind == TargetKind.KEEP:
        result.failing = next(
            (m for m in measurements if not meets(target, m.value, target.figure)), None
        )
        if result.failing is not None:
            result.status = MISSED if past or final else BEHIND
        elif final:
            result.status = ACHIEVED
        else:
            result.status = AWAITING if past else ON_TRACK
    elif latest.is_final or target.cadence == "once" or final:
        result.status = ACHIEVED if met else MISSED
    elif past:
        result.status = AWAITING
    else:
        result.status = ON_TRACK if met else BEHIND
    return result


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
    return result


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
