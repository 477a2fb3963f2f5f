"""Which projects a target computed from project records counts on a day: the one rule.

A project counts for a target on a day when it is published, matches the target's category and
level, and *held* one of the target's stages on that day (any stage, when the target names
none). The day is never later than the target's deadline: T02 counts the city-level key
projects that had started by 31 May, whatever they did afterwards; one that started in June
never counts for it. A project whose actual start date is after the day is never counted as
started on that day, whatever stage a report gave it.

The stage a project held on a day is its current stage when it has held it since that day or
earlier (or its stage is undated), else the stage of its history row in force that day
(``projects.services.stages``). A project whose known history begins after the day was not yet
on record then, and counts for nothing.

A capacity target adds up the capacities of the projects it counts, converted to its unit
(30 万千瓦, 300 MW and 0.3 GW add up); a project whose capacity is not in a unit that converts
is not counted at all, so the list of counted projects and the sum always agree.

``counted_projects`` is the rule; the value, the target's list, a project's "counts toward" and
the downloads all go through it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Sum, When

from projects.models import STARTED_STAGES, Project, ProjectStage, Target
from projects.services import units


def counting_day(target: Target, as_of: datetime.date) -> datetime.date:
    """The day a computed target is counted on: as of, but never past its deadline."""
    return min(as_of, target.deadline)


def held_stage(day: datetime.date):
    """An expression for the stage each project held on *day* (NULL: not yet on record)."""
    earlier = (
        ProjectStage.objects.filter(project=OuterRef("pk"), since__lte=day)
        .order_by("-since", "-pk")
        .values("stage")[:1]
    )
    return Case(
        When(Q(stage_date__isnull=True) | Q(stage_date__lte=day), then=F("stage")),
        default=Subquery(earlier),
        output_field=CharField(),
    )


def qualifying(target: Target, day: datetime.date, held: str = "held", plain: bool = True) -> Q:
    """The condition that *target* counts a project on *day*, on a queryset with the stage held
    that day as *held*. With *plain*, the queryset is annotated with ``plain_unit`` and the
    capacity unit is checked here; without it the caller converts units group by group, with
    the same ``units.factor`` that ``units.spellings`` is made from."""
    condition = Q()
    if target.rule_category_id:
        condition &= Q(category_id=target.rule_category_id)
    if target.rule_level:
        condition &= Q(level=target.rule_level)
    if target.rule_aggregate == "capacity":
        condition &= Q(capacity__isnull=False) & _convertible(target, plain)
    if not target.rule_stages:
        return condition & Q(**{f"{held}__isnull": False})
    condition &= Q(**{f"{held}__in": target.rule_stages})
    started = [s for s in target.rule_stages if s in STARTED_STAGES]
    if started == list(target.rule_stages):
        # Every stage counted is a started one: a later actual start rules the project out.
        condition &= ~Q(actual_start__gt=day)
    elif started:
        condition &= ~Q(Q(actual_start__gt=day) & Q(**{f"{held}__in": started}))
    return condition


def _convertible(target: Target, plain: bool) -> Q:
    if not plain:
        return Q()
    return Q(plain_unit__in=units.spellings(target.unit))


def _published():
    return Project.objects.published().annotate(plain_unit=units.plain_unit_sql())


def counted_projects(target: Target, as_of: datetime.date):
    """The published projects *target* counts as of *as_of* (on its deadline, if earlier)."""
    day = counting_day(target, as_of)
    return _published().alias(held=held_stage(day)).filter(qualifying(target, day))


def _conditions(qs, pairs, *, plain: bool):
    """*qs* with the stage held on each distinct counting day, and each pair's condition."""
    days, conditions = {}, []
    for target, as_of in pairs:
        day = counting_day(target, as_of)
        if day not in days:
            days[day] = f"held{len(days)}"
            qs = qs.alias(**{days[day]: held_stage(day)})
        conditions.append(qualifying(target, day, held=days[day], plain=plain))
    return qs, conditions


def computed_values(pairs: list[tuple[Target, datetime.date]]) -> list[Decimal]:
    """The value of each (target, as of) pair, all in one query: the count, or the capacity
    summed in the target's unit, of the projects ``counted_projects`` selects."""
    if not pairs:
        return []
    # Grouped by the unit as written (the covering index has it), converted group by group.
    qs, conditions = _conditions(Project.objects.published(), pairs, plain=False)
    aggregates = {}
    for i, ((target, _), condition) in enumerate(zip(pairs, conditions, strict=True)):
        if target.rule_aggregate == "capacity":
            aggregates[f"v{i}"] = Sum("capacity", filter=condition)
        else:
            aggregates[f"v{i}"] = Count("pk", filter=condition)
    totals = [Decimal(0)] * len(pairs)
    for row in qs.values("capacity_unit").annotate(**aggregates).order_by():
        for i, (target, _) in enumerate(pairs):
            amount = row[f"v{i}"]
            if amount is None:
                continue
            if target.rule_aggregate == "capacity":
                rate = units.factor(row["capacity_unit"], target.unit)
                if rate is not None:
                    totals[i] += Decimal(amount) * rate
            else:
                totals[i] += amount
    return totals


def counted_by(project: Project, targets, as_of: datetime.date) -> set[int]:
    """The ids of *targets* that count *project* as of *as_of*, in one query."""
    targets = list(targets)
    if not targets:
        return set()
    qs, conditions = _conditions(
        _published().filter(pk=project.pk), [(t, as_of) for t in targets], plain=True
    )
    flags = {f"t{t.pk}": Count("pk", filter=c) for t, c in zip(targets, conditions, strict=True)}
    row = qs.aggregate(**flags)
    return {t.pk for t in targets if row[f"t{t.pk}"]}


def series(target: Target, days: list[datetime.date]) -> list[Decimal]:
    """The value of *target* on each of *days* (each at most its deadline), for its chart.

    The same rule as ``counted_projects``, read the other way round: each project counts from
    the day it entered a counted stage (or, for a started stage, from its actual start if that
    is later) up to the day it left it, so two grouped queries serve any number of days: one
    over the projects' current stages, one over their earlier ones. ``computed_values`` is
    tested to agree with it on every day.
    """
    if not days:
        return []
    stages = list(target.rule_stages or [])
    started = {s for s in stages if s in STARTED_STAGES}
    capacity = target.rule_aggregate == "capacity"
    current = Project.objects.published().filter(_scope(target))
    # By id rather than by join: the join is only made when the rule reads a project field.
    earlier = ProjectStage.objects.filter(project__in=current.values("pk"))
    if stages:
        current = current.filter(stage__in=stages)
        earlier = earlier.filter(stage__in=stages)
    # Group only by what the rule needs, so that 10,000 projects make a few hundred groups.
    wanted = (["held", "started_on"] if started else []) + (["written"] if capacity else [])
    spans = []
    own = {"held": "stage", "started_on": "actual_start", "written": "capacity_unit"}
    amounts = ("capacity", "project__capacity") if capacity else (None, None)
    for row in _spans(current, {"begin": "stage_date"}, own, wanted, amounts[0]):
        spans.append((row["begin"], None, row))
    theirs = {
        "held": "stage",
        "started_on": "project__actual_start",
        "written": "project__capacity_unit",
    }
    bounds = {"begin": "since", "end": "until"}
    for row in _spans(earlier, bounds, theirs, wanted, amounts[1]):
        spans.append((row["begin"], row["end"], row))
    events = []  # (day, change); a day of None is before every day asked
    for begin, end, row in spans:
        later = started and row["held"] in started and row["started_on"]
        if later and (begin is None or row["started_on"] > begin):
            begin = row["started_on"]
        if capacity:
            rate = units.factor(row["written"], target.unit)
            if rate is None or row["amount"] is None:
                continue
            worth = Decimal(row["amount"]) * rate
        else:
            worth = Decimal(row["n"])
        if end is not None and begin is not None and begin >= end:
            continue
        events.append((begin, worth))
        if end is not None:
            events.append((end, -worth))
    events.sort(key=lambda e: (e[0] is not None, e[0] or datetime.date.min))
    order = sorted(range(len(days)), key=lambda i: days[i])
    totals = [Decimal(0)] * len(days)
    running, at = Decimal(0), 0
    for i in order:
        while at < len(events) and (events[at][0] is None or events[at][0] <= days[i]):
            running += events[at][1]
            at += 1
        totals[i] = running
    return totals


def _spans(queryset, bounds: dict, names: dict, wanted: list[str], amount: str | None):
    fields = {**bounds, **{name: names[name] for name in wanted}}
    sums = {"n": Count("pk")} | ({"amount": Sum(amount)} if amount else {})
    return queryset.values(**{name: F(f) for name, f in fields.items()}).annotate(**sums).order_by()


def _scope(target: Target, prefix: str = "") -> Q:
    condition = Q()
    if target.rule_category_id:
        condition &= Q(**{f"{prefix}category_id": target.rule_category_id})
    if target.rule_level:
        condition &= Q(**{f"{prefix}level": target.rule_level})
    if target.rule_aggregate == "capacity":
        condition &= Q(**{f"{prefix}capacity__isnull": False})
    return condition
