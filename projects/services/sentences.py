"""The sentence under a target's status: the arithmetic that led to it, in words.

Each sentence is one gettext message, Chinese as the message id, named placeholders and the
punctuation inside, so a translator sees whole sentences. ``explain`` renders it twice, in
Chinese and under ``translation.override("en")``, because the admin (Chinese), the English pages
and the downloads all read the stored pair. Figures go in through ``figures.amount`` ("1.3
million visits", never "130 10,000 visits") and days through ``figures.day``.

Every sentence names the day the status was judged on: the date of the latest published figure,
the counting day of a target computed from projects, or, when there is no figure (milestones,
no data yet), the day asked. Level and keep targets get the latest value, its date and the
figure, never a completion percentage: 102% of a rate says nothing.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from projects.models import Comparison, TargetKind
from projects.services import figures
from projects.services import progress as rule

# The status as the last words of a sentence: "…，进度滞后。" / "…: behind schedule."
VERDICTS = {
    rule.ACHIEVED: pgettext_lazy("句末状态", "已完成"),
    rule.ON_TRACK: pgettext_lazy("句末状态", "进度正常"),
    rule.BEHIND: pgettext_lazy("句末状态", "进度滞后"),
    rule.MISSED: pgettext_lazy("句末状态", "未完成"),
}


def sentence(r: rule.TargetProgress) -> str:
    """The explanation of *r* in the active language."""
    t = r.target
    if t.kind == TargetKind.MILESTONE:
        return _milestone(r)
    if r.missing_baseline:
        return _("截至%(day)s，尚未录入 2025 年基数，无法算出目标值，暂不判断进度。") % {
            "day": _day(r, r.as_of)
        }
    if r.value is None:
        if r.status == rule.AWAITING:
            return _("截至%(day)s，结果尚未公布（期限%(deadline)s）。") % {
                "day": _day(r, r.as_of),
                "deadline": _day(r, t.deadline),
            }
        return _("截至%(day)s，尚未发布进展数据，暂不判断进度。") % {"day": _day(r, r.as_of)}
    v = _values(r)
    if r.records_incomplete:
        if r.as_of > t.deadline:
            return (
                _(
                    "截至%(day)s，已录入 %(value)s，目标 %(figure)s；"
                    "项目记录尚待确认完整，结果待确认。"
                )
                % v
            )
        return _("截至%(day)s，已录入 %(value)s，目标 %(figure)s；项目记录尚待确认完整。") % v
    if t.kind in (TargetKind.LEVEL, TargetKind.KEEP):
        return _level(r, v)
    if t.comparison == Comparison.AT_MOST:
        return _limit(r, v)
    return _cumulative(r, v)


def _day(r, day: datetime.date) -> str:
    # The year only when it is not the target's own, e.g. counted in January 2027.
    return figures.day(day, year=day.year != r.target.deadline.year)


def _values(r) -> dict:
    t = r.target
    unit = figures.value_unit(t)
    day = _day(r, r.value_date)
    measured = t.kind != TargetKind.PROJECTS
    return {
        "day": day,
        "when": _("%(day)s（最新数据）") % {"day": day} if measured else day,
        "value": figures.amount(r.value, unit),
        "figure": figures.amount(r.figure, unit),
        "expected": figures.amount(r.expected, unit),
        "percent": figures.number(r.percent or 0),
        "elapsed": figures.number(r.elapsed_percent or 0),
        "deadline": _day(r, t.deadline),
        "verdict": str(VERDICTS.get(r.status, "")),
    }


def _on_figure(r) -> bool:
    """An "above" (突破) target sitting exactly on its figure: reached, yet not exceeded."""
    return r.target.comparison == Comparison.ABOVE and r.value == r.figure


def _on_figure_sentence(v: dict) -> str:
    return (
        _("截至%(when)s，已达 %(figure)s，但目标为突破 %(figure)s，须超过这一数字，%(verdict)s。")
        % v
    )


def _cumulative(r, v: dict) -> str:
    if r.status == rule.AWAITING:
        return (
            _(
                "最新数据截至%(day)s：完成 %(value)s，为目标 %(figure)s的 %(percent)s%%；"
                "截至%(deadline)s的全期数据尚未公布，结果待出。"
            )
            % v
        )
    if _on_figure(r):
        return _on_figure_sentence(v)
    if r.status in (rule.ON_TRACK, rule.BEHIND):
        return (
            _(
                "截至%(when)s，完成 %(value)s，为目标 %(figure)s的 %(percent)s%%；"
                "时间进度 %(elapsed)s%%，应完成 %(expected)s，%(verdict)s。"
            )
            % v
        )
    return _("截至%(when)s，完成 %(value)s，为目标 %(figure)s的 %(percent)s%%，%(verdict)s。") % v


def _limit(r, v: dict) -> str:
    """An "at most" target: a limit used up, not a task completed."""
    if r.status == rule.AWAITING:
        return (
            _(
                "最新数据截至%(day)s：已用 %(value)s，限额 %(figure)s；"
                "截至%(deadline)s的全期数据尚未公布，结果待出。"
            )
            % v
        )
    if r.value > r.figure:
        return _("截至%(when)s，已用 %(value)s，超过限额 %(figure)s，%(verdict)s。") % v
    if r.status == rule.BEHIND:
        return (
            _(
                "截至%(when)s，已用 %(value)s，限额 %(figure)s；"
                "时间进度 %(elapsed)s%%，限额进度应不超过 %(expected)s，超出。"
            )
            % v
        )
    if r.status == rule.ON_TRACK:
        return (
            _(
                "截至%(when)s，已用 %(value)s，限额 %(figure)s；"
                "时间进度 %(elapsed)s%%，限额进度应不超过 %(expected)s，未超出。"
            )
            % v
        )
    return _("截至%(when)s，已用 %(value)s，未超过限额 %(figure)s，%(verdict)s。") % v


def _target(r, figure: str) -> str:
    """What a level or keep target asks of its value: 不低于 91%."""
    comparison = r.target.comparison
    if comparison == Comparison.ABOVE:
        return _("超过 %(figure)s") % {"figure": figure}
    if comparison == Comparison.AT_MOST:
        return _("不超过 %(figure)s") % {"figure": figure}
    return _("不低于 %(figure)s") % {"figure": figure}


def _level(r, v: dict) -> str:
    """Level (to reach) and keep (all year): the latest value, its date and the figure."""
    t = r.target
    v["target"] = _target(r, v["figure"])
    keep = t.kind == TargetKind.KEEP
    if r.status == rule.AWAITING:
        if keep:
            return (
                _(
                    "最新数据截至%(day)s：数值为 %(value)s，年内各期数据均达到目标"
                    "（全年保持%(target)s）；截至%(deadline)s的全期数据尚未公布，结果待出。"
                )
                % v
            )
        return (
            _(
                "最新数据截至%(day)s：数值为 %(value)s，目标%(target)s；"
                "截至%(deadline)s的数据尚未公布，结果待出。"
            )
            % v
        )
    if keep:
        return _keep(r, v)
    if _on_figure(r):
        return _on_figure_sentence(v)
    if rule.meets(t, r.value, r.figure):
        return _("截至%(when)s，数值为 %(value)s，达到目标（%(target)s），%(verdict)s。") % v
    return _("截至%(when)s，数值为 %(value)s，未达到目标（%(target)s），%(verdict)s。") % v


def _keep(r, v: dict) -> str:
    failing = r.failing
    if failing is None:
        return (
            _(
                "截至%(when)s，数值为 %(value)s；年内各期数据均达到目标"
                "（全年保持%(target)s），%(verdict)s。"
            )
            % v
        )
    if failing.date == r.value_date:
        return (
            _("截至%(when)s，数值为 %(value)s，未达到目标（全年保持%(target)s），%(verdict)s。") % v
        )
    v["failing_day"] = _day(r, failing.date)
    v["failing_value"] = figures.amount(failing.value, r.target.unit)
    return (
        _(
            "截至%(when)s，数值为 %(value)s；但%(failing_day)s的数据为 %(failing_value)s，"
            "未达到目标（全年保持%(target)s），%(verdict)s。"
        )
        % v
    )


def _milestone(r) -> str:
    t = r.target
    v = {
        "day": _day(r, r.as_of),
        "deadline": _day(r, t.deadline),
        "done": r.steps_done,
        "total": r.steps_total,
        "verdict": str(VERDICTS.get(r.status, "")),
    }
    if not r.steps_total:
        if r.status == rule.MISSED:
            return _("截至%(day)s，未登记任何工作步骤；期限%(deadline)s已过，未完成。") % v
        return _("截至%(day)s，尚未登记工作步骤，无法判断进度。") % v
    if r.status == rule.ACHIEVED:
        return (
            ngettext(
                "截至%(day)s，全部 %(total)s 个步骤均已完成，已完成。",
                "截至%(day)s，全部 %(total)s 个步骤均已完成，已完成。",
                r.steps_total,
            )
            % v
        )
    if r.status == rule.MISSED:
        return (
            ngettext(
                "截至%(day)s，已完成 %(done)s/%(total)s 个步骤；期限%(deadline)s已过，未完成。",
                "截至%(day)s，已完成 %(done)s/%(total)s 个步骤；期限%(deadline)s已过，未完成。",
                r.steps_done,
            )
            % v
        )
    late = _late_step(r)
    if late is not None:
        v["step"] = late.display_title
        v["planned"] = _day(r, late.planned_date)
        return (
            ngettext(
                "截至%(day)s，已完成 %(done)s/%(total)s 个步骤；"
                "“%(step)s”计划于%(planned)s完成，尚未完成，进度滞后。",
                "截至%(day)s，已完成 %(done)s/%(total)s 个步骤；"
                "“%(step)s”计划于%(planned)s完成，尚未完成，进度滞后。",
                r.steps_done,
            )
            % v
        )
    return (
        ngettext(
            "截至%(day)s，已完成 %(done)s/%(total)s 个步骤，没有逾期未完成的步骤，进度正常。",
            "截至%(day)s，已完成 %(done)s/%(total)s 个步骤，没有逾期未完成的步骤，进度正常。",
            r.steps_done,
        )
        % v
    )


def _late_step(r):
    """The first step whose planned date has passed while it is still undone."""
    for step in r.steps:
        done = step.done_date and step.done_date <= r.as_of
        if step.planned_date and step.planned_date < r.as_of and not done:
            return step
    return None
