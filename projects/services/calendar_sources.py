"""The reporting calendar's reading of the database: four queries, whatever the number of
projects, targets, reports and figures. The rules are in ``projects.services.calendar``."""

from __future__ import annotations

import bisect
import datetime

from django.db.models import Case, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from projects.models import (
    STARTED_STAGES,
    Measurement,
    ProgressReport,
    Project,
    ProjectStage,
    Stage,
    Target,
    TargetKind,
)
from projects.services.calendar import (
    FIGURE,
    REPORT,
    Item,
    month_first,
    month_last,
    month_number,
    report_due,
    report_window,
    status,
)
from projects.services.freshness import period_ends

DONE_STAGES = [Stage.COMPLETED, Stage.OPERATING]
# Targets whose figures nobody enters: computed from projects, or judged by milestone steps.
NOTHING_TO_REPORT = [TargetKind.PROJECTS, TargetKind.MILESTONE]
ALL_ALONG = datetime.date.min  # an undated stage has been held all along
BEIJING = timezone.get_default_timezone()


def _first_day_in(stages):
    rows = ProjectStage.objects.filter(project=OuterRef("pk"), stage__in=stages)
    return Subquery(rows.order_by("since").values("since")[:1])


def _entered(moment: datetime.datetime) -> datetime.date:
    # The site's time zone (Beijing) read once: timezone.localtime() looks the current one up
    # for every call, a third of the time with 10,000 projects.
    return moment.astimezone(BEIJING).date()


def _unit_filter(queryset, unit_ids, field: str = "responsible_unit_id"):
    if unit_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": list(unit_ids)})


def _projects(unit_ids):
    """The published projects that may owe reports: started at some time, by a date or a
    stage; with the first day each held a started and a completed stage."""
    may_have_started = (
        Q(actual_start__isnull=False)
        | Q(stage__in=STARTED_STAGES)
        | Exists(ProjectStage.objects.filter(project=OuterRef("pk"), stage__in=STARTED_STAGES))
    )
    projects = Project.objects.published().filter(may_have_started)
    return _unit_filter(projects, unit_ids).annotate(
        started_before=_first_day_in(STARTED_STAGES), done_before=_first_day_in(DONE_STAGES)
    )


def under_way(
    *, stage, stage_date, actual_start, actual_end, started_before, done_before
) -> tuple[datetime.date | None, datetime.date | None]:
    """The day a project started (None: never) and the day it was completed (None: not)."""
    started = actual_start
    if started is None:
        days = [started_before] if started_before else []
        if stage in STARTED_STAGES:
            days.append(stage_date or ALL_ALONG)
        started = min(days, default=None)
    done = actual_end
    if done is None:
        days = [done_before] if done_before else []
        if stage in DONE_STAGES:
            days.append(stage_date or ALL_ALONG)
        done = min(days, default=None)
    return started, done


def _report_months(first: int, last: int, public: bool, unit_ids) -> dict:
    """{(project id, month number): whether its first report for the month came in by the due
    day}, for every project and month with a report. Decided in the database: turning tens of
    thousands of timestamps into Python objects took longer than the query."""
    windows = {number: report_window(number) for number in range(first, last + 1)}
    month = Case(
        *(When(date__range=span, then=Value(number)) for number, span in windows.items()),
        output_field=IntegerField(),
    )
    in_time = Case(
        *(
            When(date__range=span, created_at__lt=_day_after(span[1]), then=Value(1))
            for span in windows.values()
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    reports = ProgressReport.objects.published() if public else ProgressReport.objects.all()
    reports = _unit_filter(reports, unit_ids, "project__responsible_unit_id")
    rows = (
        reports.filter(date__range=(windows[first][0], windows[last][1]))
        .annotate(month=month)
        .values("project_id", "month")
        .annotate(on_time=Max(in_time))
        .order_by()
        .values_list("project_id", "month", "on_time")
    )
    return {(pk, number): bool(on_time) for pk, number, on_time in rows}


def _day_start(day: datetime.date) -> datetime.datetime:
    """The moment *day* begins in Beijing, in UTC as the database gives times back."""
    return datetime.datetime.combine(day, datetime.time(), BEIJING).astimezone(datetime.UTC)


def _day_after(day: datetime.date) -> datetime.datetime:
    """The moment *day* ends in Beijing: records entered before it were entered by *day*."""
    return _day_start(day + datetime.timedelta(days=1))


def project_items(*, today, since, until, unit_ids=None, public=False) -> list[Item]:
    # The months whose end falls from since to until.
    first = month_number(since) + (0 if since == month_first(month_number(since)) else 1)
    last = month_number(until) - (0 if until == month_last(month_number(until)) else 1)
    last = min(last, month_number(today))  # not the months still to come
    if since > until or first > last:
        return []
    reported = _report_months(first, last, public, unit_ids)
    # Each month's first and last day and due day, worked out once rather than per project.
    months = {n: (month_first(n), month_last(n), report_due(n)) for n in range(first, last + 1)}
    # A month is owed by a project entered before its last day began: the moments those days
    # begin, so that each project's first month owed is a bisection, not a time zone sum.
    last_days = [_day_start(months[n][1]) for n in range(first, last + 1)]
    fields = ["pk", "code", "name", "responsible_unit_id", "created_at", "stage", "stage_date"]
    fields += ["actual_start", "actual_end", "started_before", "done_before"]
    items = []
    for row in _projects(unit_ids).values(*fields).order_by():
        started, done = under_way(
            stage=row["stage"],
            stage_date=row["stage_date"],
            actual_start=row["actual_start"],
            actual_end=row["actual_end"],
            started_before=row["started_before"],
            done_before=row["done_before"],
        )
        if started is None or done == ALL_ALONG:
            continue  # never started, or completed before the records begin
        # The months ending after the project entered the portal, from the month it started
        # to the month it was completed.
        begin = first + bisect.bisect_right(last_days, row["created_at"])
        if started != ALL_ALONG:
            begin = max(begin, month_number(started))
        end = last if done is None else min(last, month_number(done))
        for number in range(begin, end + 1):
            period_start, period_end, due = months[number]
            items.append(
                Item(
                    kind=REPORT,
                    unit_id=row["responsible_unit_id"],
                    subject_id=row["pk"],
                    code=row["code"],
                    name=row["name"],
                    period_start=period_start,
                    period_end=period_end,
                    due=due,
                    status=status(due, today, reported.get((row["pk"], number))),
                )
            )
    return items


def target_items(*, today, since, until, unit_ids=None, public=False) -> list[Item]:
    targets = Target.objects.published().exclude(kind__in=NOTHING_TO_REPORT)
    targets = list(_unit_filter(targets, unit_ids).order_by())
    if not targets or since > until:
        return []
    figures = Measurement.objects.published() if public else Measurement.objects.all()
    dates: dict[int, list] = {}
    for target_id, day, entered in (
        figures.filter(target__in=[t.pk for t in targets])
        .values_list("target_id", "date", "created_at")
        .order_by()
    ):
        dates.setdefault(target_id, []).append((day, _entered(entered)))
    items = []
    for target in targets:
        entered = _entered(target.created_at)
        begin = target.start
        for end in period_ends(target):
            start, begin = begin, end + datetime.timedelta(days=1)
            if not since <= end <= until or end <= entered or start > today:
                continue
            days = [e for day, e in dates.get(target.pk, ()) if start <= day <= end]
            due = end + datetime.timedelta(days=target.lag_days)
            on_time = None if not days else min(days) <= due
            items.append(
                Item(
                    kind=FIGURE,
                    unit_id=target.responsible_unit_id,
                    subject_id=target.pk,
                    code=target.code,
                    name=target.title,
                    period_start=start,
                    period_end=end,
                    due=due,
                    status=status(due, today, on_time),
                )
            )
    return items
